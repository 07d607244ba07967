package store

import (
	"bytes"
	"strings"
	"testing"

	"go.etcd.io/bbolt"
)

// hasProblem reports whether rep names record with a What containing what.
func hasProblem(rep VerifyReport, record, what string) bool {
	for _, p := range rep.Problems {
		if p.Record == record && strings.Contains(p.What, what) && p.Hint != "" {
			return true
		}
	}
	return false
}

func verify(t *testing.T, db *DB, read bool) VerifyReport {
	t.Helper()
	rep, err := db.Verify(t.Context(), VerifyOptions{ReadData: read})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestVerifyFlippedCaptureByte(t *testing.T) {
	db := newDB(t)
	c := putPage(t, db, "https://a.example/1", testPage)
	putPage(t, db, "https://a.example/2", []byte("other page"))
	rawUpdate(t, db, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bCaptureBody)
		v := bytes.Clone(b.Get([]byte(c.ID)))
		v[40] ^= 0x04
		return b.Put([]byte(c.ID), v)
	})
	// The structural check does not read bodies; the full check names it.
	if rep := verify(t, db, false); !rep.OK() {
		t.Errorf("structural check read the body: %+v", rep.Problems)
	}
	rep := verify(t, db, true)
	if len(rep.Problems) != 1 || !hasProblem(rep, "capture_body/"+c.ID, "SHA-256") {
		t.Errorf("problems %+v, want capture_body/%s named", rep.Problems, c.ID)
	}
	err := db.View(func(tx *Tx) error { _, err := tx.GetCaptureBody(c.ID); return err })
	wantErr(t, err, ErrCorrupt)
}

func TestVerifyDeletedCustodyEntry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		del    uint64
		record string
		what   string
	}{
		{"middle", 2, "custody/2", "missing"},
		{"last", 3, "custody/3", "recorded head is entry 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			putPage(t, db, "https://a.example/1", []byte("one"))
			putPage(t, db, "https://a.example/2", []byte("two"))
			update(t, db, func(tx *Tx) error { return tx.AppendCustody("export_made", "warc", "") })
			rawUpdate(t, db, func(tx *bbolt.Tx) error { return tx.Bucket(bCustody).Delete(seqKey(tc.del)) })
			rep := verify(t, db, false)
			if !hasProblem(rep, tc.record, tc.what) {
				t.Errorf("problems %+v, want %s named", rep.Problems, tc.record)
			}
		})
	}
}

func TestVerifyEditedCustodyEntry(t *testing.T) {
	db := newDB(t)
	putPage(t, db, "https://a.example/1", []byte("one"))
	update(t, db, func(tx *Tx) error { return tx.AppendCustody("finding_marked", "f1", "confirmed") })
	// A re-sealed (validly encrypted) entry with changed contents: only the
	// hash chain can tell.
	update(t, db, func(tx *Tx) error {
		e, err := tx.GetCustody(2)
		if err != nil {
			return err
		}
		e.Detail = "false_positive"
		return putSealed(tx, bCustody, seqKey(2), &e)
	})
	if rep := verify(t, db, false); !hasProblem(rep, "custody/2", "hash does not match") {
		t.Errorf("problems %+v", rep.Problems)
	}
}

func TestVerifyMovedAndBrokenRecords(t *testing.T) {
	db := newDB(t)
	addPerson(t, db, "程安然", Identifier{Kind: "phone", Value: "+8613800138000"})
	addPerson(t, db, "张三")
	rawUpdate(t, db, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bPeople)
		if err := b.Put([]byte("p2"), bytes.Clone(b.Get([]byte("p1")))); err != nil {
			return err
		}
		// An identifier index entry pointing at nothing.
		return tx.Bucket(bIdentValue).Put(bytes.Repeat([]byte{7}, 16), []byte("i99"))
	})
	rep := verify(t, db, false)
	if !hasProblem(rep, "people/p2", "does not decrypt") {
		t.Errorf("moved value not named: %+v", rep.Problems)
	}
	if !hasProblem(rep, "ident_value/"+strings.Repeat("07", 16), "i99") {
		t.Errorf("dangling index not named: %+v", rep.Problems)
	}
}

func TestVerifyFlippedBlobByte(t *testing.T) {
	db := newDB(t)
	var id string
	update(t, db, func(tx *Tx) error {
		var err error
		id, err = tx.PutBlob("image/png", bytes.Repeat([]byte("png"), 100))
		return err
	})
	if rep := verify(t, db, true); !rep.OK() || rep.BodiesRead != 1 {
		t.Fatalf("clean blob: %+v", rep)
	}
	rawUpdate(t, db, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bBlobs)
		v := bytes.Clone(b.Get([]byte(id)))
		v[len(v)/2] ^= 0x10
		return b.Put([]byte(id), v)
	})
	for _, read := range []bool{false, true} {
		if rep := verify(t, db, read); len(rep.Problems) != 1 || rep.Problems[0].Record != "blobs/"+id {
			t.Errorf("ReadData=%v: problems %+v, want blobs/%s", read, rep.Problems, id)
		}
	}
}
