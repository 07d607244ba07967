package letters

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrWouldExpose is returned when a letter would contain a registered value
// in full. Letters must only ever show masked forms (notes/legal.md §5.0).
var ErrWouldExpose = errors.New("letter would expose a registered value")

// Secret is a registered plaintext value that must never appear in a letter.
type Secret struct {
	Kind  string // identifier kind, or "name"
	Value string // canonical plaintext (RAM only)
}

// Check returns ErrWouldExpose (naming the kind, never the value) if text
// contains any secret in full — as written, or, for numbers, with the
// separators removed or the +86 prefix dropped.
func Check(text string, secrets []Secret) error {
	lower := strings.ToLower(text)
	digits := onlyDigits(text)
	for _, s := range secrets {
		v := strings.TrimSpace(s.Value)
		if len([]rune(v)) < 2 {
			continue
		}
		if strings.Contains(lower, strings.ToLower(v)) {
			return fmt.Errorf("%w: %s", ErrWouldExpose, s.Kind)
		}
		d := onlyDigits(v)
		if s.Kind == "phone" {
			d = strings.TrimPrefix(d, "86")
		}
		// All the letter's digits are joined so "138 0013 8000" or a number
		// split by punctuation is still caught. Eight digits or more are too
		// specific to occur by chance among dates and hashes; shorter numbers
		// are covered by the exact check above.
		if digitsOnlyKind(s.Kind) && len(d) >= 8 && strings.Contains(digits, d) {
			return fmt.Errorf("%w: %s", ErrWouldExpose, s.Kind)
		}
	}
	return nil
}

func digitsOnlyKind(k string) bool {
	switch k {
	case "phone", "cn_id", "bank_card", "qq":
		return true
	}
	return false
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) && r < 128 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
