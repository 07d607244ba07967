package store

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Capture is the evidence record of one HTTP response (notes/legal.md
// §4.6). Its ID is the hex SHA-256 of the raw bytes as received; the bytes
// themselves are stored compressed and sealed in their own bucket.
type Capture struct {
	ID             string      `json:"id"`
	URL            string      `json:"url"`
	FinalURL       string      `json:"final_url,omitempty"`
	Redirects      []string    `json:"redirects,omitempty"`
	Method         string      `json:"method,omitempty"`
	Status         int         `json:"status"`
	RequestHeader  http.Header `json:"request_header,omitempty"`
	ResponseHeader http.Header `json:"response_header,omitempty"`
	RemoteIP       string      `json:"remote_ip,omitempty"`
	FetchedAt      time.Time   `json:"fetched_at"`
	TimeZone       string      `json:"time_zone,omitempty"`
	BodySHA256     string      `json:"body_sha256"`
	TextSHA256     string      `json:"text_sha256,omitempty"`
	Size           int64       `json:"size"`
	Truncated      bool        `json:"truncated,omitempty"`
	Tool           string      `json:"tool,omitempty"`
	ToolVersion    string      `json:"tool_version,omitempty"`
	OS             string      `json:"os,omitempty"`
	CustodySeq     uint64      `json:"custody_seq"`
	TSAToken       []byte      `json:"tsa_token,omitempty"`
	TSAURL         string      `json:"tsa_url,omitempty"`
	ScreenshotID   string      `json:"screenshot_id,omitempty"`
}

// Blob is a stored file other than a page body (screenshots, PNG).
type Blob struct {
	ID        string `json:"id"` // hex SHA-256 of Data
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	Data      []byte `json:"data"` // compressed inside the store, plain here
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func deflate(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	// BestSpeed: pages are compressed on the crawl path; text still
	// shrinks 3–5×.
	w, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func inflate(b []byte) ([]byte, error) {
	return io.ReadAll(flate.NewReader(bytes.NewReader(b)))
}

// PutCapture stores raw (content-addressed by its SHA-256) and the record
// c, filling c.ID, c.BodySHA256, c.Size and c.CustodySeq; a
// "capture_added" custody entry is appended in the same transaction. When
// the same bytes were captured before, nothing is written and *c becomes
// the stored record (dedupe: the first capture is the evidence).
func (t *Tx) PutCapture(c *Capture, raw []byte) error {
	id := sha256Hex(raw)
	key := []byte(id)
	if t.b(bCaptures).Get(key) != nil {
		old, err := t.GetCapture(id)
		if err != nil {
			return err
		}
		*c = old
		return nil
	}
	c.ID, c.BodySHA256, c.Size = id, id, int64(len(raw))
	z, err := deflate(raw)
	if err != nil {
		return fmt.Errorf("compress capture %s: %w", id, err)
	}
	s, err := t.sealBytes(bCaptureBody, key, z)
	if err != nil {
		return err
	}
	if err := t.b(bCaptureBody).Put(key, s); err != nil {
		return fmt.Errorf("store capture body %s: %w", id, err)
	}
	e, err := t.AppendCustodyEntry("capture_added", id, custodyURL(c.URL))
	if err != nil {
		return err
	}
	c.CustodySeq = e.Seq
	return putSealed(t, bCaptures, key, c)
}

// custodyURL drops the query and fragment: the custody log is printed in
// reports, and search URLs carry a person's name in the query. The full
// URL stays in the sealed capture record.
func custodyURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment, u.User = "", nil
	return u.String()
}

// UpdateCapture replaces the record of an existing capture (e.g. to add a
// timestamp token or screenshot); the ID, body hash, size and custody
// sequence cannot change.
func (t *Tx) UpdateCapture(c *Capture) error {
	old, err := t.GetCapture(c.ID)
	if err != nil {
		return fmt.Errorf("update capture: %w", err)
	}
	if c.BodySHA256 != old.BodySHA256 || c.Size != old.Size || c.CustodySeq != old.CustodySeq {
		return fmt.Errorf("update capture %s: body hash, size and custody entry are immutable", c.ID)
	}
	return putSealed(t, bCaptures, []byte(c.ID), c)
}

// GetCapture returns the record of capture id (ErrNotFound).
func (t *Tx) GetCapture(id string) (Capture, error) {
	c, err := getSealed[Capture](t, bCaptures, []byte(id))
	if err != nil {
		return c, fmt.Errorf("capture %s: %w", id, err)
	}
	return c, nil
}

// GetCaptureBody returns the raw bytes of capture id, checked against
// the ID (ErrCorrupt when they do not hash to it).
func (t *Tx) GetCaptureBody(id string) ([]byte, error) {
	return t.readAddressed(bCaptureBody, id)
}

func (t *Tx) readAddressed(bucket []byte, id string) ([]byte, error) {
	z, err := t.openBytes(bucket, []byte(id))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", id, err)
	}
	raw, err := inflate(z)
	if err != nil {
		return nil, corrupt(bucket, []byte(id), "does not decompress")
	}
	if sha256Hex(raw) != id {
		return nil, corrupt(bucket, []byte(id), "content does not match its SHA-256")
	}
	return raw, nil
}

// ListCaptures returns every capture record, oldest custody entry first.
func (t *Tx) ListCaptures() ([]Capture, error) {
	cs, err := listSealed[Capture](t, bCaptures)
	if err != nil {
		return nil, fmt.Errorf("list captures: %w", err)
	}
	sortBy(cs, func(c *Capture) uint64 { return c.CustodySeq })
	return cs, nil
}

// PutBlob stores data (content-addressed) and returns its ID.
func (t *Tx) PutBlob(mediaType string, data []byte) (string, error) {
	id := sha256Hex(data)
	if t.b(bBlobs).Get([]byte(id)) != nil {
		return id, nil
	}
	z, err := deflate(data)
	if err != nil {
		return "", fmt.Errorf("compress blob: %w", err)
	}
	b := Blob{ID: id, MediaType: mediaType, Size: int64(len(data)), Data: z}
	if err := putSealed(t, bBlobs, []byte(id), &b); err != nil {
		return "", fmt.Errorf("store blob %s: %w", id, err)
	}
	return id, nil
}

// GetBlob returns blob id with its data decompressed and checked.
func (t *Tx) GetBlob(id string) (Blob, error) {
	b, err := getSealed[Blob](t, bBlobs, []byte(id))
	if err != nil {
		return b, fmt.Errorf("blob %s: %w", id, err)
	}
	data, err := inflate(b.Data)
	if err != nil {
		return Blob{}, corrupt(bBlobs, []byte(id), "does not decompress")
	}
	if sha256Hex(data) != id {
		return Blob{}, corrupt(bBlobs, []byte(id), "content does not match its SHA-256")
	}
	b.Data = data
	return b, nil
}
