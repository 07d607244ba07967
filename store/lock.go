package store

import (
	"os"
	"strconv"
	"strings"
)

// bbolt's flock says only "someone holds it". So that the message can name
// the other process, the holder writes its PID beside the file while it
// has it open. The sidecar holds no secret.

func pidPath(dbPath string) string { return dbPath + ".lock-pid" }

func writePID(dbPath string) {
	// Best effort: without it the error just has no PID.
	_ = os.WriteFile(pidPath(dbPath), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600)
}

func removePID(dbPath string) { _ = os.Remove(pidPath(dbPath)) }

func readPID(dbPath string) int {
	b, err := os.ReadFile(pidPath(dbPath))
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
