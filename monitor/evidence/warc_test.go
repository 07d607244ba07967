package evidence

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// captures returns test captures: a gzip-encoded GBK page (the bytes must
// stay as received), a plain UTF-8 page with a screenshot, an empty 404.
func captures() []WARCCapture {
	gbk := []byte("<html><meta charset=gbk><p>\xb2\xe2\xca\xd4\xd2\xb3\xc3\xe6</p></html>") // 测试页面
	pages := []struct {
		url    string
		status int
		raw    []byte
		hdr    http.Header
		shot   []byte
	}{
		{"http://bbs.example.com/t/1?p=2", 200, gz(gbk), http.Header{"Content-Type": {"text/html; charset=gbk"}, "Content-Encoding": {"gzip"}, "Transfer-Encoding": {"chunked"}}, nil},
		{"https://weibo.example.cn/u/5", 200, []byte("<p>手机 138****8000</p>"), http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Length": {"26"}}, []byte("\x89PNG\r\n\x1a\nfake-but-opaque")},
		{"https://gone.example.org/x", 404, []byte{}, http.Header{"Server": {"test"}}, nil},
	}
	var out []WARCCapture
	for i, p := range pages {
		out = append(out, WARCCapture{
			ID: fmt.Sprintf("%x", sha256.Sum256(p.raw)), URL: p.url, Status: p.status, Raw: p.raw,
			RequestHeader:  http.Header{"User-Agent": {"DoxGuard/0.1.0"}, "Accept-Encoding": {"gzip"}},
			ResponseHeader: p.hdr, RemoteIP: "203.0.113.9",
			FetchedAt: time.Date(2026, 11, 20, 8, i, 0, 0, time.UTC), Screenshot: p.shot,
		})
	}
	return out
}

func writeWARC(t *testing.T, cs []WARCCapture) []byte {
	t.Helper()
	var buf bytes.Buffer
	ww, err := NewWARCWriter(&buf, WARCInfo{Software: "DoxGuard test", Filename: "t.warc.gz", Description: "test export"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if err := ww.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if want := 1 + 2*len(cs) + 1; ww.Records != want {
		t.Errorf("Records = %d, want %d", ww.Records, want)
	}
	return buf.Bytes()
}

// TestWARCStrictReader reads the export back with gowarc's strict reader
// and recomputes every digest independently of the writer.
func TestWARCStrictReader(t *testing.T) {
	cs := captures()
	data := writeWARC(t, cs)
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(data), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	var payloads [][]byte
	var infoID string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("strict reader: %v", err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("validation: %v", rec.Validation)
		}
		wr := rec.WarcRecord
		h := wr.WarcHeader()
		typ := wr.Type().String()
		types[typ]++
		raw, err := wr.Block().RawBytes()
		if err != nil {
			t.Fatal(err)
		}
		block, _ := io.ReadAll(raw)
		if got := digest(block); got != h.Get(gowarc.WarcBlockDigest) {
			t.Errorf("%s: block digest %s, recomputed %s", typ, h.Get(gowarc.WarcBlockDigest), got)
		}
		switch typ {
		case "warcinfo":
			infoID = h.Get(gowarc.WarcRecordID)
			if !bytes.Contains(block, []byte("format: WARC File Format 1.1")) {
				t.Errorf("warcinfo block %q", block)
			}
		case "response":
			payload := block[bytes.Index(block, []byte("\r\n\r\n"))+4:]
			if got := digest(payload); got != h.Get(gowarc.WarcPayloadDigest) {
				t.Errorf("payload digest %s, recomputed %s", h.Get(gowarc.WarcPayloadDigest), got)
			}
			if h.Get(gowarc.WarcIPAddress) != "203.0.113.9" || h.Get(gowarc.WarcWarcinfoID) != infoID {
				t.Errorf("response header %v", h)
			}
			if bytes.Contains(block[:bytes.Index(block, []byte("\r\n\r\n"))], []byte("Transfer-Encoding")) {
				t.Error("Transfer-Encoding recorded for a de-chunked body")
			}
			payloads = append(payloads, payload)
		case "request":
			if !bytes.HasPrefix(block, []byte("GET /")) || !bytes.Contains(block, []byte("Host: ")) {
				t.Errorf("request block %q", block)
			}
		case "resource":
			if h.Get(gowarc.ContentType) != "image/png" || h.Get(gowarc.WarcTargetURI) != "urn:screenshot:"+cs[1].URL {
				t.Errorf("resource header %v", h)
			}
		}
		rec.Close()
	}
	if types["warcinfo"] != 1 || types["response"] != 3 || types["request"] != 3 || types["resource"] != 1 {
		t.Errorf("record types %v", types)
	}
	// The payload is the capture, byte for byte: its sha256 is the ID the
	// report prints, and the gzip+GBK page was not decoded on the way.
	for i, p := range payloads {
		if fmt.Sprintf("%x", sha256.Sum256(p)) != cs[i].ID || !bytes.Equal(p, cs[i].Raw) {
			t.Errorf("capture %d payload differs from the stored bytes", i)
		}
	}
}

func TestWARCRefusesMismatchedCapture(t *testing.T) {
	c := captures()[1]
	c.Raw = append([]byte{}, c.Raw...)
	c.Raw[0] ^= 1
	ww, err := NewWARCWriter(io.Discard, WARCInfo{Software: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ww.Add(c); !errors.Is(err, ErrCaptureHash) {
		t.Fatalf("Add of a tampered capture = %v, want ErrCaptureHash", err)
	}
}

// TestWARCWithWarcio checks the export with an independent implementation,
// webrecorder's warcio.js, when node and the package are available offline
// or from the npm cache.
func TestWARCWithWarcio(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed: warcio.js check skipped (the gowarc strict check is the required one)")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	install := exec.CommandContext(ctx, "npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", "warcio@2.4.11")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Skipf("npm install warcio@2.4.11 failed (offline?): %v %s", err, out)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "warcio_check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "check.mjs"), script, 0o600); err != nil {
		t.Fatal(err)
	}
	cs := captures()
	if err := os.WriteFile(filepath.Join(dir, "x.warc.gz"), writeWARC(t, cs), 0o600); err != nil {
		t.Fatal(err)
	}
	run := exec.CommandContext(ctx, "node", "check.mjs", "x.warc.gz")
	run.Dir = dir
	out, err := run.Output()
	if err != nil {
		t.Fatalf("warcio check: %v", err)
	}
	var res struct {
		Records  int
		Types    map[string]int
		Bad      []string
		Payloads []string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("warcio output %q: %v", out, err)
	}
	if res.Records != 8 || len(res.Bad) > 0 {
		t.Errorf("warcio: %d records, bad %v", res.Records, res.Bad)
	}
	if len(res.Payloads) != 3 || strings.Join(res.Payloads, ",") != cs[0].ID+","+cs[1].ID+","+cs[2].ID {
		t.Errorf("warcio payload hashes %v do not match the capture IDs", res.Payloads)
	}
}
