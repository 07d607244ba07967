package cli

import (
	"bytes"
	"io"
	"strings"

	"golang.org/x/text/width"
)

// table lines up tab-separated columns like text/tabwriter, but measures
// cells in terminal columns: a Chinese character takes two, so names like
// 程某 no longer push the rest of their row out of line. Write cells with
// fmt.Fprintf(t, "a\tb\tc\n"), then Flush.
type table struct {
	w   io.Writer
	buf bytes.Buffer
}

func newTable(w io.Writer) *table { return &table{w: w} }

func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

// displayWidth is the number of terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Flush writes the buffered rows with every cell but the last of each row
// padded to its column's width, two spaces apart.
func (t *table) Flush() error {
	text := strings.TrimSuffix(t.buf.String(), "\n")
	t.buf.Reset()
	if text == "" {
		return nil
	}
	var rows [][]string
	var widths []int
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(line, "\t")
		for i, c := range cells[:len(cells)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
		rows = append(rows, cells)
	}
	var out strings.Builder
	for _, cells := range rows {
		var row strings.Builder
		last := len(cells) - 1
		for i, c := range cells[:last] {
			row.WriteString(c)
			row.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
		}
		row.WriteString(cells[last])
		out.WriteString(strings.TrimRight(row.String(), " "))
		out.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, out.String())
	return err
}
