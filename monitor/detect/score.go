package detect

import (
	"sort"
	"strings"
	"unicode/utf8"
)

var severityOrder = []string{SevInfo, SevLow, SevMedium, SevHigh, SevCritical}

func sevRank(s string) int {
	for i, v := range severityOrder {
		if v == s {
			return i
		}
	}
	return 0
}

// baseSeverity follows DESIGN.md: ID / bank / passport / ID photo
// critical; phone / address high; email, QQ, WeChat, plate and the rest medium.
func baseSeverity(kind string) string {
	switch kind {
	case KindName:
		return SevInfo
	case "cn_id", "bank_card", "passport", "photo":
		return SevCritical
	case "phone", "address":
		return SevHigh
	}
	return SevMedium
}

// unregistered turns valid, unregistered numbers standing within
// NameWindow runes of one of a person's names into unregistered matches.
func (d *Detector) unregistered(n *normText, raw []rawMatch, cands []candidate) []rawMatch {
	if len(cands) == 0 {
		return raw
	}
	var names []rawMatch
	var taken [][2]int
	for _, r := range raw {
		// Only the name as registered (or in traditional characters)
		// anchors an unregistered number: pinyin forms such as "wang ming"
		// are shared by too many people.
		if r.t.kind == KindName && r.t.role == roleName {
			names = append(names, r)
		}
		if r.t.role == roleDigits {
			taken = append(taken, [2]int{r.a, r.b})
		}
	}
	if len(names) == 0 {
		return raw
	}
	sort.Slice(names, func(i, j int) bool { return names[i].a < names[j].a })
	sort.Slice(taken, func(i, j int) bool { return taken[i][0] < taken[j][0] })
	reach := 4*d.opts.NameWindow + 64 // bytes: a rune is at most 4
	for _, c := range cands {
		if n.segs[c.seg].where == WhereURL || overlapsAny(taken, c.a, c.b) {
			continue // a link target, or (part of) a registered value
		}
		best, bestDist := -1, d.opts.NameWindow+1
		k := sort.Search(len(names), func(i int) bool { return names[i].a >= c.a-reach })
		for ; k < len(names) && names[k].a <= c.b+reach; k++ {
			nm := names[k]
			if nm.seg != c.seg {
				continue
			}
			dist := 0
			switch {
			case nm.b <= c.a:
				dist = utf8.RuneCount(n.b[nm.b:c.a])
			case c.b <= nm.a:
				dist = utf8.RuneCount(n.b[c.b:nm.a])
			}
			if dist < bestDist {
				best, bestDist = nm.t.person, dist
			}
		}
		if best < 0 {
			continue
		}
		raw = append(raw, rawMatch{t: target{person: best, ident: -1, kind: c.kind}, a: c.a, b: c.b, seg: c.seg,
			form: FormUnregistered, value: c.value})
	}
	return raw
}

// overlapsAny reports whether [a,b) overlaps a span of sorted (by start),
// short, mostly disjoint spans.
func overlapsAny(spans [][2]int, a, b int) bool {
	k := sort.Search(len(spans), func(i int) bool { return spans[i][0] >= b })
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		if spans[j][1] > a {
			return true
		}
	}
	return false
}

