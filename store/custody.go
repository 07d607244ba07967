package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// CustodyEntry is one line of the append-only custody log. Hash =
// SHA-256(Prev ‖ canonical encoding of the entry), so removing, reordering
// or editing an entry breaks every later link.
type CustodyEntry struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Action  string    `json:"action"`
	Subject string    `json:"subject"`
	Detail  string    `json:"detail,omitempty"`
	Prev    string    `json:"prev"` // hex; 64 zeros for the first entry
	Hash    string    `json:"hash"` // hex
}

type custodyHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

var genesis = hex.EncodeToString(make([]byte, sha256.Size))

// canonical is a length-prefixed encoding, so no field can run into the
// next; Time is UTC nanoseconds.
func (e *CustodyEntry) canonical() []byte {
	var b []byte
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	for _, s := range []string{e.Action, e.Subject, e.Detail} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return b
}

// ComputeHash returns the chain hash of e given e.Prev.
func (e *CustodyEntry) ComputeHash() string {
	prev, _ := hex.DecodeString(e.Prev)
	h := sha256.New()
	h.Write(prev)
	h.Write(e.canonical())
	return hex.EncodeToString(h.Sum(nil))
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// CustodyHead returns the sequence number and hash of the last entry
// (0 and 64 zeros for an empty log).
func (t *Tx) CustodyHead() (uint64, string, error) {
	if t.b(bMeta).Get(kCustodyHead) == nil {
		return 0, genesis, nil
	}
	h, err := getSealed[custodyHead](t, bMeta, kCustodyHead)
	if err != nil {
		return 0, "", fmt.Errorf("custody head: %w", err)
	}
	return h.Seq, h.Hash, nil
}

// AppendCustody appends an entry (action e.g. "finding_created", subject a
// record ID, detail free text that must hold no plaintext identifier).
func (t *Tx) AppendCustody(action, subject, detail string) error {
	_, err := t.AppendCustodyEntry(action, subject, detail)
	return err
}

// AppendCustodyEntry is AppendCustody returning the new entry.
func (t *Tx) AppendCustodyEntry(action, subject, detail string) (CustodyEntry, error) {
	seq, prev, err := t.CustodyHead()
	if err != nil {
		return CustodyEntry{}, err
	}
	e := CustodyEntry{Seq: seq + 1, Time: time.Now().UTC(), Action: action, Subject: subject, Detail: detail, Prev: prev}
	e.Hash = e.ComputeHash()
	if err := putSealed(t, bCustody, seqKey(e.Seq), &e); err != nil {
		return CustodyEntry{}, fmt.Errorf("append custody: %w", err)
	}
	if err := putSealed(t, bMeta, kCustodyHead, &custodyHead{Seq: e.Seq, Hash: e.Hash}); err != nil {
		return CustodyEntry{}, fmt.Errorf("append custody: %w", err)
	}
	return e, nil
}

// ListCustody returns the log entries with Seq >= from, in order.
func (t *Tx) ListCustody(from uint64) ([]CustodyEntry, error) {
	var out []CustodyEntry
	c := t.b(bCustody).Cursor()
	for k, _ := c.Seek(seqKey(from)); k != nil; k, _ = c.Next() {
		e, err := getSealed[CustodyEntry](t, bCustody, k)
		if err != nil {
			return nil, fmt.Errorf("list custody: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// GetCustody returns entry seq (ErrNotFound).
func (t *Tx) GetCustody(seq uint64) (CustodyEntry, error) {
	e, err := getSealed[CustodyEntry](t, bCustody, seqKey(seq))
	if err != nil {
		return e, fmt.Errorf("custody %d: %w", seq, err)
	}
	return e, nil
}
