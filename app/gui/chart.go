package gui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// barChart draws one bar per day: how many findings were first seen that
// day. Small on purpose: it answers "is this getting worse?", nothing more.
type barChart struct {
	widget.BaseWidget
	counts []int
	first  time.Time
}

const chartDays = 14

func newBarChart() *barChart {
	c := &barChart{counts: make([]int, chartDays)}
	c.ExtendBaseWidget(c)
	return c
}

// set counts the findings' first-seen days over the last chartDays days
// ending today.
func (c *barChart) set(firstSeen []time.Time, now time.Time) {
	y, m, d := now.Local().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	c.first = today.AddDate(0, 0, -(chartDays - 1))
	c.counts = make([]int, chartDays)
	for _, t := range firstSeen {
		lt := t.Local()
		if lt.Before(c.first) {
			continue
		}
		i := int(lt.Sub(c.first) / (24 * time.Hour))
		if i >= 0 && i < chartDays {
			c.counts[i]++
		}
	}
	c.Refresh()
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{c: c, axis: canvas.NewLine(theme.Color(theme.ColorNameDisabled))}
	for range chartDays {
		r.bars = append(r.bars, canvas.NewRectangle(primary))
	}
	r.first = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	r.last = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	r.max = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	for _, t := range []*canvas.Text{r.first, r.last, r.max} {
		t.TextSize = theme.CaptionTextSize()
	}
	r.Refresh()
	return r
}

type barRenderer struct {
	c                *barChart
	bars             []*canvas.Rectangle
	axis             *canvas.Line
	first, last, max *canvas.Text
}

func (r *barRenderer) Layout(size fyne.Size) {
	label := r.first.MinSize().Height
	h := size.Height - label - 2
	top := r.max.MinSize().Height
	peak := 1
	for _, n := range r.c.counts {
		peak = max(peak, n)
	}
	w := size.Width / float32(chartDays)
	for i, b := range r.bars {
		bh := (h - top) * float32(r.c.counts[i]) / float32(peak)
		if r.c.counts[i] > 0 {
			bh = max(bh, 2)
		}
		b.Move(fyne.NewPos(float32(i)*w+w*0.15, h-bh))
		b.Resize(fyne.NewSize(w*0.7, bh))
	}
	r.axis.Position1 = fyne.NewPos(0, h)
	r.axis.Position2 = fyne.NewPos(size.Width, h)
	r.first.Move(fyne.NewPos(0, h+2))
	r.last.Move(fyne.NewPos(size.Width-r.last.MinSize().Width, h+2))
	r.max.Move(fyne.NewPos(0, 0))
}

func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(280, 110) }

func (r *barRenderer) Refresh() {
	peak := 0
	for i, b := range r.bars {
		peak = max(peak, r.c.counts[i])
		b.FillColor = theme.Color(theme.ColorNamePrimary)
		if r.c.counts[i] == 0 {
			b.FillColor = color.Transparent
		}
		b.Refresh()
	}
	r.first.Text = r.c.first.Format("01-02")
	r.last.Text = r.c.first.AddDate(0, 0, chartDays-1).Format("01-02")
	r.max.Text = T("overview.chart_peak", "N", peak)
	for _, t := range []*canvas.Text{r.first, r.last, r.max} {
		t.Color = theme.Color(theme.ColorNamePlaceHolder)
		t.Refresh()
	}
	r.Layout(r.c.Size())
}

func (r *barRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.axis, r.first, r.last, r.max}
	for _, b := range r.bars {
		objs = append(objs, b)
	}
	return objs
}

func (r *barRenderer) Destroy() {}
