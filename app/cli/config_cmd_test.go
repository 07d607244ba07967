package cli

import (
	"os"
	"strings"
	"testing"
)

// A command before init must not leave an empty database behind, and the
// settings a user can change are validated, shown and reset.
func TestConfigCommands(t *testing.T) {
	c := newCLI(t)
	c.fails(1, "doxguard init", "config", "show")
	if _, err := os.Stat(c.db); !os.IsNotExist(err) {
		t.Fatalf("a command before init created the database file (stat err %v)", err)
	}
	c.must("init")
	if out := c.must("config", "show"); !strings.Contains(out, "tsa_url") || !strings.Contains(out, "(not set)") {
		t.Fatalf("config show before any setting:\n%s", out)
	}
	c.fails(2, "http:// or https://", "config", "set", "tsa_url", "ftp://tsa.example")
	c.fails(2, "unknown setting", "config", "set", "colour", "blue")
	c.fails(2, "from 1 to 90", "config", "set", "letters.default_days", "365")
	c.must("config", "set", "tsa_url", "http://tsa.example/tsr")
	c.must("config", "set", "letters.default_days", "14")
	out := c.must("config", "show")
	for _, want := range []string{"http://tsa.example/tsr", "14"} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
	c.must("config", "unset", "tsa_url")
	if out := c.must("config", "show"); strings.Contains(out, "tsa.example") {
		t.Errorf("tsa_url still set after unset:\n%s", out)
	}
}
