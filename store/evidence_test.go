package store

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

var testPage = []byte(strings.Repeat("<p>forum thread about nothing in particular</p>\n", 200))

func putPage(t testing.TB, db *DB, url string, raw []byte) Capture {
	t.Helper()
	c := Capture{URL: url, Status: 200, FetchedAt: time.Now().UTC(),
		ResponseHeader: http.Header{"Content-Type": {"text/html"}}}
	update(t, db, func(tx *Tx) error { return tx.PutCapture(&c, raw) })
	return c
}

func TestCapturesDedupeAndCustody(t *testing.T) {
	db := newDB(t)
	c1 := putPage(t, db, "https://a.example/1", testPage)
	if c1.ID != sha256Hex(testPage) || c1.BodySHA256 != c1.ID || c1.Size != int64(len(testPage)) || c1.CustodySeq != 1 {
		t.Fatalf("capture record %+v", c1)
	}
	// Same bytes again: the first capture is kept, no new custody entry.
	c2 := putPage(t, db, "https://a.example/other", testPage)
	if c2.ID != c1.ID || c2.URL != c1.URL || c2.CustodySeq != 1 {
		t.Errorf("dedupe: got %+v", c2)
	}
	c3 := putPage(t, db, "https://a.example/3", []byte("different"))
	if c3.CustodySeq != 2 {
		t.Errorf("second capture custody seq %d", c3.CustodySeq)
	}
	err := db.Update(func(tx *Tx) error {
		raw, err := tx.GetCaptureBody(c1.ID)
		if err != nil || !bytes.Equal(raw, testPage) {
			t.Errorf("body round trip: %d bytes, %v", len(raw), err)
		}
		es, err := tx.ListCustody(0)
		if err != nil || len(es) != 2 || es[0].Action != "capture_added" || es[0].Subject != c1.ID || es[1].Prev != es[0].Hash {
			t.Errorf("custody %+v %v", es, err)
		}
		if err := tx.AppendCustody("export_made", "warc", ""); err != nil {
			return err
		}
		seq, hash, err := tx.CustodyHead()
		if err != nil || seq != 3 || len(hash) != 64 {
			t.Errorf("head %d %s %v", seq, hash, err)
		}
		png := []byte("\x89PNG fake screenshot bytes")
		id, err := tx.PutBlob("image/png", png)
		if err != nil {
			return err
		}
		b, err := tx.GetBlob(id)
		if err != nil || !bytes.Equal(b.Data, png) || b.MediaType != "image/png" {
			t.Errorf("blob %+v %v", b, err)
		}
		c1.ScreenshotID = id
		if err := tx.UpdateCapture(&c1); err != nil {
			return err
		}
		bad := c1
		bad.Size++
		if err := tx.UpdateCapture(&bad); err == nil {
			t.Error("UpdateCapture changed an immutable field")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Compressed: the stored body is smaller than the page.
	_ = db.bolt.View(func(tx *bbolt.Tx) error {
		if n := len(tx.Bucket(bCaptureBody).Get([]byte(c1.ID))); n >= len(testPage)/2 {
			t.Errorf("stored body %d bytes for a %d-byte page", n, len(testPage))
		}
		return nil
	})
	rep, err := db.Verify(t.Context(), VerifyOptions{ReadData: true})
	if err != nil || !rep.OK() || rep.BodiesRead != 3 || rep.Custody != 3 {
		t.Errorf("verify clean db: %+v %v", rep, err)
	}
}

func TestFindingsUpsertAndFilters(t *testing.T) {
	db := newDB(t)
	p, ids := addPerson(t, db, "程安然", Identifier{Kind: "phone", Value: "+8613800138000", Masked: "138****8000"})
	c := putPage(t, db, "https://a.example/t/1", testPage)
	var key string
	update(t, db, func(tx *Tx) error {
		key = tx.FindingKey("https://a.example/t/1", p.ID, ids[0].ID, "")
		if key == tx.FindingKey("https://a.example/t/2", p.ID, ids[0].ID, "") {
			t.Error("finding key ignores the URL")
		}
		if tx.ValueKey("phone", "+8613800138000") != db.ValueKey("phone", "+8613800138000") {
			t.Error("Tx.ValueKey and DB.ValueKey differ")
		}
		f := Finding{Key: key, URL: "https://a.example/t/1", Host: "a.example", PersonID: p.ID, IdentifierID: ids[0].ID,
			Kind: "phone", Severity: "high", Status: "new", CaptureID: c.ID}
		if err := tx.PutFinding(&f); err != nil {
			return err
		}
		g := Finding{Key: tx.FindingKey("https://b.example/", p.ID, "", "vk"), URL: "https://b.example/", Host: "b.example",
			PersonID: p.ID, Kind: "qq", Severity: "medium", Status: "confirmed"}
		if err := tx.PutFinding(&g); err != nil {
			return err
		}
		dup := Finding{Key: key, URL: "https://x.example/"}
		wantErr(t, tx.PutFinding(&dup), ErrExists)
		return nil
	})
	update(t, db, func(tx *Tx) error {
		f, err := tx.GetFindingByKey(key)
		if err != nil || f.ID != "f1" {
			t.Fatalf("by key: %+v %v", f, err)
		}
		f.Status = "reported"
		f.Timeline = append(f.Timeline, Event{At: time.Now().UTC(), Status: "reported"})
		if err := tx.PutFinding(&f); err != nil {
			return err
		}
		for _, tc := range []struct {
			flt  FindingFilter
			want int
		}{{FindingFilter{}, 2}, {FindingFilter{Status: "reported"}, 1}, {FindingFilter{Severity: "medium"}, 1},
			{FindingFilter{PersonID: p.ID, Status: "new"}, 0}, {FindingFilter{PersonID: "p9"}, 0}} {
			got, err := tx.FindFindings(tc.flt)
			if err != nil || len(got) != tc.want {
				t.Errorf("FindFindings(%+v) = %d findings, want %d (%v)", tc.flt, len(got), tc.want, err)
			}
		}
		byURL, err := tx.ListFindingsByURL("https://a.example/t/1")
		if err != nil || len(byURL) != 1 || byURL[0].Status != "reported" || len(byURL[0].Timeline) != 1 {
			t.Errorf("by url: %+v %v", byURL, err)
		}
		return nil
	})
}

func TestRecordsRoundTrip(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *Tx) error {
		s := Source{Kind: "site", URL: "https://a.example/", Depth: 2, Every: 24 * time.Hour, Enabled: true}
		if err := tx.PutSource(&s); err != nil {
			return err
		}
		if got, err := tx.GetSource("s1"); err != nil || got.Every != 24*time.Hour || got.URL != s.URL {
			t.Errorf("source %+v %v", got, err)
		}
		if err := tx.PutURLState(&URLState{URL: "https://a.example/", ETag: `"x"`, Status: 200}); err != nil {
			return err
		}
		if st, err := tx.GetURLState("https://a.example/"); err != nil || st.ETag != `"x"` {
			t.Errorf("url state %+v %v", st, err)
		}
		r := Run{StartedAt: time.Now().UTC(), Status: "running"}
		if err := tx.PutRun(&r); err != nil || r.ID != "r1" {
			t.Errorf("run %s %v", r.ID, err)
		}
		c := Case{PersonID: "p1", Host: "a.example", Status: "draft",
			Letters: []LetterRef{{Template: "platform-notice", Lang: "zh", Format: "pdf", SHA256: "ab"}}}
		if err := tx.PutCase(&c); err != nil || c.ID != "c1" {
			t.Errorf("case %s %v", c.ID, err)
		}
		if got, err := tx.GetCase("c1"); err != nil || len(got.Letters) != 1 || got.Letters[0].Template != "platform-notice" {
			t.Errorf("case %+v %v", got, err)
		}
		if err := tx.PutSetting("letters.default_days", 14); err != nil {
			return err
		}
		var days int
		if err := tx.GetSetting("letters.default_days", &days); err != nil || days != 14 {
			t.Errorf("setting %d %v", days, err)
		}
		wantErr(t, tx.GetSetting("missing", &days), ErrNotFound)
		wantErr(t, tx.DeleteSource("s9"), ErrNotFound)
		return tx.DeleteSource("s1")
	})
	rep, err := db.Verify(t.Context(), VerifyOptions{})
	if err != nil || !rep.OK() {
		t.Errorf("verify: %+v %v", rep, err)
	}
}

func TestCustodyDetailHasNoQuery(t *testing.T) {
	db := newDB(t)
	putPage(t, db, "https://search.example/s?q=程安然+身份证#top", []byte("results"))
	es, err := db.ListCustody(1)
	if err != nil || len(es) != 1 {
		t.Fatalf("custody %+v %v", es, err)
	}
	if strings.Contains(es[0].Detail, "程安然") || es[0].Detail != "https://search.example/s?…" {
		t.Errorf("custody detail %q", es[0].Detail)
	}
}
