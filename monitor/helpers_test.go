package monitor

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/doxguard/doxguard/store"
)

// Test identities (docs/ARCHITECTURE.md): all fictitious.
const (
	testName    = "程安然"
	testAlias   = "安然然"
	testPhone   = "+8613800138000"
	testCNID    = "11010519491231002X"
	testCard    = "6222021234567890128"
	testEmail   = "anran.cheng@example.com"
	testAddress = "浙江省杭州市西湖区文三路88号5幢2单元301室"
	testQQ      = "48151623"
	testPass    = "correct horse battery staple"
)

// newTestDB is an initialised, unlocked store in a temp folder with the
// fast test KDF.
func newTestDB(t testing.TB) *store.DB {
	t.Helper()
	return openTestDB(t, filepath.Join(t.TempDir(), "test.db"), true)
}

func openTestDB(t testing.TB, path string, init bool) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if init {
		if err := db.Init([]byte(testPass), store.TestKDF); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// addCheng registers the test person with every test identifier and
// returns her person ID.
func addCheng(t testing.TB, db *store.DB) string {
	t.Helper()
	id, err := AddDemoPerson(db)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// site is an httptest server whose pages the test can change, and which
// remembers the exact bytes it sent for each path.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]page
	sent  map[string][]byte
	hits  map[string]int
}

type page struct {
	body     []byte
	ctype    string
	encoding string // Content-Encoding
	status   int
	etag     string
}

func newSite(t testing.TB) *site {
	s := &site{pages: map[string]page{}, sent: map[string][]byte{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) set(path string, p page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.ctype == "" {
		p.ctype = "text/html; charset=utf-8"
	}
	s.pages[path] = p
}

func (s *site) html(path, body string) { s.set(path, page{body: []byte(body)}) }

func (s *site) remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pages, path)
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.pages[r.URL.Path]
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if p.etag != "" {
		w.Header().Set("ETag", p.etag)
		if r.Header.Get("If-None-Match") == p.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", p.ctype)
	if p.encoding != "" {
		w.Header().Set("Content-Encoding", p.encoding)
	}
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	s.mu.Lock()
	s.sent[r.URL.Path] = p.body
	s.mu.Unlock()
	_, _ = w.Write(p.body)
}

func (s *site) sentSHA(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.sent[path]
	if !ok {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testMonitor is a Monitor allowed to crawl loopback with politeness off.
func testMonitor(db *store.DB, opts Options) *Monitor {
	opts.AllowPrivate = true
	if opts.PerHostDelay == 0 {
		opts.PerHostDelay = -1
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	return New(db, opts)
}

// findingsByURL lists the findings of the store keyed by URL path.
func findingsByPath(t testing.TB, db *store.DB, base string) map[string][]store.Finding {
	t.Helper()
	var fs []store.Finding
	if err := db.View(func(tx *store.Tx) error {
		var err error
		fs, err = tx.ListFindings()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	out := map[string][]store.Finding{}
	for _, f := range fs {
		p := f.URL
		if len(p) >= len(base) && p[:len(base)] == base {
			p = p[len(base):]
		}
		out[p] = append(out[p], f)
	}
	return out
}
