package pdfdoc

import (
	"strings"
	"unicode"
)

// Kinsoku (禁则) sets: noLineStart must not begin a line, noLineEnd must not
// end one.
const (
	noLineStart = "，。、；：？！）》」』】〕〉”’…—,.;:?!)]}%"
	noLineEnd   = "（《「『【〔〈“‘([{"
)

// BreakLines wraps text into lines no wider than width, measured with
// measure (e.g. fpdf's GetStringWidth after SetFont). Han characters and
// CJK punctuation may break anywhere, Latin text at spaces, and a word
// longer than a line (a URL, a hash) anywhere; no line starts with closing
// punctuation such as "，" or ends with an opening bracket. Every rune of
// text is kept except the spaces at a break, so concatenating the lines
// gives the text back (this is what fpdf's SplitText gets wrong).
// Newlines are not interpreted: split paragraphs first.
func BreakLines(measure func(string) float64, text string, width float64) []string {
	if text == "" {
		return nil
	}
	runes := []rune(text)
	// fpdf does not kern, so a line is as wide as the sum of its glyphs;
	// measuring each rune once keeps this linear in the text length.
	widths := make([]float64, len(runes))
	cache := make(map[rune]float64)
	for i, r := range runes {
		w, ok := cache[r]
		if !ok {
			w = measure(string(r))
			cache[r] = w
		}
		widths[i] = w
	}
	var lines []string
	start := 0
	for start < len(runes) {
		end, w := start, 0.0
		for end < len(runes) && w+widths[end] <= width {
			w += widths[end]
			end++
		}
		if end == len(runes) {
			lines = append(lines, string(runes[start:]))
			break
		}
		cut := start + 1 // one glyph wider than the line goes alone
		if end > start {
			cut = breakPoint(runes, start, end)
		}
		lines = append(lines, strings.TrimRight(string(runes[start:cut]), " "))
		start = cut
		for start < len(runes) && runes[start] == ' ' {
			start++
		}
	}
	return lines
}

// breakPoint picks where to cut runes[start:end] (end is the first rune that
// did not fit): the last allowed break after start. Kinsoku may pull up to a
// few characters to the next line; if no break is allowed at all the word is
// cut at end.
func breakPoint(runes []rune, start, end int) int {
	for i := end; i > start; i-- {
		prev, next := runes[i-1], runes[i]
		if strings.ContainsRune(noLineStart, next) || strings.ContainsRune(noLineEnd, prev) {
			continue
		}
		if next == ' ' || prev == ' ' || wide(prev) || wide(next) {
			return i
		}
	}
	// No break opportunity: cut the long word, still keeping closing
	// punctuation off the start of the next line where possible.
	for i := end; i > start; i-- {
		if !strings.ContainsRune(noLineStart, runes[i]) && !strings.ContainsRune(noLineEnd, runes[i-1]) {
			return i
		}
	}
	return end
}

// wide reports CJK characters, which may break on either side.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
