package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSecondProcessFailsFast builds the real binary and runs two processes
// on one database: while the first holds it (blocked reading its
// passphrase from a FIFO, after opening the database), the second must
// exit 1 within a couple of seconds with the in-use message and the pid.
func TestSecondProcessFailsFast(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a FIFO")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "doxguard")
	build := exec.Command("go", "build", "-o", bin, "github.com/doxguard/doxguard")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "doxguard.db")
	env := append(os.Environ(), "DOXGUARD_DB="+db)
	initCmd := exec.Command(bin, "init")
	initCmd.Env = append(env, "DOXGUARD_PASSPHRASE="+testPass)
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}

	fifo := filepath.Join(dir, "pass.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := exec.CommandContext(ctx, bin, "person", "list", "--passphrase-file", fifo)
	first.Env = env
	var firstOut bytes.Buffer
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()

	// Wait until the first process has the database open (and so locked),
	// watching its file descriptors; probing with other processes instead
	// could take the lock first.
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc")
	}
	fdDir := filepath.Join("/proc", strconv.Itoa(first.Process.Pid), "fd")
	for deadline := time.Now().Add(20 * time.Second); !holds(fdDir, db); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("first process never opened the database\n%s", firstOut.String())
		}
	}
	second := exec.CommandContext(ctx, bin, "person", "list")
	second.Env = append(env, "DOXGUARD_PASSPHRASE="+testPass)
	start := time.Now()
	out, _ := second.CombinedOutput()
	code := second.ProcessState.ExitCode()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second process took %v to fail; it must fail fast", d)
	}
	msg := string(out)
	if code != 1 || !strings.Contains(msg, "database in use by another DoxGuard process") || !strings.Contains(msg, "close it first") {
		t.Fatalf("second process: exit %d, %q; want exit 1 and the in-use message", code, msg)
	}
	if !strings.Contains(msg, "(pid "+strconv.Itoa(first.Process.Pid)+")") {
		t.Errorf("in-use message without the holder's pid: %q", msg)
	}

	// Let the first process finish normally.
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString(testPass + "\n")
	w.Close()
	if err := first.Wait(); err != nil {
		t.Fatalf("first process: %v\n%s", err, firstOut.String())
	}
}

// holds reports whether one of the descriptors in fdDir is the file path.
func holds(fdDir, path string) bool {
	ents, err := os.ReadDir(fdDir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if target, err := os.Readlink(filepath.Join(fdDir, e.Name())); err == nil && target == path {
			return true
		}
	}
	return false
}
