package evidence

import (
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// WARCCapture is what the WARC writer needs from one stored capture.
type WARCCapture struct {
	ID             string // sha256 hex of Raw (the capture ID), checked
	URL            string // the URL fetched (WARC-Target-URI)
	Method         string // "" → GET
	Proto          string // "" → HTTP/1.1
	Status         int
	RequestHeader  http.Header // as sent, Host included
	ResponseHeader http.Header // as received
	RemoteIP       string
	FetchedAt      time.Time
	Raw            []byte // body bytes as received (still content-encoded)
	Truncated      bool
	// Screenshot is a PNG of the page, written as a resource record
	// concurrent to the response; nil if none.
	Screenshot   []byte
	ScreenshotAt time.Time
}

// WARCInfo describes the export in the warcinfo record.
type WARCInfo struct {
	Software    string // "DoxGuard 0.1.0"
	Filename    string // base name of the output file
	Description string // free text, no personal data
	Created     time.Time
}

// WARCWriter writes a WARC 1.1 file, each record its own gzip member (so
// tools can seek to a record), with sha256 block and payload digests.
type WARCWriter struct {
	w        io.Writer
	infoID   string
	Records  int   // records written so far
	Captures int   // captures written so far
	Bytes    int64 // uncompressed record bytes
}

// ErrCaptureHash means a capture's bytes do not hash to its ID; the export
// stops rather than archive evidence that does not match the report.
var ErrCaptureHash = errors.New("capture bytes do not match their sha256")

// NewWARCWriter writes the warcinfo record and returns the writer.
func NewWARCWriter(w io.Writer, info WARCInfo) (*WARCWriter, error) {
	ww := &WARCWriter{w: w}
	created := info.Created
	if created.IsZero() {
		created = time.Now()
	}
	var fields strings.Builder
	fmt.Fprintf(&fields, "software: %s\r\n", info.Software)
	fmt.Fprintf(&fields, "format: WARC File Format 1.1\r\n")
	fmt.Fprintf(&fields, "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
	if info.Description != "" {
		fmt.Fprintf(&fields, "description: %s\r\n", oneLine(info.Description))
	}
	id, err := ww.write(gowarc.Warcinfo, []byte(fields.String()), func(b gowarc.WarcRecordBuilder) {
		b.AddWarcHeaderTime(gowarc.WarcDate, created)
		b.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
		if info.Filename != "" {
			b.AddWarcHeader(gowarc.WarcFilename, info.Filename)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("warcinfo record: %w", err)
	}
	ww.infoID = id
	return ww, nil
}

// Add writes a response record with the captured bytes, the request record
// concurrent to it, and the screenshot as a resource record.
func (ww *WARCWriter) Add(c WARCCapture) error {
	sum := sha256.Sum256(c.Raw)
	if fmt.Sprintf("%x", sum) != c.ID {
		return fmt.Errorf("capture %s: %w", c.ID, ErrCaptureHash)
	}
	u, err := url.Parse(c.URL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("capture %s: target url unusable", c.ID)
	}
	proto := c.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	var head strings.Builder
	fmt.Fprintf(&head, "%s %d %s\r\n", proto, c.Status, http.StatusText(c.Status))
	// Go's client removes chunking before we see the bytes, so a recorded
	// Transfer-Encoding would make readers de-chunk a body that is not
	// chunked and compute a wrong payload digest.
	writeHeader(&head, c.ResponseHeader, "Transfer-Encoding")
	head.WriteString("\r\n")
	block := append([]byte(head.String()), c.Raw...)
	common := func(b gowarc.WarcRecordBuilder) {
		b.AddWarcHeaderTime(gowarc.WarcDate, c.FetchedAt)
		b.AddWarcHeader(gowarc.WarcTargetURI, c.URL)
		b.AddWarcHeader(gowarc.WarcWarcinfoID, ww.infoID)
		if c.RemoteIP != "" {
			b.AddWarcHeader(gowarc.WarcIPAddress, c.RemoteIP)
		}
	}
	respID, err := ww.write(gowarc.Response, block, func(b gowarc.WarcRecordBuilder) {
		common(b)
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
		b.AddWarcHeader(gowarc.WarcPayloadDigest, digest(c.Raw))
		if c.Truncated {
			b.AddWarcHeader(gowarc.WarcTruncated, "length")
		}
	})
	if err != nil {
		return fmt.Errorf("capture %s: response record: %w", c.ID, err)
	}

	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	var req strings.Builder
	fmt.Fprintf(&req, "%s %s %s\r\n", method, u.RequestURI(), proto)
	rh := c.RequestHeader.Clone()
	if rh == nil {
		rh = http.Header{}
	}
	if rh.Get("Host") == "" {
		rh.Set("Host", u.Host)
	}
	writeHeader(&req, rh, "")
	req.WriteString("\r\n")
	if _, err := ww.write(gowarc.Request, []byte(req.String()), func(b gowarc.WarcRecordBuilder) {
		common(b)
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
		b.AddWarcHeader(gowarc.WarcConcurrentTo, respID)
	}); err != nil {
		return fmt.Errorf("capture %s: request record: %w", c.ID, err)
	}

	if len(c.Screenshot) > 0 {
		at := c.ScreenshotAt
		if at.IsZero() {
			at = c.FetchedAt
		}
		if _, err := ww.write(gowarc.Resource, c.Screenshot, func(b gowarc.WarcRecordBuilder) {
			b.AddWarcHeaderTime(gowarc.WarcDate, at)
			// The urn:screenshot: prefix is what browsertrix and pywb
			// use, so replay tools show it next to the page.
			b.AddWarcHeader(gowarc.WarcTargetURI, "urn:screenshot:"+c.URL)
			b.AddWarcHeader(gowarc.WarcConcurrentTo, respID)
			b.AddWarcHeader(gowarc.WarcWarcinfoID, ww.infoID)
			b.AddWarcHeader(gowarc.ContentType, "image/png")
			b.AddWarcHeader(gowarc.WarcPayloadDigest, digest(c.Screenshot))
		}); err != nil {
			return fmt.Errorf("capture %s: screenshot record: %w", c.ID, err)
		}
	}
	ww.Captures++
	return nil
}

// write builds one record with sha256 block digest and strict validation
// (a record gowarc would reject is never written) and writes it as its own
// gzip member. It returns the record ID.
func (ww *WARCWriter) write(t gowarc.RecordType, block []byte, headers func(gowarc.WarcRecordBuilder)) (string, error) {
	id, err := recordID()
	if err != nil {
		return "", err
	}
	b := gowarc.NewRecordBuilder(t, gowarc.WithStrictValidation(), gowarc.WithBufferMaxMemBytes(int64(len(block))+1<<16))
	b.AddWarcHeader(gowarc.WarcRecordID, id)
	headers(b)
	b.AddWarcHeader(gowarc.WarcBlockDigest, digest(block))
	if _, err := b.Write(block); err != nil {
		return "", err
	}
	rec, _, err := b.Build()
	if err != nil {
		return "", err
	}
	defer rec.Close()
	zw := gzip.NewWriter(ww.w)
	_, n, err := gowarc.NewMarshaler().Marshal(zw, rec, 0)
	if err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	ww.Records++
	ww.Bytes += n
	return id, nil
}

// digest is the WARC form of a sha256: "sha256:" + base32.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + base32.StdEncoding.EncodeToString(sum[:])
}

func recordID() (string, error) {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		return "", fmt.Errorf("record id: %w", err)
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:]), nil
}

// writeHeader writes h in sorted order (Go does not keep the wire order),
// leaving out skip.
func writeHeader(sb *strings.Builder, h http.Header, skip string) {
	keys := make([]string, 0, len(h))
	for k := range h {
		if !strings.EqualFold(k, skip) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(sb, "%s: %s\r\n", k, oneLine(v))
		}
	}
}

func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}
