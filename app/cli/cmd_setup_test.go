package cli

import "testing"

// init refuses passphrases the desktop app would refuse too: fewer than 10
// characters, or fewer than 6 when they are Chinese.
func TestInitPassphraseLength(t *testing.T) {
	for _, tc := range []struct {
		pass string
		ok   bool
	}{
		{"short", false},
		{"ninechars", false},
		{"tencharsok", true},
		{"安然的口令", false},
		{"安然的秘密口令", true},
	} {
		c := newCLI(t)
		c.env["DOXGUARD_PASSPHRASE"] = tc.pass
		if tc.ok {
			c.must("init")
			continue
		}
		c.fails(2, "at least 10 characters", "init")
	}
}
