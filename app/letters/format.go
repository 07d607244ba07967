package letters

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strings"
	"time"
)

// Format is an output format for a letter.
type Format string

// Output formats, chosen from the file extension.
const (
	FormatText     Format = "txt"
	FormatMarkdown Format = "md"
	FormatEML      Format = "eml"
	FormatPDF      Format = "pdf"
)

// Formats lists every output format.
func Formats() []Format { return []Format{FormatPDF, FormatMarkdown, FormatText, FormatEML} }

// FormatFromPath picks the format from a file name's extension.
func FormatFromPath(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		return FormatText, nil
	case ".md", ".markdown":
		return FormatMarkdown, nil
	case ".eml":
		return FormatEML, nil
	case ".pdf":
		return FormatPDF, nil
	}
	return "", fmt.Errorf("letter file %q: extension must be .pdf, .md, .txt or .eml", filepath.Base(path))
}

// Write renders l in format f to w.
func (l Letter) Write(ctx context.Context, w io.Writer, f Format) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch f {
	case FormatMarkdown:
		_, err := io.WriteString(w, l.Markdown)
		return err
	case FormatText:
		_, err := io.WriteString(w, l.Text())
		return err
	case FormatEML:
		_, err := w.Write(l.EML())
		return err
	case FormatPDF:
		return l.writePDF(w)
	}
	return fmt.Errorf("letter format %q: want pdf, md, txt or eml", f)
}

// Bytes renders l in format f.
func (l Letter) Bytes(ctx context.Context, f Format) ([]byte, error) {
	var b bytes.Buffer
	if err := l.Write(ctx, &b, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Text is the letter as plain text: headings lose their markers and the
// title is underlined, which reads well in e-mail and web forms.
func (l Letter) Text() string {
	var b strings.Builder
	for _, line := range strings.Split(l.Markdown, "\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			t := strings.TrimPrefix(line, "# ")
			b.WriteString(t + "\n" + strings.Repeat("=", displayWidth(t)) + "\n")
		case strings.HasPrefix(line, "## "):
			b.WriteString(strings.TrimPrefix(line, "## ") + "\n")
		case strings.HasPrefix(line, "### "):
			b.WriteString(strings.TrimPrefix(line, "### ") + "\n")
		case line == "---":
			b.WriteString(strings.Repeat("-", 40) + "\n")
		default:
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// displayWidth counts CJK and full-width characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) ||
			(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6)) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// EML is an unsent RFC 5322 draft: UTF-8 headers in MIME B-encoding, a
// base64 text/plain body, and X-Unsent: 1 so mail clients open it as a draft.
// DoxGuard never sends it.
func (l Letter) EML() []byte {
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	date := l.Fields.Date
	if date.IsZero() {
		date = time.Now()
	}
	h("Date", date.Format(time.RFC1123Z))
	if from := fromParty(l.Fields); from != "" {
		h("From", mime.BEncoding.Encode("utf-8", from))
	}
	if to := emailIn(l.Fields.Recipient.Channel); to != "" {
		name := mime.BEncoding.Encode("utf-8", l.Fields.Recipient.Name)
		h("To", name+" <"+to+">")
	}
	h("Subject", mime.BEncoding.Encode("utf-8", l.Title))
	h("X-Unsent", "1")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(l.Text(), "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

func fromParty(f Fields) string {
	p := f.Requester
	if f.Agent != nil {
		p = *f.Agent
	}
	if addr := emailIn(p.Contact); addr != "" {
		return mime.BEncoding.Encode("utf-8", p.Name) + " <" + addr + ">"
	}
	return ""
}

// emailIn returns the first e-mail-looking word in s.
func emailIn(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '，' || r == '；' || r == '<' || r == '>' || r == '(' || r == ')'
	}) {
		w = strings.TrimPrefix(w, "mailto:")
		if at := strings.IndexByte(w, '@'); at > 0 && strings.Contains(w[at:], ".") {
			return w
		}
	}
	return ""
}
