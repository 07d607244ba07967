// Package plainlocale stops Fyne from logging "Error parsing user locale C"
// on every run of the doxguard binary — CLI commands included — on systems
// whose locale is the plain C locale with a character set (LANG=C.UTF-8,
// common on servers and in containers).
//
// Fyne's lang package reads the locale in its package init, before main
// runs, and cannot parse "C". Go initialises packages in import-path order
// as soon as their imports are ready, and this path sorts before the locale
// library Fyne uses, so importing it (for its side effect) from the desktop
// entry point runs this init first. It only sets LANGUAGE, which gettext
// and the locale library consult for the language of messages, and only
// when nothing better is set.
package plainlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(env)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