// finish maps matches back to the decoded text, fixes forms, scores them
// and builds masked snippets.
func (d *Detector) finish(text string, x *extracted, n *normText, raw []rawMatch) []Match {
	if len(raw) == 0 {
		return nil
	}
	type span struct{ a, b int } // extracted-text coordinates
	ext := make([]span, len(raw))
	masked := make([]string, len(raw))
	for i, r := range raw {
		ext[i] = span{int(n.ms[r.a]), int(n.me[r.b-1])}
		masked[i] = d.maskOf(r)
	}
	// Dossier: a name, a phone and an address of one person on one page.
	type seen struct{ name, phone, addr bool }
	per := map[int]*seen{}
	for _, r := range raw {
		s := per[r.t.person]
		if s == nil {
			s = &seen{}
			per[r.t.person] = s
		}
		full := r.form != FormPartial
		switch {
		case r.t.kind == KindName && full:
			s.name = true
		case r.t.kind == "phone" && full:
			s.phone = true
		case r.t.kind == "address" && full:
			s.addr = true
		}
	}
	out := make([]Match, 0, len(raw))
	for i, r := range raw {
		m := Match{
			PersonID: d.people[r.t.person].ID,
			Kind:     r.t.kind,
			Form:     r.form,
			Where:    n.segs[r.seg].where,
			Masked:   masked[i],
			Exposed:  r.exposed,
			Start:    -1,
			End:      -1,
		}
		if r.t.ident >= 0 {
			m.IdentifierID = d.people[r.t.person].Identifiers[r.t.ident].ID
		}
		if r.form == FormUnregistered && d.opts.ValueKey != nil {
			m.ValueKey = d.opts.ValueKey(r.t.kind, r.value)
		}
		ea, eb := ext[i].a, ext[i].b
		if ea >= 0 && eb > ea && int(x.ss[ea]) >= 0 {
			m.Start, m.End = int(x.ss[ea]), int(x.se[eb-1])
			if m.Form == FormExact && (anyVaried(n, r.a, r.b) || !sameBytes(text[m.Start:m.End], x.text[ea:eb])) {
				m.Form = FormVariant // split by tags, entities, comments, invisible characters…
			}
		} else if m.Form == FormExact && anyVaried(n, r.a, r.b) {
			m.Form = FormVariant
		}
		if m.Form == FormExact && r.t.kind == KindName && r.t.role == roleName && anyVaried(n, r.a, r.b) {
			m.Form = FormVariant
		}
		m.Severity = d.severity(i, raw, per[r.t.person].name && per[r.t.person].phone && per[r.t.person].addr, n)
		// Snippet: the extracted segment around the match, every sensitive
		// span in it masked. raw is sorted by position, so only neighbours
		// within snippetReach bytes can fall in the window.
		spans := []snipSpan{{ea, eb, "【" + masked[i] + "】"}}
		for k := i - 1; k >= 0 && raw[k].seg == r.seg && ext[k].a >= ea-snippetReach; k-- {
			spans = append(spans, snipSpan{ext[k].a, ext[k].b, masked[k]})
		}
		for k := i + 1; k < len(raw) && raw[k].seg == r.seg && ext[k].a < eb+snippetReach; k++ {
			spans = append(spans, snipSpan{ext[k].a, ext[k].b, masked[k]})
		}
		m.Snippet = snippet(x, n, r.seg, ea, eb, spans)
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func anyVaried(n *normText, a, b int) bool {
	for i := a; i < b; i++ {
		if n.varied[i] {
			return true
		}
	}
	return false
}

// sameBytes reports whether the page source of a match is the extracted
// text itself: tags, comments or entities in between make it a variant.
func sameBytes(src string, ext []byte) bool {
	return src == string(ext)
}

// severity scores raw[i]; raw is sorted by position, so the names that
// can stand within NameWindow runes are its neighbours.
func (d *Detector) severity(i int, raw []rawMatch, dossier bool, n *normText) string {
	r := raw[i]
	kind := r.t.kind
	if kind == KindName {
		return SevInfo
	}
	s := sevRank(baseSeverity(kind))
	if r.form == FormPartial {
		s--
	}
	if dossier {
		return SevCritical
	}
	// A name of the same person nearby makes the exposure about them.
	if s < sevRank(SevHigh) {
		reach := 4*d.opts.NameWindow + 64 // bytes: a rune is at most 4
		near := func(o rawMatch) bool {
			if o.t.kind != KindName || o.t.person != r.t.person || o.form == FormPartial || o.seg != r.seg {
				return false
			}
			lo, hi := o.b, r.a
			if o.a >= r.b {
				lo, hi = r.b, o.a
			}
			return lo >= hi || utf8.RuneCount(n.b[lo:hi]) <= d.opts.NameWindow
		}
		found := false
		for k := i - 1; k >= 0 && raw[k].a >= r.a-reach && !found; k-- {
			found = near(raw[k])
		}
		for k := i + 1; k < len(raw) && raw[k].a <= r.b+reach && !found; k++ {
			found = near(raw[k])
		}
		if found {
			s++
		}
	}
	return severityOrder[max(s, sevRank(SevLow))]
}

type snipSpan struct {
	a, b int
	repl string
}

// snippetRunes is how much context a snippet shows on each side.
const snippetRunes = 40

// snippetReach bounds, in bytes, how far from a match another match can
// start and still reach into its snippet (40 runes of 4 bytes, plus the
// longest spans).
const snippetReach = 1024

func snippet(x *extracted, n *normText, segi, ea, eb int, spans []snipSpan) string {
	if ea < 0 {
		return spans[0].repl
	}
	keep := spans[:1]
	for _, s := range spans[1:] {
		if !(s.a < eb && s.b > ea) {
			keep = append(keep, s)
		}
	}
	spans = keep
	sg := x.segs[segi]
	wa, wb := ea, eb
	for k := 0; k < snippetRunes && wa > sg.start; k++ {
		_, sz := utf8.DecodeLastRune(x.text[sg.start:wa])
		wa -= sz
	}
	for k := 0; k < snippetRunes && wb < sg.end; k++ {
		_, sz := utf8.DecodeRune(x.text[wb:sg.end])
		wb += sz
	}
	// Generic masking of anything number- or email-like in the window,
	// found on the normalised view (so 幺三八… and full-width digits count).
	ns := n.segs[segi]
	na := ns.start + sort.Search(ns.end-ns.start, func(i int) bool { return int(n.ms[ns.start+i]) >= wa })
	for i := na; i < ns.end && int(n.ms[i]) < wb; {
		c := n.b[i]
		switch {
		case isDig(c):
			j, digits := i, 0
			for j < ns.end && (isDig(n.b[j]) || (n.b[j] == ' ' || n.b[j] == '-') && j+1 < ns.end && isDig(n.b[j+1])) {
				if isDig(n.b[j]) {
					digits++
				}
				j++
			}
			if digits >= 5 && !(int(n.ms[i]) < eb && int(n.me[j-1]) > ea) {
				spans = append(spans, snipSpan{int(n.ms[i]), int(n.me[j-1]), genericDigitMask(digitsOf(n.b[i:j]))})
			}
			i = j
		case c == '@':
			a, b := i, i+1
			for a > ns.start && isEmailLocalByte(n.b[a-1]) {
				a--
			}
			for b < ns.end && (isAlnum(n.b[b]) || n.b[b] == '.' || n.b[b] == '-') {
				b++
			}
			if a < i && b > i+1 && !(int(n.ms[a]) < eb && int(n.me[b-1]) > ea) {
				spans = append(spans, snipSpan{int(n.ms[a]), int(n.me[b-1]), "***@***"})
			}
			i = b
		default:
			i++
		}
	}
	// Keep the spans in the window (a page may hold thousands of matches),
	// widen the window so no span is cut in half, then write it out.
	inWin := spans[:1]
	for _, s := range spans[1:] {
		if s.a < wb && s.b > wa {
			inWin = append(inWin, s)
		}
	}
	spans = inWin
	sort.SliceStable(spans[1:], func(i, j int) bool { return spans[1+i].a < spans[1+j].a })
	for _, s := range spans {
		if s.a < wb && s.b > wa {
			wa, wb = min(wa, s.a), max(wb, s.b)
		}
	}
	var sb strings.Builder
	for i := wa; i < wb; {
		written := false
		for _, s := range spans {
			if i >= s.a && i < s.b {
				if i == s.a || s.a < wa {
					sb.WriteString(s.repl)
				}
				i = s.b
				written = true
				break
			}
		}
		if written {
			continue
		}
		c := x.text[i]
		if c == '\n' || c == '\r' || c == '\t' {
			c = ' '
		}
		sb.WriteByte(c)
		i++
	}
	return strings.TrimSpace(sb.String())
}

func digitsOf(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if isDig(c) {
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// genericDigitMask masks a number we know nothing about the way DESIGN.md
// masks its likeliest kind (11 → phone, 15–19 → ID/card), else all stars.
func genericDigitMask(s string) string {
	switch {
	case len(s) == 11:
		return s[:3] + "****" + s[7:]
	case len(s) >= 15:
		return s[:6] + strings.Repeat("*", len(s)-10) + s[len(s)-4:]
	case len(s) >= 8:
		return s[:2] + strings.Repeat("*", len(s)-4) + s[len(s)-2:]
	}
	return strings.Repeat("*", len(s))
}
