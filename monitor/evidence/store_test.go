package evidence

import (
	"bytes"
	"context"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/doxguard/doxguard/store"
)

// testDB is an unlocked store with one person, two captures (one with a
// screenshot) and a finding pointing at the first.
func testDB(t *testing.T) (*store.DB, string, []string) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Init([]byte("correct horse"), store.TestKDF); err != nil {
		t.Fatal(err)
	}
	var pid string
	var caps []string
	err = db.Update(func(tx *store.Tx) error {
		p := store.Person{Name: "程安然"}
		if err := tx.PutPerson(&p); err != nil {
			return err
		}
		pid = p.ID
		for i, cw := range captures()[:2] {
			c := store.Capture{URL: cw.URL, Status: cw.Status, RequestHeader: cw.RequestHeader, ResponseHeader: cw.ResponseHeader,
				RemoteIP: cw.RemoteIP, FetchedAt: cw.FetchedAt, Tool: "DoxGuard", ToolVersion: "test"}
			if cw.Screenshot != nil {
				id, err := tx.PutBlob("image/png", cw.Screenshot)
				if err != nil {
					return err
				}
				c.ScreenshotID = id
			}
			if err := tx.PutCapture(&c, cw.Raw); err != nil {
				return err
			}
			caps = append(caps, c.ID)
			if i == 0 {
				f := store.Finding{Key: tx.FindingKey(c.URL, pid, "i1", ""), URL: c.URL, Host: "bbs.example.com", PersonID: pid,
					Kind: "phone", Form: "exact", Severity: "high", Status: "new", Masked: "138****8000", CaptureID: c.ID,
					FirstSeen: c.FetchedAt, LastSeen: c.FetchedAt}
				if err := tx.PutFinding(&f); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, pid, caps
}

func readWARC(t *testing.T, data []byte) map[string]int {
	t.Helper()
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(data), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return types
		}
		if err != nil {
			t.Fatalf("strict reader: %v", err)
		}
		types[rec.WarcRecord.Type().String()]++
		rec.Close()
	}
}

func TestExportWARCFromStore(t *testing.T) {
	db, pid, _ := testDB(t)
	ctx := context.Background()
	var person, all bytes.Buffer
	st, err := ExportWARC(ctx, db, pid, &person, WARCInfo{Software: "DoxGuard test"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Captures != 1 || st.Records != 3 {
		t.Errorf("person export %+v, want the one capture behind the finding", st)
	}
	if got := readWARC(t, person.Bytes()); got["response"] != 1 || got["request"] != 1 {
		t.Errorf("person export records %v", got)
	}
	st, err = ExportWARC(ctx, db, "", &all, WARCInfo{Software: "DoxGuard test"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Captures != 2 || st.Screenshots != 1 {
		t.Errorf("full export %+v", st)
	}
	if got := readWARC(t, all.Bytes()); got["response"] != 2 || got["resource"] != 1 {
		t.Errorf("full export records %v", got)
	}
	var exports int
	db.View(func(tx *store.Tx) error {
		es, err := tx.ListCustody(1)
		for _, e := range es {
			if e.Action == "export_made" {
				exports++
			}
		}
		return err
	})
	if exports != 2 {
		t.Errorf("custody log has %d export_made entries, want 2", exports)
	}
}

func TestStampPending(t *testing.T) {
	db, _, caps := testDB(t)
	ctx := context.Background()
	if n, err := StampPending(ctx, db, TSA{}); n != 0 || err != nil {
		t.Fatalf("with no tsa_url: %d, %v; want nothing done", n, err)
	}
	tsa := newTestTSA(t)
	srv := httptest.NewServer(tsa.handler(t))
	defer srv.Close()
	if err := db.Update(func(tx *store.Tx) error { return tx.PutSetting(SettingTSAURL, srv.URL) }); err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(tsa.ca)
	n, err := StampPending(ctx, db, TSA{Roots: roots, Client: &http.Client{Timeout: 5 * time.Second}})
	if err != nil || n != 2 {
		t.Fatalf("StampPending = %d, %v; want 2", n, err)
	}
	for _, id := range caps {
		var c store.Capture
		db.View(func(tx *store.Tx) (err error) { c, err = tx.GetCapture(id); return })
		raw, _ := hexSum(id)
		if _, err := VerifyToken(c.TSAToken, raw, roots); err != nil || c.TSAURL != srv.URL {
			t.Errorf("capture %s token: %v", id, err)
		}
	}
	if n, err := StampPending(ctx, db, TSA{}); n != 0 || err != nil {
		t.Errorf("second run stamped %d (%v), want 0", n, err)
	}
}
