package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// VerifyOptions chooses how deep Verify looks.
type VerifyOptions struct {
	// ReadData also decrypts, decompresses and re-hashes every capture
	// body and blob (slow on big databases); without it Verify checks
	// structure: records decrypt, indexes point at records, the custody
	// chain links.
	ReadData bool
}

// Problem is one thing Verify found wrong.
type Problem struct {
	What   string `json:"what"`   // what is wrong
	Record string `json:"record"` // bucket/key, e.g. "captures/3fa4…" or "custody/17"
	Hint   string `json:"hint"`   // what to do about it
}

func (p Problem) String() string { return p.Record + ": " + p.What + " — " + p.Hint }

// VerifyReport summarises a Verify run.
type VerifyReport struct {
	Records    int       `json:"records"`     // sealed records decrypted
	Captures   int       `json:"captures"`    // capture records checked
	BodiesRead int       `json:"bodies_read"` // bodies and blobs re-hashed (ReadData)
	BytesRead  int64     `json:"bytes_read"`
	Custody    int       `json:"custody"` // custody entries walked
	Problems   []Problem `json:"problems,omitempty"`
}

// OK reports whether no problem was found.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

const (
	hintRestore = "restore the database from a backup; this record was damaged or tampered with and is not used"
	hintIndex   = "the lookup index is out of step with the records: restore from a backup, or re-add the record"
	hintChain   = "the custody log was altered (an entry removed, edited or reordered): keep this database as it is for investigation and restore the evidence from a backup"
	hintBody    = "the stored page bytes no longer match their SHA-256: this capture cannot serve as evidence; restore it from a backup or a WARC export"
)

type verifier struct {
	t   *Tx
	ctx context.Context
	r   *VerifyReport
}

func (v *verifier) add(bucket []byte, key []byte, what, hint string) {
	v.r.Problems = append(v.r.Problems, Problem{What: what, Record: string(bucket) + "/" + printableKey(key), Hint: hint})
}

// Verify checks the database (see VerifyOptions). It returns an error only
// when it could not run (locked, cancelled); what it finds is in the report.
func (db *DB) Verify(ctx context.Context, opts VerifyOptions) (VerifyReport, error) {
	var rep VerifyReport
	err := db.View(func(t *Tx) error {
		v := &verifier{t: t, ctx: ctx, r: &rep}
		return v.run(opts)
	})
	return rep, err
}

func (v *verifier) run(opts VerifyOptions) error {
	people := map[string]Person{}
	idents := map[string]Identifier{}
	findings := map[string]Finding{}
	captures := map[string]Capture{}
	steps := []func() error{
		func() error { return eachRecord(v, bPeople, func(k []byte, p Person) { people[string(k)] = p }) },
		func() error { return eachRecord(v, bIdents, func(k []byte, i Identifier) { idents[string(k)] = i }) },
		func() error { return eachRecord(v, bFindings, func(k []byte, f Finding) { findings[string(k)] = f }) },
		func() error { return eachRecord(v, bCaptures, func(k []byte, c Capture) { captures[string(k)] = c }) },
		func() error { return eachRecord(v, bSources, func([]byte, Source) {}) },
		func() error { return eachRecord(v, bURLState, func([]byte, URLState) {}) },
		func() error { return eachRecord(v, bRuns, func([]byte, Run) {}) },
		func() error { return eachRecord(v, bCases, func([]byte, Case) {}) },
		func() error { return eachRecord(v, bSettings, func([]byte, rawJSON) {}) },
	}
	if !opts.ReadData {
		// Blobs carry their data inside the record: opening them is reading data.
		steps = append(steps, func() error { return eachRecord(v, bBlobs, func([]byte, blobHeader) {}) })
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	v.checkPeople(people)
	v.checkIdents(idents, people)
	v.checkFindings(findings)
	if err := v.checkCaptures(captures, opts.ReadData); err != nil {
		return err
	}
	if opts.ReadData {
		if err := v.readBlobs(); err != nil {
			return err
		}
	}
	return v.checkChain(captures)
}

type rawJSON = json.RawMessage

// blobHeader decodes only the small fields (the data is skipped by the
// decoder, but still authenticated by the AEAD).
type blobHeader struct {
	MediaType string `json:"media_type"`
}

// eachRecord opens every value of bucket; failures become problems.
func eachRecord[T any](v *verifier, bucket []byte, fn func(k []byte, x T)) error {
	c := v.t.b(bucket).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		x, err := getSealed[T](v.t, bucket, k)
		if err != nil {
			v.add(bucket, k, "record does not decrypt or decode", hintRestore)
			continue
		}
		v.r.Records++
		fn(bytes.Clone(k), x)
	}
	return nil
}

