package plainlocale

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The binary under LANG=C.UTF-8 must not print Fyne's locale complaint: a
// CLI error is one line on stderr, nothing else.
func TestNoLocaleNoiseUnderCUTF8(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the doxguard binary")
	}
	bin := t.TempDir() + "/doxguard"
	build := exec.Command("go", "build", "-o", bin, "github.com/doxguard/doxguard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "person", "list", "--db", t.TempDir()+"/none.db")
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
	out, _ := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 || strings.Contains(string(out), "Fyne error") {
		t.Fatalf("want exactly one error line, got %d:\n%s", len(lines), out)
	}
}
