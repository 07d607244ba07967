package store

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// store imports only the standard library, bbolt and x/crypto; nothing
// else in the module imports bbolt (docs/ARCHITECTURE.md).
func TestImportRules(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Skip("not inside the module checkout")
	}
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return nil // someone's half-written file: not this test's business
		}
		rel, _ := filepath.Rel(root, path)
		inStore := filepath.Dir(rel) == "store"
		checked++
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			switch {
			case inStore && strings.Contains(strings.Split(p, "/")[0], ".") &&
				p != "go.etcd.io/bbolt" && !strings.HasPrefix(p, "golang.org/x/crypto/"):
				t.Errorf("%s imports %s: store may import only the standard library, bbolt and x/crypto", rel, p)
			case !inStore && strings.HasPrefix(p, "go.etcd.io/bbolt"):
				t.Errorf("%s imports bbolt: only store may", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d files", checked)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("DOXGUARD_DB", "/tmp/x/doxguard.db")
	if p, err := DefaultPath(); err != nil || p != "/tmp/x/doxguard.db" {
		t.Errorf("with DOXGUARD_DB: %s %v", p, err)
	}
	if runtime.GOOS != "linux" {
		return // os.UserConfigDir reads XDG_CONFIG_HOME only on Linux
	}
	t.Setenv("DOXGUARD_DB", "")
	t.Setenv("XDG_CONFIG_HOME", "/home/u/.config")
	if p, err := DefaultPath(); err != nil || p != filepath.Join("/home/u/.config", "doxguard", "doxguard.db") {
		t.Errorf("default: %s %v", p, err)
	}
}