// indexEntries lists keys of an index bucket.
func (v *verifier) indexEntries(bucket []byte, fn func(k, val []byte)) {
	_ = v.t.b(bucket).ForEach(func(k, val []byte) error {
		fn(k, val)
		return nil
	})
}

func (v *verifier) checkPeople(people map[string]Person) {
	indexed := map[string]bool{}
	v.indexEntries(bPeopleName, func(k, _ []byte) {
		if len(k) <= 16 {
			v.add(bPeopleName, k, "malformed index key", hintIndex)
			return
		}
		id := string(k[16:])
		p, ok := people[id]
		if !ok || !bytes.Equal(v.t.personNameKey(p.Name, id), k) {
			v.add(bPeopleName, k, "name index points to a missing or renamed person "+id, hintIndex)
			return
		}
		indexed[id] = true
	})
	for id, p := range people {
		if p.ID != id {
			v.add(bPeople, []byte(id), "record holds ID "+p.ID, hintRestore)
		}
		if !indexed[id] {
			v.add(bPeople, []byte(id), "person missing from the name index", hintIndex)
		}
	}
}

func (v *verifier) checkIdents(idents map[string]Identifier, people map[string]Person) {
	byValue, byPerson := map[string]bool{}, map[string]bool{}
	v.indexEntries(bIdentValue, func(k, val []byte) {
		i, ok := idents[string(val)]
		if !ok || !bytes.Equal(v.t.identValueKey(i.Kind, i.Value), k) {
			v.add(bIdentValue, k, "identifier index points to a missing or different identifier "+string(val), hintIndex)
			return
		}
		byValue[i.ID] = true
	})
	v.indexEntries(bIdentPerson, func(k, _ []byte) {
		pid, iid, _ := bytes.Cut(k, []byte{0})
		i, ok := idents[string(iid)]
		if !ok || i.PersonID != string(pid) {
			v.add(bIdentPerson, k, "person index points to a missing identifier", hintIndex)
			return
		}
		byPerson[i.ID] = true
	})
	for id, i := range idents {
		switch {
		case i.ID != id:
			v.add(bIdents, []byte(id), "record holds ID "+i.ID, hintRestore)
		case people[i.PersonID].ID == "":
			v.add(bIdents, []byte(id), "belongs to missing person "+i.PersonID, "delete the identifier or restore the person from a backup")
		case !byValue[id] || !byPerson[id]:
			v.add(bIdents, []byte(id), "identifier missing from an index", hintIndex)
		}
	}
}

func (v *verifier) checkFindings(findings map[string]Finding) {
	byKey, byURL := map[string]bool{}, map[string]bool{}
	v.indexEntries(bFindingKey, func(k, val []byte) {
		f, ok := findings[string(val)]
		if !ok || f.Key != string(k) {
			v.add(bFindingKey, k, "finding index points to a missing or different finding "+string(val), hintIndex)
			return
		}
		byKey[f.ID] = true
	})
	v.indexEntries(bFindingURL, func(k, _ []byte) {
		if len(k) <= 16 {
			v.add(bFindingURL, k, "malformed index key", hintIndex)
			return
		}
		f, ok := findings[string(k[16:])]
		if !ok || !bytes.Equal(v.t.findingURLKey(f.URL, f.ID), k) {
			v.add(bFindingURL, k, "URL index points to a missing finding", hintIndex)
			return
		}
		byURL[f.ID] = true
	})
	for id, f := range findings {
		switch {
		case f.ID != id:
			v.add(bFindings, []byte(id), "record holds ID "+f.ID, hintRestore)
		case !byKey[id] || !byURL[id]:
			v.add(bFindings, []byte(id), "finding missing from an index", hintIndex)
		case f.CaptureID != "" && v.t.b(bCaptures).Get([]byte(f.CaptureID)) == nil:
			v.add(bFindings, []byte(id), "its capture "+f.CaptureID+" is missing", hintBody)
		}
	}
}

