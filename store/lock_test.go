package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// When run as the helper process, hold the database open until stdin
// closes. TestMain routes it before any test runs.
func TestMain(m *testing.M) {
	if path := os.Getenv("DOXGUARD_STORE_TEST_HOLD"); path != "" {
		db, err := Open(path, Options{})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("holding")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSecondProcessFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doxguard.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DOXGUARD_STORE_TEST_HOLD="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "holding" {
		t.Fatalf("helper process: %q", line)
	}

	start := time.Now()
	db, err := Open(path, Options{})
	took := time.Since(start)
	if err == nil {
		db.Close()
		t.Fatal("opened a database another process holds")
	}
	var iu *InUseError
	if !errors.As(err, &iu) || !errors.Is(err, ErrInUse) {
		t.Fatalf("error %v, want *InUseError", err)
	}
	if iu.PID != cmd.Process.Pid {
		t.Errorf("pid %d, want %d", iu.PID, cmd.Process.Pid)
	}
	if want := "database in use by another DoxGuard process (pid " + strconv.Itoa(cmd.Process.Pid) + ")"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	// A bound on hanging (the wait is 1 s), not a speed assertion.
	if took > 3*time.Second {
		t.Errorf("second open took %v", took)
	}

	// After the holder closes, the file opens and the PID sidecar is gone.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pidPath(path)); !os.IsNotExist(err) {
		t.Errorf("pid sidecar left behind: %v", err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
