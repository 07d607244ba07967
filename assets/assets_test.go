package assets

import (
	"bytes"
	"testing"
)

// A font collection ("ttcf") crashes Fyne and is rejected by fpdf, and a CFF
// font ("OTTO") does not work in fpdf: the bundled font must be a plain
// TrueType face.
func TestFontIsSingleFaceTrueType(t *testing.T) {
	f := FontCJK()
	if len(f) < 1<<20 {
		t.Fatalf("bundled CJK font is %d bytes; expected the full WenQuanYi Micro Hei face", len(f))
	}
	if !bytes.Equal(f[:4], []byte{0, 1, 0, 0}) {
		t.Fatalf("bundled font starts with %q, want a TrueType (0x00010000) face", f[:4])
	}
	if !bytes.Contains(FontLicence(), []byte("Apache-2.0")) {
		t.Fatal("font licence text is missing its Apache-2.0 grant")
	}
}

func TestIconIsPNG(t *testing.T) {
	if !bytes.HasPrefix(Icon(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("icon is not a PNG file")
	}
}
