package monitor

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseSources(t *testing.T) {
	csv := "url,kind,depth,every,people,queries\n" +
		"https://bbs.example.com/,site,3,6h,程安然,\n" +
		"https://example.com/sitemap.xml,,,,,\n" +
		"https://www.example.org/s?q={query},search,,7d,,\"程安然 住址;安然然 开盒\"\n"
	got, err := ParseSources(strings.NewReader("\ufeff" + csv))
	if err != nil {
		t.Fatal(err)
	}
	want := []SourceSpec{
		{URL: "https://bbs.example.com/", Kind: KindSite, Depth: 3, Every: 6 * time.Hour, EveryText: "6h", People: []string{"程安然"}},
		{URL: "https://example.com/sitemap.xml", Kind: KindSitemap, Every: DefaultEvery},
		{URL: "https://www.example.org/s?q={query}", Kind: KindSearch, Every: 7 * 24 * time.Hour, EveryText: "7d",
			Queries: []string{"程安然 住址", "安然然 开盒"}},
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("csv:\n got %+v\nwant %+v", got, want)
	}

	js := `{"sources":[{"url":"https://example.com/feed.xml","every":"12h"},{"url":"https://example.com/a","kind":"page","people":["p1"]}]}`
	got, err = ParseSources(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Kind != KindFeed || got[0].Every != 12*time.Hour || got[1].People[0] != "p1" {
		t.Errorf("json: got %+v", got)
	}
}

func TestParseSourcesRefusesWithReason(t *testing.T) {
	for _, tc := range []struct{ in, line, reason string }{
		{"url,kind\nhttps://a.example/,page\nftp://b.example/x,page\n", "line 3", "only http and https"},
		{"url,kind\nhttps://a.example/s,search\n", "line 2", "{query}"},
		{"url,every\nhttps://a.example/,1m\n", "line 2", "shorter than the minimum"},
		{"url,kind\nhttps://a.example/,blog\n", "line 2", "unknown kind"},
		{`[{"url":"https://a.example/"},{"url":"not a url"}]`, "line 2", "only http and https"},
		{"url,depth\nhttps://a.example/,many\n", "line 2", "whole number"},
		{"url,kind\nhttps://user:pw@a.example/,page\n", "line 2", "password"},
	} {
		_, err := ParseSources(strings.NewReader(tc.in))
		var se *SourceError
		if !errors.As(err, &se) {
			t.Errorf("%q: want a SourceError, got %v", tc.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.line) || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%q: error %q should name %q and %q", tc.in, err, tc.line, tc.reason)
		}
	}
}

func TestSearchQueries(t *testing.T) {
	got := SearchQueries([]string{"程安然", "安然然"}, []string{"phone", "cn_id", "phone", "handle"}, []string{"程安然 开盒", "程安然"})
	want := []string{"程安然", "程安然 手机号", "程安然 身份证", "安然然", "安然然 手机号", "安然然 身份证", "程安然 开盒"}
	if !slices.Equal(want, got) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestRedactURL(t *testing.T) {
	if got := redactURL("https://s.example/search?q=%E7%A8%8B#x"); strings.Contains(got, "%E7") || !strings.HasPrefix(got, "https://s.example/search") {
		t.Errorf("redactURL kept the query: %s", got)
	}
}
