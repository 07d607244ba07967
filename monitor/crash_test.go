package monitor

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/doxguard/doxguard/store"
)

// crashChildEnv makes the test binary act as a scanning DoxGuard process
// (see TestMain) that the crash test kills with SIGKILL.
const crashChildEnv = "DOXGUARD_MONITOR_CRASH_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		os.Exit(crashChild(path))
	}
	code := m.Run()
	if code == 0 {
		// Every scan, crawl and server in the tests must be gone.
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goroutine leak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// crashChild scans the database at path and prints "new N" after every
// committed page, until it is killed.
func crashChild(path string) int {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 1
	}
	if err := db.Unlock([]byte(testPass)); err != nil {
		fmt.Fprintln(os.Stderr, "child unlock:", err)
		return 1
	}
	m := New(db, Options{AllowPrivate: true, PerHostDelay: -1, Workers: 1, Version: "test"})
	_, err = m.Scan(context.Background(), ScanRequest{Force: true}, ProgressFunc(func(p Progress) {
		// Progress is reported after the page's transaction committed.
		fmt.Printf("new %d\n", p.New)
	}))
	fmt.Fprintln(os.Stderr, "child: scan ended (it should have been killed):", err)
	return 3
}

func TestCrashMidScanKeepsCommittedFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "crash.db")
	db := openTestDB(t, path, true)
	addCheng(t, db)
	s := newSite(t)
	var links strings.Builder
	for i := range 200 {
		fmt.Fprintf(&links, `<a href="/p/%d.html">%d</a> `, i, i)
		s.html(fmt.Sprintf("/p/%d.html", i), fmt.Sprintf(`<p>帖子 %d：程安然 手机 138 0013 8000</p>`, i))
	}
	s.html("/", "<html><body>"+links.String()+"</body></html>")
	inner := s.Config.Handler
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond) // keep the scan going while we kill it
		inner.ServeHTTP(w, r)
	})
	m := testMonitor(db, Options{})
	addSiteSource(t, m, s.URL+"/")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "new ")); err == nil {
			committed = n
		}
		if committed >= 5 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if committed < 5 {
		t.Fatalf("child reported only %d committed findings before it ended", committed)
	}

	db2 := openTestDB(t, path, false)
	rep, err := db2.Verify(context.Background(), store.VerifyOptions{ReadData: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("verify after SIGKILL: %+v", rep)
	}
	var fs []store.Finding
	var runs []store.Run
	if err := db2.View(func(tx *store.Tx) error {
		var err error
		if fs, err = tx.ListFindings(); err != nil {
			return err
		}
		runs, err = tx.ListRuns()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(fs) < committed {
		t.Errorf("%d findings after the kill, the child had committed %d", len(fs), committed)
	}
	for _, f := range fs {
		if err := db2.View(func(tx *store.Tx) error { _, err := tx.GetCapture(f.CaptureID); return err }); err != nil {
			t.Errorf("finding %s: its capture is missing: %v", f.ID, err)
		}
	}
	if len(runs) != 1 || runs[0].Status != RunRunning {
		t.Errorf("runs after the kill: %+v, want one still marked running", runs)
	}
}
