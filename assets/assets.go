// Package assets embeds everything DoxGuard ships inside its binary: the
// application icon, the single-face CJK font used by both the GUI theme and
// the PDFs, letter templates, the platform directory and the demo site.
//
// The package imports nothing from the rest of DoxGuard so every layer may
// use it.
package assets

import _ "embed"

// Version is the DoxGuard release this binary was built from. It appears in
// the User-Agent, in evidence records and on reports.
const Version = "0.1.0"

// Homepage is the address named in the crawler's User-Agent so site owners
// can find out what DoxGuard is.
const Homepage = "https://github.com/doxguard/doxguard"

//go:embed fonts/wqy-microhei.ttf
var fontCJK []byte

//go:embed fonts/LICENSE-wqy-microhei.txt
var fontLicence []byte

//go:embed icon.png
var icon []byte

// FontCJK returns WenQuanYi Micro Hei (face 0 of the Debian .ttc, saved as a
// plain glyf TrueType file). A single-face TTF is required: Fyne crashes on
// font collections and fpdf only reads glyf outlines.
func FontCJK() []byte { return fontCJK }

// FontLicence returns the font's copyright and licence text for the About box.
func FontLicence() []byte { return fontLicence }

// Icon returns the 512×512 application icon as PNG.
func Icon() []byte { return icon }
