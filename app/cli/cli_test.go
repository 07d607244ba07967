package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doxguard/doxguard/store"
)

const testPass = "correct horse battery staple"

// Registered values (fictitious, docs/ARCHITECTURE.md) and the digit runs
// that must never appear in masked output.
var secrets = []string{"13800138000", "11010519491231002X", "6222021234567890128", "anran.cheng@example.com",
	"48151623", "文三路", "13900139000", "E12345678"}

type cliT struct {
	t   *testing.T
	env map[string]string
	db  string
	all bytes.Buffer // everything printed without --reveal
}

func newCLI(t *testing.T) *cliT {
	t.Helper()
	dir := t.TempDir()
	return &cliT{t: t, db: filepath.Join(dir, "doxguard.db"),
		env: map[string]string{"DOXGUARD_PASSPHRASE": testPass}}
}

// run runs one command in-process and returns exit status, stdout, stderr.
func (c *cliT) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	kdf := store.TestKDF
	opts := Options{Getenv: func(k string) string { return c.env[k] }, KDF: &kdf}
	code := Run(context.Background(), opts, append([]string{"--db", c.db}, args...), strings.NewReader(""), &out, &errb)
	if !contains(args, "--reveal") {
		c.all.Write(out.Bytes())
		c.all.Write(errb.Bytes())
	}
	return code, out.String(), errb.String()
}

