// Command doxguard watches the public web for a person's own identifiers,
// keeps court-worthy evidence of every exposure, and drafts takedown letters.
//
// main only wires: the CLI (app/cli) and the desktop app (app/gui) do the
// work over the same monitor and store packages. `doxguard` with no
// arguments calls cli.GUI when the desktop app has been wired in; until
// then it prints help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/doxguard/doxguard/app/cli"
	"github.com/doxguard/doxguard/app/gui/desktop"
)

func main() {
	cli.GUI = desktop.Run // `doxguard` with no command opens the desktop app
	// Ctrl-C cancels the context: scans stop politely and the database is
	// closed before exit, so its lock is released.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
