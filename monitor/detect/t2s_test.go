package detect

import (
	"testing"
	"time"
)

func TestT2STable(t *testing.T) {
	start := time.Now()
	m := t2s()
	t.Logf("t2s table: %d entries in %v", len(m), time.Since(start))
	for tr, want := range map[rune]rune{'區': '区', '號': '号', '單': '单', '陽': '阳', '遠': '远'} {
		if m[tr] != want {
			t.Errorf("t2s(%c) = %c, want %c", tr, m[tr], want)
		}
	}
}
