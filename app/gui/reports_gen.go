package gui

import (
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/doxguard/doxguard/app/report"
)

func (t *reportsTab) generateButton() fyne.CanvasObject {
	t.genBtn = widget.NewButtonWithIcon(T("reports.generate"), theme.DocumentSaveIcon(), t.chooseFile)
	t.genBtn.Importance = widget.HighImportance
	return t.genBtn
}

// parseDay reads an optional YYYY-MM-DD; end days run to their last second.
func parseDay(s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, errors.New(T("reports.bad_date", "Date", s))
	}
	if end {
		d = d.AddDate(0, 0, 1).Add(-time.Second)
	}
	return d, nil
}

func (t *reportsTab) chooseFile() {
	if t.person.SelectedIndex() < 0 {
		t.status.SetText(T("reports.no_people"))
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		t.generate(w, w.URI().Path())
	}, t.u.win)
	// The file name never carries the person's name: names are personal data.
	d.SetFileName("doxguard-report-" + time.Now().Format("20060102") + ".pdf")
	d.Show()
}

// generate builds the report off the UI thread into w (closed when done)
// and opens the finished PDF.
func (t *reportsTab) generate(w io.WriteCloser, path string) {
	from, err := parseDay(t.from.Text, false)
	if err == nil {
		var to time.Time
		to, err = parseDay(t.to.Text, true)
		if err == nil {
			t.run(w, path, from, to)
			return
		}
	}
	w.Close()
	t.status.SetText(err.Error())
	t.u.signal()
}

func (t *reportsTab) run(w io.WriteCloser, path string, from, to time.Time) {
	pid := t.personIDs[t.person.SelectedIndex()]
	lang := "zh"
	if t.lang.SelectedIndex() == 1 {
		lang = "en"
	}
	t.genBtn.Disable()
	t.status.SetText(T("reports.working"))
	db, version := t.u.db, t.u.version()
	go func() {
		data, err := report.FromStore(context.Background(), db, pid, from, to)
		if err == nil {
			data.Lang, data.Version = lang, version
			err = report.Render(data, w)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil && path != "" {
			_ = os.Remove(path) // no half-written report left behind
		}
		fyne.Do(func() {
			t.genBtn.Enable()
			t.lastErr = err
			if err != nil {
				t.status.SetText(T("reports.failed", "Err", humanError(err)))
			} else {
				t.status.SetText(T("reports.done", "Path", path, "N", len(data.Findings)))
				if path != "" {
					t.u.openURL((&url.URL{Scheme: "file", Path: path}).String())
				}
			}
			t.u.signal()
		})
	}()
}
