// Package crawl is DoxGuard's fetch layer: it visits the pages a person
// chose to watch, politely and safely, and hands back each response exactly
// as it arrived so the monitor can keep it as evidence and scan it.
//
// # Using it
//
//	stats, err := crawl.Run(ctx, crawl.Config{Version: assets.Version},
//		[]crawl.Target{{Kind: crawl.KindSite, URL: "https://forum.example/t/1", Depth: 2, SourceID: "s1"}},
//		crawl.Hooks{
//			Conditional: func(u string) (etag, lastMod string) { ... from the store ... },
//			Page:        func(p crawl.Page) { ... capture p.Raw, detect on p.Body ... },
//		})
//
// Run blocks until the targets are done or ctx is cancelled; cancellation
// takes effect at once (politeness waits and reads are interrupted) and no
// goroutine outlives Run. Every fetch — success, HTTP error, refusal — is
// one Page. Search templates are expanded first with SearchURLs; use
// ValidateTarget to refuse bad sources when they are added.
//
// # What it does that colly does not
//
// colly v2.3.0 is the request engine (queue mode, one new collector per
// Run), but several of its defaults are wrong for DoxGuard; the measured
// reasons are in the shared notes (colly.md). This package therefore owns:
//
//   - robots.txt per RFC 9309, fetched through the same guarded transport
//     with the Run's context: 4xx allows all, 5xx and unreachable disallow
//     all, the "DoxGuard" group is honoured, Crawl-delay is applied.
//   - Politeness: a per-host gap (default 1 s, or the Crawl-delay) measured
//     between request starts, waited for with a timer that a cancel stops.
//     Workers bounds the requests in flight across all hosts. A 429 or 503
//     with Retry-After pauses the host for that long (no retries).
//   - An address guard in the dialer: after DNS resolution, loopback,
//     private, link-local, unspecified, multicast, CGNAT and this-network
//     addresses are refused unless Config.AllowPrivate (intranets, tests).
//     Only http and https are fetched, also after a redirect; proxies from
//     the environment are ignored because they would bypass the guard.
//   - A recording transport (fetcher) that follows redirects itself — per
//     hop: scheme, loop and length checks, robots, politeness — and for the
//     final response records raw wire bytes (it asks for gzip itself),
//     request and response headers, status, remote IP, the chain and UTC
//     times. Bodies are capped (MaxBody) on the wire and again after
//     decompression, so a 1 GB body or a gzip bomb ends as a truncated page
//     with ErrBodyTooLarge / ErrDecodedTooLarge, never silently. Non-text
//     bodies (video, PDF) are not downloaded: the page carries
//     ErrSkippedContent. Conditional requests come from Hooks.Conditional;
//     a 304 is a Page with NotModified.
//   - Charset repair for link extraction (GBK/GB2312 read as GB18030, lying
//     and unknown labels, <meta> and chardet fallbacks). Page.Body itself is
//     never transcoded: Page.Charset says how to read it.
//   - Link discovery with a streaming tokenizer rather than a DOM, sitemaps
//     (urlset, sitemapindex, .xml.gz) and feeds (RSS, RDF, Atom), URL
//     fragments stripped, dedupe before enqueueing, depth, scope (host,
//     registrable domain, path prefix) and a page cap per target, images
//     (FetchImages) with their own count and size caps.
//
// # Reading a Page
//
// Status 0 with Err set: nothing came back (guard, robots, timeout before
// headers, redirect trouble). A Status with Err set: the response is real
// but qualified — Truncated bodies are still worth scanning; skipped content
// has no body. Errors never contain the URL, because search URLs carry a
// person's name in their query.
//
// Hooks run on crawler goroutines, several at once; Page must not keep the
// Page's slices after returning unless it copies them, or memory grows with
// the crawl.
package crawl
