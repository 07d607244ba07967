package assets

import (
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"
)

// The demo site must ship the pages the demo scan is built around; the GBK
// page must really be GBK bytes (the point is to exercise charset repair).
func TestDemoSite(t *testing.T) {
	site := DemoSite()
	for _, name := range []string{"index.html", "robots.txt", "feed.xml", "sitemap.xml",
		"forum/thread-1024.html", "forum/thread-2048.html", "forum/thread-4096.html",
		"paste/a7f3.html", "news/local.html", "private/notes.html", "img/card.png"} {
		b, err := fs.ReadFile(site, name)
		if err != nil {
			t.Fatalf("demo site lacks %s: %v", name, err)
		}
		if strings.HasSuffix(name, ".xml") && !strings.Contains(string(b), "{{BASE}}/") {
			t.Errorf("%s: absolute links must use the {{BASE}} placeholder", name)
		}
	}
	gbk, _ := fs.ReadFile(site, "news/local.html")
	if utf8.Valid(gbk) {
		t.Error("news/local.html is valid UTF-8; it must be stored GBK-encoded")
	}
	// 程安然 in GBK.
	if !strings.Contains(string(gbk), "\xb3\xcc\xb0\xb2\xc8\xbb") {
		t.Error("news/local.html does not contain the demo person's name in GBK")
	}
}