// must runs a command that has to succeed.
func (c *cliT) must(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 0 {
		c.t.Fatalf("doxguard %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// fails runs a command that has to fail with code and a one-line message
// containing want.
func (c *cliT) fails(code int, want string, args ...string) string {
	c.t.Helper()
	got, out, errs := c.run(args...)
	if got != code {
		c.t.Fatalf("doxguard %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), got, code, out, errs)
	}
	if !strings.Contains(errs, want) {
		c.t.Errorf("doxguard %s: stderr %q, want it to contain %q", strings.Join(args, " "), errs, want)
	}
	if strings.Count(strings.TrimRight(errs, "\n"), "\n") != 0 || !strings.HasPrefix(errs, "doxguard: ") {
		c.t.Errorf("doxguard %s: error is not one line starting with doxguard: %q", strings.Join(args, " "), errs)
	}
	return errs
}

// scanExposedPage creates the database, registers 程安然 with a phone and
// an ID number, and scans one page (on the loopback test server) for them.
func (c *cliT) scanExposedPage(url string) {
	c.t.Helper()
	c.must("init")
	c.must("person", "add", "程安然")
	c.must("id", "add", "程安然", "phone", "138 0013 8000")
	c.must("id", "add", "程安然", "cn_id", "11010519491231002X")
	c.must("source", "add", url, "--kind", "page", "--allow-private")
	c.must("scan", "--allow-private")
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFoundationFlow(t *testing.T) {
	c := newCLI(t)
	c.fails(1, "doxguard init", "person list") // not initialised yet
	c.must("init")
	if st, err := os.Stat(c.db); err != nil {
		t.Fatalf("database file: %v", err)
	} else if st.Mode().Perm() != 0o600 {
		t.Errorf("database file mode %v, want 0600", st.Mode().Perm())
	}
	c.fails(1, "already exists", "init")

	c.must("person", "add", "程安然", "--alias", "安然然", "--alias", "Cheng Anran", "--tag", "hosts")
	c.fails(2, "already exists", "person", "add", "程安然")

	// Flags after positional arguments; input typed the way people type.
	out := c.must("id", "add", "程安然", "phone", "+86 138-0013-8000", "--label", "old number")
	if !strings.Contains(out, "138****8000") {
		t.Errorf("id add output %q, want the masked phone", out)
	}
	c.must("id", "add", "程安然", "cn_id", "１１０１０５１９４９１２３１００２ｘ")
	c.must("id", "add", "p1", "bank_card", "6222 0212 3456 7890 128")
	c.must("id", "add", "程安然", "address", "浙江省杭州市西湖区文三路 88 号 5 幢 2 单元 301 室")
	if out := c.must("id", "add", "程安然", "phone", "13800138000"); !strings.Contains(out, "unchanged") {
		t.Errorf("re-adding the same phone: %q, want unchanged", out)
	}

	// Invalid values: exit 2, a message naming the field and the problem, nothing saved.
	errs := c.fails(2, "cn_id: check digit should be X", "id", "add", "程安然", "cn_id", "110105194912310021")
	if strings.Contains(errs, "110105194912310021") {
		t.Errorf("error repeats the value: %q", errs)
	}
	c.fails(2, "phone: not a valid mainland", "id", "add", "程安然", "phone", "12345")
	c.fails(2, "unknown identifier kind", "id", "add", "程安然", "ssn", "123")
	c.fails(2, "no such person", "id", "add", "Nobody", "qq", "48151623")
	c.fails(2, "usage: doxguard id add", "id", "add", "程安然", "phone")

	// Listing is masked by default.
	list := c.must("id", "list", "程安然")
	for _, want := range []string{"138****8000", "110105********002X", "622202*********0128", "浙江省杭州市西湖区****"} {
		if !strings.Contains(list, want) {
			t.Errorf("id list lacks %q:\n%s", want, list)
		}
	}
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(c.must("id", "list", "--json")), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("id list --json line %q: %v", line, err)
		}
		rows = append(rows, m)
	}
	if len(rows) != 4 || rows[0]["person"] != "p1" || rows[0]["masked"] == nil || rows[0]["kind"] == nil || rows[0]["value"] != nil {
		t.Errorf("id list --json = %v", rows)
	}
	_, revealed, _ := c.run("id", "list", "--json", "--reveal")
	if !strings.Contains(revealed, `"value":"+8613800138000"`) {
		t.Errorf("--reveal does not show the canonical value: %s", revealed)
	}

	var p map[string]any
	if err := json.Unmarshal([]byte(c.must("person", "list", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if p["id"] != "p1" || p["name"] != "程安然" || len(p["aliases"].([]any)) != 2 || p["tags"].([]any)[0] != "hosts" {
		t.Errorf("person list --json = %v", p)
	}

	// Import: a roster twice changes nothing the second time.
	rosterFile := writeFile(t, "roster.csv", "person,kind,value,label\n"+
		"程安然,qq,48151623,\n"+
		"程安然,phone,138 0013 8000,old number\n"+
		"林小雨,alias,Lin Xiaoyu,\n"+
		"林小雨,email,anran.cheng@example.com,\n"+
		"林小雨,passport,E12345678,\n")
	if out := c.must("import", rosterFile, "--dry-run"); !strings.Contains(out, "Dry run") || !strings.Contains(out, "3 identifiers added") {
		t.Errorf("dry run: %s", out)
	}
	if out := c.must("id", "list", "--json"); strings.Count(out, "\n") != 4 {
		t.Errorf("dry run wrote something: %s", out)
	}
	if out := c.must("import", rosterFile); !strings.Contains(out, "1 people added") || !strings.Contains(out, "3 identifiers added, 1 unchanged") {
		t.Errorf("first import: %s", out)
	}
	if out := c.must("import", rosterFile); !strings.Contains(out, "0 people added, 0 updated, 2 unchanged; 0 identifiers added, 4 unchanged") {
		t.Errorf("second import is not idempotent: %s", out)
	}

	// A bad roster: every bad line reported, nothing imported.
	bad := writeFile(t, "bad.csv", "person,kind,value,label\n"+
		"程安然,wechat,anran_cheng,\n"+
		"程安然,cn_id,110105194912310021,\n"+
		"新人,phone,13900139000,\n"+
		"新人,bank_card,6222021234567890127,\n")
	errs = c.fails(2, "line 3: cn_id: check digit should be X", "import", bad)
	if !strings.Contains(errs, "line 5: bank_card") || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("bad roster report: %q", errs)
	}
	if out := c.must("person", "list", "--json"); strings.Count(out, "\n") != 2 || strings.Contains(out, "新人") {
		t.Errorf("a bad roster imported something: %s", out)
	}

	// Export writes plaintext only to the named file, with a warning, and
	// re-importing it changes nothing.
	exp := filepath.Join(t.TempDir(), "out.json")
	c.fails(2, "--out FILE", "export")
	code, out, errs := c.run("export", "--out", exp)
	if code != 0 || !strings.Contains(errs, "IN CLEAR") || strings.Contains(out, "13800138000") {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	if st, err := os.Stat(exp); err != nil {
		t.Fatalf("export file: %v", err)
	} else if st.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", st.Mode().Perm())
	}
	data, _ := os.ReadFile(exp)
	if !bytes.Contains(data, []byte("+8613800138000")) || !bytes.Contains(data, []byte("林小雨")) {
		t.Errorf("export lacks the roster:\n%s", data)
	}
	c.fails(2, "already exists", "export", "--out", exp)
	if out := c.must("import", exp); !strings.Contains(out, "0 identifiers added, 7 unchanged") {
		t.Errorf("re-import of the export: %s", out)
	}

	// Remove things.
	c.fails(2, "--yes", "person", "rm", "林小雨")
	c.must("person", "rm", "林小雨", "--yes")
	c.fails(2, "no such identifier", "id", "rm", "i999")
	var first struct{ ID string }
	if err := json.Unmarshal([]byte(strings.SplitN(c.must("id", "list", "--json"), "\n", 2)[0]), &first); err != nil || first.ID == "" {
		t.Fatalf("id list --json: %v", err)
	}
	c.must("id", "rm", first.ID)
	if out := c.must("id", "list", "--json"); strings.Count(out, "\n") != 4 {
		t.Errorf("after rm: %s", out)
	}

	// Passphrases.
	c.env["DOXGUARD_PASSPHRASE"] = "not the passphrase"
	c.fails(1, "wrong passphrase", "person", "list")
	c.env["DOXGUARD_PASSPHRASE"] = testPass
	c.env["DOXGUARD_NEW_PASSPHRASE"] = "a brand new passphrase"
	c.must("passwd")
	c.fails(1, "wrong passphrase", "person", "list")
	delete(c.env, "DOXGUARD_PASSPHRASE")
	pf := writeFile(t, "pass.txt", "a brand new passphrase\n")
	c.must("person", "list", "--passphrase-file", pf)
	c.fails(2, "DOXGUARD_PASSPHRASE", "person", "list") // no terminal to ask on

	for _, s := range secrets {
		if strings.Contains(c.all.String(), s) {
			t.Errorf("output without --reveal contains the registered value %q", s)
		}
	}
}

func TestHelpAndUsage(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{}, {"help"}, {"--help"}} {
		code, out, _ := c.run(args...)
		if code != 0 || !strings.Contains(out, "person add") || !strings.Contains(out, "People and identifiers") {
			t.Errorf("doxguard %v: %d\n%s", args, code, out)
		}
	}
	code, out, _ := c.run("id", "add", "--help")
	if code != 0 || !strings.Contains(out, "Usage: doxguard id add PERSON KIND VALUE") || !strings.Contains(out, "-label") {
		t.Errorf("id add --help: %d\n%s", code, out)
	}
	if _, err := os.Stat(c.db); !os.IsNotExist(err) {
		t.Errorf("help created or opened the database: %v", err)
	}
	c.fails(2, "unknown command", "frobnicate")
	c.fails(2, "person needs a subcommand: add, list, rm, show", "person")
	c.fails(2, "flag provided but not defined", "person", "list", "--nope")
}

func TestEveryCommandHasUsage(t *testing.T) {
	for name, c := range commands {
		if c.Summary == "" || c.Run == nil {
			t.Errorf("command %q lacks a summary or Run", name)
		}
	}
}

func TestImportMissingFile(t *testing.T) {
	c := newCLI(t)
	c.must("init")
	c.fails(2, "no such file", "import", filepath.Join(t.TempDir(), "missing.csv"))
}

func TestPhotoID(t *testing.T) {
	c := newCLI(t)
	c.must("init")
	c.must("person", "add", "程安然")
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, "portrait.png", buf.String())
	if out := c.must("id", "add", "程安然", "photo", p, "--label", "ID card"); !strings.Contains(out, "[photo 照片]") {
		t.Errorf("id add photo: %q", out)
	}
	c.fails(2, "photo: not a PNG, JPEG or GIF image", "id", "add", "程安然", "photo", writeFile(t, "x.png", "not an image"))
	c.fails(2, "photo: cannot read the image file", "id", "add", "程安然", "photo", filepath.Join(t.TempDir(), "none.png"))

	db, err := store.Open(c.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *store.Tx) error {
		ids, err := tx.ListIdentifiers("p1")
		if err != nil {
			return err
		}
		if len(ids) != 1 {
			t.Fatalf("stored %d identifiers, want 1 photo", len(ids))
		}
		if ids[0].Kind != "photo" || ids[0].PHash == 0 || len(ids[0].Thumb) == 0 {
			t.Errorf("stored photo = kind %q, phash %x, thumb %d bytes", ids[0].Kind, ids[0].PHash, len(ids[0].Thumb))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
