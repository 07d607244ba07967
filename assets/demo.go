package assets

import (
	"embed"
	"io/fs"
)

//go:embed all:demo
var demo embed.FS

// DemoSite returns the bundled demo site (rooted at the site's "/"): a small,
// entirely fictional forum with the test person 程安然's identifiers planted
// in the disguises doxers use — full-width digits, digits split across tags,
// Chinese numerals, "[at]" e-mail, a masked number, an ID number in an image
// alt text, an address variant and a GBK-encoded page (the bytes are GBK on
// disk and must be served as they are). feed.xml and sitemap.xml contain the
// placeholder {{BASE}}, which the demo server replaces with its own address.
func DemoSite() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil { // only if the embed directive above is wrong
		return demo
	}
	return sub
}
