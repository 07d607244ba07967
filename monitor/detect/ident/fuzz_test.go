package ident

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse checks, for every kind, that Parse never panics, that a valid
// value's canonical form parses to the very same Value (so the blind index
// is stable), and that the masked form never equals a canonical value long
// enough to be worth hiding.
func FuzzParse(f *testing.F) {
	seeds := []string{testID, "11010519491231002x", "110105491231002", "+86 138-0013-8000", "(010) 6552 9988",
		"+1 415 555 2671", testCard, "anran.cheng@example.com", "48151623", "anran_cheng", "浙A·D12345",
		"E12345678", "@anran", "浙江省杭州市西湖区文三路 88 号", "8f3c00ff00ff00ff", "１３８ ００１３ ８０００", "", "\xff"}
	for i, s := range seeds {
		for k := range kinds {
			f.Add(uint8(i+k), s)
		}
	}
	f.Fuzz(func(t *testing.T, ki uint8, in string) {
		k := kinds[int(ki)%len(kinds)]
		v, err := Parse(k, in)
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("Parse(%s) error of type %T", k, err)
			}
			return
		}
		if !utf8.ValidString(v.Canonical) || !utf8.ValidString(v.Masked) {
			t.Fatalf("Parse(%s) returned invalid UTF-8", k)
		}
		w, err := Parse(k, v.Canonical)
		if err != nil {
			t.Fatalf("Parse(%s, canonical %q): %v (input %q)", k, v.Canonical, err, in)
		}
		if w != v {
			t.Fatalf("Parse(%s, canonical) = %+v, want %+v (input %q)", k, w, v, in)
		}
		if utf8.RuneCountInString(v.Canonical) >= 6 && v.Masked == v.Canonical {
			t.Fatalf("Parse(%s): masked form %q is the value", k, v.Masked)
		}
	})
}
