package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// generateButton is replaced when app/report's API lands.
func (t *reportsTab) generateButton() fyne.CanvasObject {
	b := widget.NewButton(T("reports.generate"), nil)
	b.Disable()
	return b
}
