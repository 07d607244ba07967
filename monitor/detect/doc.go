// Package detect finds a protected person's identifiers on a web page,
// however they are disguised, and reports each exposure without ever
// returning the plaintext value.
//
// # Using it
//
// Build a Detector once per unlock from the roster (plaintext values stay in
// memory), then scan every page:
//
//	det, err := detect.New(detect.Roster{People: people}, detect.Options{
//		ValueKey: func(kind, v string) string { return blindIndex(kind, v) },
//	})
//	res := det.Scan(detect.Doc{Body: raw, ContentType: hdr.Get("Content-Type"), URL: u})
//	for _, m := range res.Matches { … m.Kind, m.Form, m.Severity, m.Masked, m.Snippet … }
//
// res.Text is the decoded page; Match.Start/End are byte offsets into it, so
// a screen can highlight the exposure (and show the original only when the
// user asks). Names come back as kind "name", severity "info": context, not
// findings. ScanImage compares page images with registered photos by pHash.
//
// # The pipeline
//
//  1. decode (decode.go): BOM, Content-Type charset, <meta> prescan, then
//     sniffing. GBK and GB2312 decode as GB18030; a page that is valid UTF-8
//     keeps UTF-8 whatever an old GBK label says, and GBK bytes behind a
//     UTF-8 label are repaired.
//  2. extract (extract.go, script.go): a small hand-written HTML scanner
//     (never panics, fuzzed) produces segments of text with a byte map back
//     to the decoded page: visible text with inline elements joined (digits
//     split across tags or comments rejoin) and block elements as line
//     breaks; attributes a reader or scraper sees (alt, title, aria-label,
//     placeholder, value, label, meta content, data-*, tel:/mailto:/sms:
//     links); string literals and long numbers inside <script>, with
//     \uXXXX decoded; comments, hidden elements and hidden inputs as
//     "hidden"; link targets and the page URL as "url". Plain text, JSON and
//     RSS/Atom go through the same code (CDATA scanned
//     as markup; HTML escaped as &lt;p&gt; in items scanned a second time).
//  3. normalise (normalize.go): per rune, with the map kept: full-width and
//     compatibility digits, circled digits, invisible and bidi characters
//     dropped, Chinese digit-by-digit numerals (〇零一…九, 壹…玖, 幺, 两) inside
//     runs of ≥ 7 digit-like characters, dashes and middle dots,
//     traditional → simplified (character table from OpenCC via gocc),
//     ASCII lower case. Each output byte records whether a disguise was
//     undone: that is what turns "exact" into "variant".
//  4. match: digit identifiers by looking up every concatenation of
//     consecutive digit groups (separators space - . / _ and line breaks),
//     with +86 / 0086 / 86 prefixes, in a map (digits.go) — no digit can
//     touch a match; masked numbers (138****8000) compare their visible
//     digits with registered values of the same length; text identifiers
//     with an overlapping Aho–Corasick automaton (ac.go: BobuSumisu for
//     small rosters, a compact automaton for large ones, both checked
//     against brute force) followed by a rule per role: names and pinyin
//     forms with word boundaries, masked names (程*然, 欧阳某某), e-mail local
//     parts extended over disguised "@" and "." ([at], (at), 艾特, #, [dot],
//     点) to exactly the registered domain, addresses anchored on the
//     street and checked component by component (house number, building
//     栋/幢/号楼, unit, room 室/户, Arabic or Chinese numerals, 5-2-301),
//     with the province/city/district prefix optional (address.go).
//  5. unregistered: valid mobiles, GB 11643 ID numbers and Luhn-valid
//     cards (known IIN ranges) within Options.NameWindow runes of the
//     person's name or an alias as registered (or in traditional
//     characters; pinyin forms are too common) in the same segment.
//  6. score and mask (score.go, mask.go): severity by kind, one level lower
//     for partial exposures, one level higher (up to high) with the
//     person's name nearby, and critical for a "dossier" (name + phone +
//     address on one page). Every match carries a masked value and a
//     snippet of about 40 characters either side in which every other
//     match, number and e-mail address is masked too.
//
// The package does no I/O and keeps no state between scans; a Detector is
// safe for concurrent use.
package detect
