package evidence

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// benchCaptures are 200 pages of 50 KiB of HTML-like text.
func benchCaptures() []WARCCapture {
	var out []WARCCapture
	for i := range 200 {
		raw := bytes.Repeat([]byte(fmt.Sprintf("<p>第%d页 帖子内容 content line</p>\n", i)), 1600)[:50<<10]
		out = append(out, WARCCapture{ID: fmt.Sprintf("%x", sha256.Sum256(raw)), URL: fmt.Sprintf("https://bbs.example.com/t/%d", i),
			Status: 200, Raw: raw, ResponseHeader: http.Header{"Content-Type": {"text/html"}}, FetchedAt: time.Unix(1.7e9, 0)})
	}
	return out
}

// BenchmarkWARC200 writes 200 captures as WARC (3 records each incl. info).
func BenchmarkWARC200(b *testing.B) {
	cs := benchCaptures()
	b.SetBytes(200 * 50 << 10)
	for b.Loop() {
		ww, err := NewWARCWriter(io.Discard, WARCInfo{Software: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range cs {
			if err := ww.Add(c); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPeerGzip200 is the floor: the same bytes gzipped one member per
// page, with no WARC framing, digests or validation.
func BenchmarkPeerGzip200(b *testing.B) {
	cs := benchCaptures()
	b.SetBytes(200 * 50 << 10)
	for b.Loop() {
		for _, c := range cs {
			zw := gzip.NewWriter(io.Discard)
			zw.Write(c.Raw)
			zw.Close()
		}
	}
}