func (v *verifier) checkCaptures(captures map[string]Capture, read bool) error {
	for id, c := range captures {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		key := []byte(id)
		v.r.Captures++
		if c.ID != id || c.BodySHA256 != id {
			v.add(bCaptures, key, "record does not match its content address", hintRestore)
		}
		if c.ScreenshotID != "" && v.t.b(bBlobs).Get([]byte(c.ScreenshotID)) == nil {
			v.add(bCaptures, key, "its screenshot "+c.ScreenshotID+" is missing", "the page bytes remain the evidence; take a new screenshot if needed")
		}
		if v.t.b(bCaptureBody).Get(key) == nil {
			v.add(bCaptureBody, key, "page bytes missing", hintBody)
			continue
		}
		if !read {
			continue
		}
		raw, err := v.t.GetCaptureBody(id)
		if err != nil {
			v.add(bCaptureBody, key, "page bytes do not decrypt, decompress or match their SHA-256", hintBody)
			continue
		}
		v.r.BodiesRead++
		v.r.BytesRead += int64(len(raw))
		if int64(len(raw)) != c.Size {
			v.add(bCaptures, key, fmt.Sprintf("size %d recorded, %d stored", c.Size, len(raw)), hintBody)
		}
	}
	// A body without a record is harmless but unexpected.
	v.indexEntries(bCaptureBody, func(k, _ []byte) {
		if _, ok := captures[string(k)]; !ok && v.t.b(bCaptures).Get(k) == nil {
			v.add(bCaptureBody, k, "page bytes without a capture record", hintIndex)
		}
	})
	return nil
}

func (v *verifier) readBlobs() error {
	c := v.t.b(bBlobs).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		b, err := v.t.GetBlob(string(k))
		if err != nil {
			v.add(bBlobs, k, "blob does not decrypt, decompress or match its SHA-256", hintBody)
			continue
		}
		v.r.Records++
		v.r.BodiesRead++
		v.r.BytesRead += int64(len(b.Data))
	}
	return nil
}

// checkChain walks the custody log: sequence numbers contiguous from 1,
// each Prev the previous Hash, each Hash recomputed, the last one equal to
// the head in meta, and every capture's entry present.
func (v *verifier) checkChain(captures map[string]Capture) error {
	headSeq, headHash, err := v.t.CustodyHead()
	if err != nil {
		v.add(bMeta, kCustodyHead, "custody head does not decrypt", hintChain)
	}
	prevHash, want := genesis, uint64(1)
	seen := map[uint64]CustodyEntry{}
	c := v.t.b(bCustody).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if err := v.ctx.Err(); err != nil {
			return err
		}
		e, err := getSealed[CustodyEntry](v.t, bCustody, k)
		if err != nil {
			v.add(bCustody, []byte(fmt.Sprint(seqOf(k))), "custody entry does not decrypt", hintChain)
			want = seqOf(k) + 1
			prevHash = ""
			continue
		}
		v.r.Records++
		v.r.Custody++
		rec := []byte(fmt.Sprint(e.Seq))
		switch {
		case e.Seq != seqOf(k):
			v.add(bCustody, rec, "entry stored under another sequence number", hintChain)
		case e.Seq != want:
			v.add(bCustody, []byte(fmt.Sprint(want)), fmt.Sprintf("custody entries %d–%d are missing", want, e.Seq-1), hintChain)
		case prevHash != "" && e.Prev != prevHash:
			v.add(bCustody, rec, "entry does not link to the previous one", hintChain)
		}
		if e.ComputeHash() != e.Hash {
			v.add(bCustody, rec, "entry hash does not match its contents", hintChain)
		}
		seen[e.Seq] = e
		prevHash, want = e.Hash, e.Seq+1
	}
	if err == nil && (want-1 != headSeq || (headSeq > 0 && prevHash != headHash)) {
		v.add(bCustody, []byte(fmt.Sprint(headSeq)), fmt.Sprintf("log ends at entry %d but the recorded head is entry %d", want-1, headSeq), hintChain)
	}
	for id, cp := range captures {
		e, ok := seen[cp.CustodySeq]
		if !ok || e.Action != "capture_added" || e.Subject != id {
			v.add(bCaptures, []byte(id), fmt.Sprintf("its custody entry %d is missing or names something else", cp.CustodySeq), hintChain)
		}
	}
	return nil
}

func seqOf(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return uint64(k[0])<<56 | uint64(k[1])<<48 | uint64(k[2])<<40 | uint64(k[3])<<32 |
		uint64(k[4])<<24 | uint64(k[5])<<16 | uint64(k[6])<<8 | uint64(k[7])
}
