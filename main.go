// Command doxguard watches the public web for a person's own identifiers,
// keeps court-worthy evidence of every exposure, and drafts takedown letters.
//
// main only wires: the CLI (app/cli) and the desktop app (app/gui) do the
// work over the same monitor and store packages.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "doxguard: usage: doxguard COMMAND (the command line is being built; see README.md)")
	os.Exit(2)
}
