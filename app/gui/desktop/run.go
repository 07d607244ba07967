// Package desktop is the GUI's front door: the only DoxGuard code that
// imports fyne.io/fyne/v2/app (and with it cgo, OpenGL and X11). Everything
// else lives in package gui, which takes a fyne.App so its tests run on
// Fyne's software test driver with CGO_ENABLED=0.
package desktop

import (
	"context"
	"fmt"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/doxguard/doxguard/app/gui"
	_ "github.com/doxguard/doxguard/app/gui/desktop/plainlocale" // before Fyne reads the locale
	"github.com/doxguard/doxguard/assets"
)

// noDisplay explains why the window cannot open on a Unix system without a
// graphical session (an SSH login, a server); "" when one is there.
func noDisplay(goos string, getenv func(string) string) string {
	switch goos {
	case "windows", "darwin", "android", "ios", "js":
		return ""
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return "no graphical display found — start DoxGuard from your desktop, or use the command line (doxguard help) (未检测到图形界面)"
}

// AppID is the reverse-DNS ID from FyneApp.toml; Fyne keeps preferences
// (language, theme, idle lock) under it.
const AppID = "io.github.doxguard"

// Run opens the desktop app on the database at dbPath and blocks until the
// app quits. It returns the process exit status. ctx cancellation quits the
// app (main cancels it on SIGINT/SIGTERM).
func Run(ctx context.Context, dbPath string) int {
	if msg := noDisplay(runtime.GOOS, os.Getenv); msg != "" {
		// GLFW panics without a display; say what to do instead.
		fmt.Fprintln(os.Stderr, "doxguard: "+msg)
		return 1
	}
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w := a.NewWindow("DoxGuard")
	w.Resize(fyne.NewSize(1180, 760))
	u := gui.New(a, w, gui.Config{
		DBPath:  dbPath,
		Version: assets.Version,
		// Without a session bus Fyne's tray crashes on quit (fyne#6403);
		// Windows and macOS always have a tray.
		Tray:  runtime.GOOS != "linux" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "",
		Watch: true,
	})
	w.SetMaster()
	u.Start()
	u.SetupTray()
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	w.ShowAndRun()
	u.Close()
	return 0
}
