package shot

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/doxguard/doxguard/assets"
)

// cjkTheme is the bundled font for all text (as app/gui's theme).
type cjkTheme struct{ fyne.Theme }

func (t cjkTheme) Font(fyne.TextStyle) fyne.Resource {
	return fyne.NewStaticResource("cjk.ttf", assets.FontCJK())
}

// render draws lines of text with Fyne's software painter, the way the app
// draws labels.
func render(t *testing.T, th fyne.Theme, lines ...string) Report {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(th)
	box := container.NewVBox()
	for _, l := range lines {
		txt := canvas.NewText(l, theme.Color(theme.ColorNameForeground))
		txt.TextSize = 16
		box.Add(txt)
	}
	w := test.NewTempWindow(t, box)
	w.Resize(fyne.NewSize(700, 200))
	return Analyze(w.Canvas().Capture())
}

func TestChineseTextHasManyShapes(t *testing.T) {
	r := render(t, cjkTheme{test.Theme()},
		"防人肉卫士只在本机加密保存您登记的身份信息",
		"请牢记口令：口令丢失后，任何人都无法恢复数据。")
	if r.Blank() {
		t.Fatalf("rendered text reported blank: %+v", r)
	}
	t.Logf("%+v", r)
	if r.Shapes < 20 {
		t.Fatalf("real Chinese text: %d shapes in %d blobs, want ≥ 20", r.Shapes, r.Blobs)
	}
}

func TestReplacementCharactersAreOneShape(t *testing.T) {
	// What a CJK line looks like when no font has the glyphs.
	line := strings.Repeat("\uFFFD", 20)
	r := render(t, test.Theme(), line, line)
	if r.Blobs < 20 {
		t.Fatalf("replacement characters not found as blobs: %+v", r)
	}
	t.Logf("%+v", r)
	if r.Shapes > 3 {
		t.Fatalf("%d replacement characters counted as %d shapes, want ≤ 3", r.Blobs, r.Shapes)
	}
}

func TestBlank(t *testing.T) {
	r := render(t, test.Theme())
	if !r.Blank() {
		t.Fatalf("empty window not blank: %+v", r)
	}
}
