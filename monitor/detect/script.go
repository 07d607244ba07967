package detect

import (
	"strconv"
	"unicode/utf8"
)

// scriptStrings extracts the string literals of JavaScript or JSON in
// src[from:to] (with \uXXXX, \xHH and the usual escapes decoded) and the
// bare numbers of five or more digits outside strings, each as a segment.
// A literal that reaches a line end unterminated is dropped: it was an
// apostrophe in a comment or a regular expression, not a string.
func (x *extractor) scriptStrings(from, to int, w Where) {
	s := x.src
	x.scriptWhere = w
	for i := from; i < to; {
		c := s[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			end, ok := x.jsString(i+1, to, c)
			if ok {
				i = end + 1
			} else {
				i++
			}
		case c >= '0' && c <= '9':
			j := i
			for j < to && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j-i >= 5 {
				x.segment(i, j, w, true)
			}
			i = j
		case c == '/' && i+1 < to && s[i+1] == '/':
			// Line comment: skip so quotes in prose don't start strings.
			for i < to && s[i] != '\n' {
				i++
			}
		default:
			i++
		}
	}
}

// jsString decodes a literal starting at i (after the quote) and, if it is
// terminated, appends it as a segment and returns the closing quote index.
func (x *extractor) jsString(i, to int, q byte) (int, bool) {
	s := x.src
	b := &x.out.tbuf
	mark := len(b.text)
	for j := i; j < to; {
		c := s[j]
		switch {
		case c == q:
			if len(b.text)-mark >= 2 {
				x.out.segs = append(x.out.segs, seg{mark, len(b.text), x.scriptWhere})
			} else {
				x.truncate(mark)
			}
			return j, true
		case c == '\n' && q != '`':
			x.truncate(mark)
			return j, false
		case c == '\\' && j+1 < to:
			r, n := jsEscape(s[j+1 : to])
			if r < 0 {
				j += 2
				continue
			}
			var enc [4]byte
			k := utf8.EncodeRune(enc[:], rune(r))
			for m := 0; m < k; m++ {
				b.add(enc[m], j, j+1+n)
			}
			j += 1 + n
		default:
			b.add(c, j, j+1)
			j++
		}
	}
	x.truncate(mark)
	return to, false
}

func (x *extractor) truncate(n int) {
	b := &x.out.tbuf
	b.text, b.ss, b.se = b.text[:n], b.ss[:n], b.se[:n]
}

// jsEscape decodes the escape after a backslash; r < 0 means "drop".
func jsEscape(s string) (int, int) {
	switch s[0] {
	case 'n', 'r', 't', 'f', 'v':
		return ' ', 1
	case 'u':
		if len(s) >= 5 {
			if v, err := strconv.ParseUint(s[1:5], 16, 32); err == nil {
				r := int(v)
				if r >= 0xD800 && r <= 0xDFFF {
					// Surrogate pair \uD83D\uDE00.
					if r < 0xDC00 && len(s) >= 11 && s[5] == '\\' && s[6] == 'u' {
						if lo, err := strconv.ParseUint(s[7:11], 16, 32); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
							return 0x10000 + (r-0xD800)<<10 + int(lo) - 0xDC00, 11
						}
					}
					return utf8.RuneError, 5
				}
				return r, 5
			}
		}
		return -1, 1
	case 'x':
		if len(s) >= 3 {
			if v, err := strconv.ParseUint(s[1:3], 16, 8); err == nil {
				return int(v), 3
			}
		}
		return -1, 1
	}
	r, n := utf8.DecodeRuneInString(s)
	return int(r), n
}
