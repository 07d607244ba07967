package desktop

import (
	"bufio"
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doxguard/doxguard/app/gui/internal/shot"
)

// xserver starts Xvfb on a free display and returns it (":N").
func xserver(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb did not report a display")
		}
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatal("Xvfb did not start within 30 s")
	}
	return ""
}

// TestSmokeRealWindow builds the real binary, starts it on Xvfb with a
// fresh database and (where a mount namespace is allowed) no system fonts at
// all, screenshots the screen, and checks the window was drawn with real
// Chinese glyphs, not Fyne's "�".
func TestSmokeRealWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("smoke test builds the GUI binary; skipped in -short")
	}
	for _, tool := range []string{"xvfb-run", "Xvfb", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is missing (install xvfb and imagemagick, or run make test which does): skipping the real-window smoke test", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	dir := t.TempDir()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "doxguard")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	display := xserver(t)
	fontsConf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(fontsConf, []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>`), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "data", "doxguard.db")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "DISPLAY=" + display, "LANG=zh_CN.UTF-8",
		"HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "share"), "XDG_DATA_DIRS=" + filepath.Join(dir, "share"),
		"FONTCONFIG_FILE=" + fontsConf, "DOXGUARD_DB=" + db,
		// No DBUS_SESSION_BUS_ADDRESS: the app must run without a tray.
	}
	// Fyne scans /usr/share/fonts itself (not through fontconfig), so the
	// system fonts are hidden by an empty tmpfs in a private mount
	// namespace when the kernel lets us.
	args := []string{bin}
	hidden := exec.Command("unshare", "-m", "sh", "-c", "mount -t tmpfs none /usr/share/fonts").Run() == nil
	if hidden {
		args = []string{"unshare", "-m", "sh", "-c", `mount -t tmpfs none /usr/share/fonts && exec "$0"`, bin}
	} else {
		t.Log("cannot hide /usr/share/fonts (no mount namespace); the check still proves the bundled font is drawn, as a fallback font would not be needed")
	}
	var stderr bytes.Buffer
	app := exec.CommandContext(ctx, args[0], args[1:]...)
	app.Env = env
	app.Stderr = &stderr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()

	// Poll: the first start under llvmpipe can take seconds.
	png1 := filepath.Join(dir, "shot.png")
	var rep shot.Report
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(2 * time.Second)
		select {
		case err := <-done:
			t.Fatalf("app exited early: %v\n%s", err, stderr.String())
		default:
		}
		imp := exec.CommandContext(ctx, "import", "-display", display, "-window", "root", png1)
		if out, err := imp.CombinedOutput(); err != nil {
			t.Logf("import: %v %s", err, out)
			continue
		}
		f, err := os.Open(png1)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			continue
		}
		rep = shot.Analyze(img)
		if !rep.Blank() && rep.Shapes >= 20 {
			break
		}
	}
	if out := os.Getenv("DOXGUARD_SMOKE_SHOT"); out != "" {
		b, _ := os.ReadFile(png1)
		_ = os.WriteFile(out, b, 0o644)
	}
	t.Logf("screenshot: %+v (system fonts hidden: %v)", rep, hidden)
	if rep.Blank() {
		t.Fatalf("window not drawn: %+v\n%s", rep, stderr.String())
	}
	if rep.Shapes < 20 {
		t.Fatalf("welcome text shows %d glyph shapes in %d glyph blobs: Chinese drawn as replacement characters?\n%s", rep.Shapes, rep.Blobs, stderr.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the app did not create its database at DOXGUARD_DB: %v", err)
	}

	// SIGTERM quits cleanly (main cancels the context; no tray, no crash).
	_ = app.Process.Signal(os.Interrupt)
	select {
	case err := <-done:
		if err != nil || strings.Contains(stderr.String(), "panic:") {
			t.Errorf("app did not quit cleanly: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		_ = app.Process.Kill()
		t.Error("app did not quit within 30 s of SIGINT")
	}
}
