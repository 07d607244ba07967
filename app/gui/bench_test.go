package gui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/store"
)

// syntheticFindings makes n findings over 50 people and 200 hosts (masked
// values only, as the store holds them).
func syntheticFindings(n int) ([]store.Finding, map[string]string) {
	names := map[string]string{}
	for i := range 50 {
		names[fmt.Sprintf("p%d", i)] = fmt.Sprintf("测试人员%02d", i)
	}
	kinds := []string{"phone", "cn_id", "email", "address", "qq"}
	sts := []string{"new", "confirmed", "reported", "removed", "false_positive", "reappeared"}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fs := make([]store.Finding, n)
	for i := range fs {
		fs[i] = store.Finding{ID: fmt.Sprintf("f%d", i), URL: fmt.Sprintf("https://site%d.example/t/%d", i%200, i),
			Host: fmt.Sprintf("site%d.example", i%200), PersonID: fmt.Sprintf("p%d", i%50), Kind: kinds[i%5],
			Severity: severities[i%4], Status: sts[i%6], Masked: "138****8000",
			FirstSeen: t0.Add(time.Duration(i) * time.Minute), LastSeen: t0.Add(time.Duration(i) * time.Hour)}
	}
	return fs, names
}

func benchTab(b *testing.B) (*findingsTab, fyne.Window) {
	a := test.NewTempApp(b)
	a.Settings().SetTheme(NewTheme(test.Theme()))
	u := &UI{app: a, settled: make(chan struct{}, 1)}
	ft := newFindingsTab(u)
	w := test.NewTempWindow(b, ft.table)
	w.Resize(fyne.NewSize(1100, 600))
	return ft, w
}

// BenchmarkFindingsJump10k: scroll the findings table to a far row and
// render the window (software painter), 10,000 rows.
func BenchmarkFindingsJump10k(b *testing.B) {
	ft, w := benchTab(b)
	fs, names := syntheticFindings(10_000)
	ft.all, ft.names = fs, names
	ft.rows = make([]int, len(fs))
	for i := range ft.rows {
		ft.rows[i] = i
	}
	ft.table.Refresh()
	b.ResetTimer()
	for i := range b.N {
		ft.table.ScrollTo(widget.TableCellID{Row: (i * 7919) % len(ft.rows), Col: 0})
		w.Canvas().Capture()
	}
}

// BenchmarkPlainTableJump10k is the peer: a bare widget.Table of labels
// with the same size, columns and jumps.
func BenchmarkPlainTableJump10k(b *testing.B) {
	a := test.NewTempApp(b)
	a.Settings().SetTheme(NewTheme(test.Theme()))
	fs, _ := syntheticFindings(10_000)
	t := widget.NewTableWithHeaders(func() (int, int) { return len(fs), numCols },
		func() fyne.CanvasObject { return container.NewStack(widget.NewLabel("")) },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*fyne.Container).Objects[0].(*widget.Label).SetText(fs[id.Row].Host)
		})
	for i, w := range colWidths {
		t.SetColumnWidth(i, w)
	}
	w := test.NewTempWindow(b, t)
	w.Resize(fyne.NewSize(1100, 600))
	b.ResetTimer()
	for i := range b.N {
		t.ScrollTo(widget.TableCellID{Row: (i * 7919) % len(fs), Col: 0})
		w.Canvas().Capture()
	}
}

// BenchmarkFindingsFilterSort10k: change a filter over 10,000 findings
// (filter, sort, refresh the visible cells).
func BenchmarkFindingsFilterSort10k(b *testing.B) {
	ft, _ := benchTab(b)
	fs, names := syntheticFindings(10_000)
	ft.setData(fs, names)
	b.ResetTimer()
	for i := range b.N {
		ft.status.SetSelectedIndex(i % 3)
	}
}
