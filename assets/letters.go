package assets

import (
	"embed"
	"io/fs"
)

// Letter templates are text/template files named <name>.<lang>.tmpl (lang
// "zh" or "en"), plus shared partials in _partials.<lang>.tmpl. app/letters
// parses them; users may override any of them from the data folder.
//
//go:embed letters/*.tmpl
var letterFS embed.FS

//go:embed platforms.json
var platforms []byte

// Letters returns the embedded letter templates, rooted at the letters folder.
func Letters() fs.FS {
	sub, err := fs.Sub(letterFS, "letters")
	if err != nil {
		// fs.Sub only fails on an invalid path; "letters" is a constant.
		return letterFS
	}
	return sub
}

// Platforms returns the embedded platform directory (JSON): host patterns,
// complaint channels, what each platform asks for and when that was checked.
func Platforms() []byte { return platforms }
