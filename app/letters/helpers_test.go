package letters

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Exported for the external test package (export_test.go).
var (
	DecodeEML = decodeEML
	PDFText   = pdfText
)

// decodeEML parses an .eml draft as a mail reader would and returns the
// decoded subject and body.
func decodeEML(t *testing.T, b []byte) string {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("eml does not parse as RFC 5322: %v", err)
	}
	var dec mime.WordDecoder
	subj, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, m.Body))
	if err != nil {
		t.Fatalf("eml body: %v", err)
	}
	return subj + "\n" + string(body)
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils); the test is
// skipped where it is not installed.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "l.pdf")
	if err := os.WriteFile(in, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
