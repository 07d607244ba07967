package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Columns after a Chinese name start at the same terminal column on every
// row, as they would in a terminal that draws CJK double width.
func TestTableAlignsChineseColumns(t *testing.T) {
	var b bytes.Buffer
	tw := newTable(&b)
	fmt.Fprintf(tw, "ID\tPERSON\tMASKED\n")
	fmt.Fprintf(tw, "f1\t程某\t138****8000\n")
	fmt.Fprintf(tw, "f10\tCheng A.\t110105********002X\n")
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", b.String())
	}
	col := func(line, cell string) int { return displayWidth(line[:strings.Index(line, cell)]) }
	if a, b2, c := col(lines[0], "MASKED"), col(lines[1], "138"), col(lines[2], "110"); a != b2 || b2 != c {
		t.Errorf("MASKED column starts at %d, %d, %d:\n%s", a, b2, c, b.String())
	}
	if displayWidth("程某") != 4 || displayWidth("ab") != 2 {
		t.Error("display width of CJK must be two columns per character")
	}
}
