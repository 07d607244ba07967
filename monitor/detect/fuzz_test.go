package detect

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"sort"
	"testing"
	"unicode/utf8"
)

// FuzzNormalize: every normalised byte maps inside the extracted text, the
// map never runs backwards within a segment, and normalising the text each
// byte came from gives back that byte (the round trip).
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"电话：１３８－１２３４", "幺三八零零幺三八零零零", "①②③ ㊀ \u200b程安然", "歐陽明遠 ANRAN＠EXAMPLE．COM", "\xff\xfe", "一二三四五六七八"} {
		f.Add(s)
	}
	t2s() // build the table once per worker, outside the timed inputs
	f.Fuzz(func(t *testing.T, s string) {
		x := extract(s, "text/plain", "")
		var n normText
		var z normalizer
		z.normalize(x, &n)
		if len(n.ms) != len(n.b) || len(n.me) != len(n.b) || len(n.varied) != len(n.b) {
			t.Fatal("map length differs from text length")
		}
		for _, sg := range n.segs {
			prev := -1
			for i := sg.start; i < sg.end; i++ {
				a, b := int(n.ms[i]), int(n.me[i])
				if a < 0 || b > len(x.text) || a >= b {
					t.Fatalf("byte %d maps to [%d,%d) outside %d", i, a, b, len(x.text))
				}
				if a < prev {
					t.Fatalf("map runs backwards at %d", i)
				}
				prev = a
				// Round trip: the source rune normalises to a string that
				// holds this byte.
				if !bytes.Contains([]byte(normalizeString(string(x.text[a:b]))), n.b[i:i+1]) && !inNumeralRun(x.text, a) {
					t.Fatalf("byte %q at %d not produced by source %q", n.b[i], i, x.text[a:b])
				}
				if int(x.ss[a]) < 0 || int(x.se[b-1]) > len(s) {
					t.Fatalf("extracted byte %d maps outside the input", a)
				}
			}
		}
		if !utf8.Valid(n.b) && utf8.ValidString(s) {
			t.Fatalf("normalised text of valid UTF-8 is not valid UTF-8")
		}
	})
}

// inNumeralRun: Chinese numerals only turn into digits inside long runs,
// so a lone character normalises differently from the same one in a run.
func inNumeralRun(t []byte, a int) bool {
	r, _ := utf8.DecodeRune(t[a:])
	_, ok := chineseDigit[r]
	return ok
}

// FuzzExtract: extraction and the whole scan never panic, and every match
// span lies inside the decoded text.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`<p>1<b>38</b>0013<!-- -->8000</p>`, `<script>"\u0031\uD83D\uDE00`, `<div style="display:none"><a href="tel:138`,
		`<!--`, `<![CDATA[<p>x</p>]]>`, `<input value='13800138000' type=hidden>`, "<a b=\"\xff\">&#x1F600;&amp", `{"a":"\u00"}`,
	} {
		f.Add([]byte(s), "text/html")
	}
	d, err := New(testRoster(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	t2s()
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		res := d.Scan(Doc{Body: body, ContentType: ct, URL: "http://127.0.0.1/13800138000"})
		for _, m := range res.Matches {
			if m.Where == WhereURL {
				continue
			}
			if m.Start < 0 || m.End > len(res.Text) || m.Start >= m.End {
				t.Fatalf("match span [%d,%d) outside text of %d bytes", m.Start, m.End, len(res.Text))
			}
		}
	})
}

// bruteForce is the reference for the matchers: every occurrence of every
// pattern.
func bruteForce(pats []string, hay []byte) [][3]int {
	var out [][3]int
	for p, s := range pats {
		if s == "" {
			continue
		}
		for i := 0; i+len(s) <= len(hay); i++ {
			if string(hay[i:i+len(s)]) == s {
				out = append(out, [3]int{i, i + len(s), p})
			}
		}
	}
	return out
}

func collect(m Matcher, hay []byte) [][3]int {
	var out [][3]int
	m.Walk(hay, func(a, b, p int) { out = append(out, [3]int{a, b, p}) })
	return out
}

func sortTriples(x [][3]int) {
	sort.Slice(x, func(i, j int) bool {
		if x[i][0] != x[j][0] {
			return x[i][0] < x[j][0]
		}
		if x[i][1] != x[j][1] {
			return x[i][1] < x[j][1]
		}
		return x[i][2] < x[j][2]
	})
}

