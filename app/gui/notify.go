package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"github.com/doxguard/doxguard/assets"
	"github.com/doxguard/doxguard/monitor"
)

// notifier is the GUI's monitor.Notifier: new critical and high findings,
// reappeared content and scheduled-scan errors become desktop
// notifications. Monitor notifications carry masked identifiers only.
type notifier struct {
	ui *UI
}

// Notify may be called from the monitor's goroutines.
func (n *notifier) Notify(m monitor.Notification) {
	if m.Title == "" && m.Body == "" {
		return
	}
	title := m.Title
	switch m.Level {
	case monitor.LevelCritical:
		title = T("notify.critical") + title
	case monitor.LevelHigh:
		title = T("notify.high") + title
	case monitor.LevelError:
		title = T("notify.error") + title
	}
	n.ui.app.SendNotification(fyne.NewNotification(title, m.Body))
	fyne.Do(func() {
		if n.ui.tabs != nil && n.ui.db.Unlocked() {
			n.ui.refresh()
		}
	})
}

// SetupTray installs the tray menu and makes closing the window hide it
// while monitoring continues. Call only when a tray can work (see
// Config.Tray); returns false when the app has no tray support.
func (u *UI) SetupTray() bool {
	if !u.cfg.Tray {
		return false
	}
	da, ok := u.app.(desktop.App)
	if !ok {
		return false
	}
	u.buildTrayMenu(da)
	da.SetSystemTrayIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	da.SetSystemTrayWindow(u.win)
	u.win.SetCloseIntercept(func() {
		u.win.Hide()
		u.app.SendNotification(fyne.NewNotification(T("app.title"), T("tray.still_running")))
	})
	return true
}

func (u *UI) buildTrayMenu(da desktop.App) {
	pause := fyne.NewMenuItem(T("tray.pause"), nil)
	pause.Checked = u.paused
	pause.Action = func() {
		u.SetPaused(!u.paused)
		u.buildTrayMenu(da)
	}
	open := fyne.NewMenuItem(T("tray.open"), func() { u.win.Show(); u.win.RequestFocus() })
	open.Icon = theme.HomeIcon()
	scan := fyne.NewMenuItem(T("menu.scan_now"), func() { u.win.Show(); u.ScanNow() })
	quit := fyne.NewMenuItem(T("tray.quit"), func() { u.Close(); u.app.Quit() })
	quit.IsQuit = true
	da.SetSystemTrayMenu(fyne.NewMenu(T("app.title"), open, scan, pause, fyne.NewMenuItemSeparator(), quit))
}