func dedupePats(ps []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range ps {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func checkMatchers(t *testing.T, pats []string, hay []byte) {
	pats = dedupePats(pats)
	if len(pats) == 0 {
		return
	}
	want := bruteForce(pats, hay)
	sortTriples(want)
	for name, m := range map[string]Matcher{"dense": newDenseMatcher(pats), "compact": newCompactMatcher(pats)} {
		got := collect(m, hay)
		sortTriples(got)
		if len(got) != len(want) {
			t.Fatalf("%s: %d matches, brute force %d (pats %q hay %q)", name, len(got), len(want), pats, hay)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: match %d = %v, brute force %v (pats %q hay %q)", name, i, got[i], want[i], pats, hay)
			}
		}
	}
}

// FuzzMatcher: both automata agree with brute force (differential).
func FuzzMatcher(f *testing.F) {
	f.Add("a,ab,bab", []byte("abababab"))
	f.Add("程安然,安然", []byte("程安然然"))
	f.Fuzz(func(t *testing.T, pats string, hay []byte) {
		checkMatchers(t, bytes2strings(pats), hay)
	})
}

func bytes2strings(s string) []string {
	var out []string
	for _, p := range bytes.Split([]byte(s), []byte(",")) {
		if len(p) > 0 && len(p) < 16 {
			out = append(out, string(p))
		}
	}
	return out
}

// TestMatcherDifferential runs 20,000 random small cases on {a,b,c}, the
// alphabet on which notes/libs.md found the leftmost modes wrong.
func TestMatcherDifferential(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc"[rng.Intn(3)]
		}
		return string(b)
	}
	for k := 0; k < 20000; k++ {
		var pats []string
		for i := 0; i < 1+rng.Intn(6); i++ {
			pats = append(pats, word(1+rng.Intn(5)))
		}
		checkMatchers(t, pats, []byte(word(rng.Intn(40))))
	}
}

// FuzzDigits checks the digit-group lookup against a brute-force
// reference on text of digits, separators and letters: every standalone
// 13800138000 (no digit touching it) is found, and every reported phone
// match is exactly those digits once separators are removed.
func FuzzDigits(f *testing.F) {
	f.Add("a13800138000b 138 0013 8000 -0086-13800138000 913800138000")
	f.Add("138-0013-8000x 1 3800138000")
	d, err := New(Roster{People: []Person{{ID: "p", Name: "程安然", Identifiers: []Identifier{{ID: "ph", Kind: "phone", Value: tPhone}}}}}, Options{})
	if err != nil {
		f.Fatal(err)
	}
	const key = "13800138000"
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range s {
			if r >= 0x80 || r == '<' || r == '&' || r == '*' || r == '#' || r == '?' || r == '_' || r == 'x' || r == 'X' {
				return // ASCII text without markup or mask characters
			}
		}
		res := d.Scan(Doc{Body: []byte(s), ContentType: "text/plain"})
		covered := func(a, b int) bool {
			for _, m := range res.Matches {
				if m.Kind == "phone" && m.Start <= a && b <= m.End {
					return true
				}
			}
			return false
		}
		for i := 0; i+len(key) <= len(s); i++ {
			if s[i:i+len(key)] == key && (i == 0 || !isDig(s[i-1])) && (i+len(key) == len(s) || !isDig(s[i+len(key)])) {
				if !covered(i, i+len(key)) {
					t.Fatalf("standalone number at %d not found in %q", i, s)
				}
			}
		}
		for _, m := range res.Matches {
			ds := digitsOf([]byte(res.Text[m.Start:m.End]))
			if ds != key && ds != "86"+key && ds != "0086"+key {
				t.Fatalf("match %q is not the registered number", res.Text[m.Start:m.End])
			}
			if m.Start > 0 && isDig(res.Text[m.Start-1]) || m.End < len(res.Text) && isDig(res.Text[m.End]) {
				t.Fatalf("a digit touches the match %q in %q", res.Text[m.Start:m.End], s)
			}
		}
	})
}

func TestHasDigit8(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for k := 0; k < 200000; k++ {
		var b [8]byte
		for i := range b {
			b[i] = byte(rng.Intn(256))
			if rng.Intn(4) == 0 {
				b[i] = "/09:\x80\xb0"[rng.Intn(6)]
			}
		}
		want := false
		for _, c := range b {
			want = want || isDig(c)
		}
		if got := hasDigit8(binary.LittleEndian.Uint64(b[:])); got != want {
			t.Fatalf("hasDigit8(%q) = %v", b, got)
		}
	}
}
