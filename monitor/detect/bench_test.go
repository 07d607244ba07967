package detect

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// syntheticRoster builds n fictitious people with ten identifiers each
// (phone, cn_id, bank_card, email, address, qq, plate, wechat, handle,
// passport), deterministic for a seed.
func syntheticRoster(n int, seed int64) Roster {
	rng := rand.New(rand.NewSource(seed))
	sur := []rune("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜")
	giv := []rune("安然明远子涵浩宇欣怡梓轩思雨俊杰雅婷佳豪诗琪宏伟丽娜晓峰志强嘉怡若曦")
	prov := []string{"浙江省杭州市西湖区", "江苏省南京市鼓楼区", "广东省深圳市南山区", "四川省成都市武侯区", "湖北省武汉市洪山区"}
	road := []rune("文华新中东西南北建设人民解放和平光明长江黄河")
	digits := func(k int) string {
		b := make([]byte, k)
		for i := range b {
			b[i] = byte('0' + rng.Intn(10))
		}
		return string(b)
	}
	var r Roster
	for i := 0; i < n; i++ {
		name := string(sur[rng.Intn(len(sur))]) + string(giv[rng.Intn(len(giv))]) + string(giv[rng.Intn(len(giv))])
		p := Person{ID: fmt.Sprintf("p%d", i), Name: name}
		id := func(kind, v string) {
			p.Identifiers = append(p.Identifiers, Identifier{ID: fmt.Sprintf("i%d-%s", i, kind), Kind: kind, Value: v})
		}
		id("phone", "+861"+string("3456789"[rng.Intn(7)])+digits(9))
		id("cn_id", cnID("3301"+digits(2)+fmt.Sprintf("%04d%02d%02d", 1950+rng.Intn(50), 1+rng.Intn(12), 1+rng.Intn(28))+digits(3)))
		id("bank_card", luhnComplete("6222"+digits(14)))
		id("email", fmt.Sprintf("user%d.%s@example.com", i, digits(3)))
		id("address", prov[rng.Intn(len(prov))]+string(road[rng.Intn(len(road))])+string(road[rng.Intn(len(road))])+"路"+
			fmt.Sprintf("%d号%d幢%d单元%d室", 1+rng.Intn(300), 1+rng.Intn(20), 1+rng.Intn(6), 101+rng.Intn(1800)))
		id("qq", fmt.Sprint(10000000+rng.Intn(900000000)))
		id("plate", "浙A"+strings.ToUpper(fmt.Sprintf("%c", 'A'+rng.Intn(26)))+digits(4))
		id("wechat", fmt.Sprintf("wx_%s_%d", digits(4), i))
		id("handle", fmt.Sprintf("fan_%d_%s", i, digits(3)))
		id("passport", "E"+digits(8))
		r.People = append(r.People, p)
	}
	return r
}

// benchPages are the corpus pages with the test person planted in each.
func benchPages(b *testing.B) ([][]byte, int64) {
	var pages [][]byte
	var total int64
	for i, p := range loadCorpus(b) {
		c := plantCases()[i%len(plantCases())]
		body := plant(p.raw, c.html)
		pages = append(pages, body)
		total += int64(len(body))
	}
	return pages, total
}

func benchScan(b *testing.B, r Roster) {
	d, err := New(r, Options{})
	if err != nil {
		b.Fatal(err)
	}
	pages, total := benchPages(b)
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			d.Scan(Doc{Body: p, ContentType: "text/html"})
		}
	}
}

// BenchmarkScan1Person: decode + extract + normalise + match + score over
// the 53 corpus pages (9.3 MB of real HTML), one registered person.
func BenchmarkScan1Person(b *testing.B) { benchScan(b, testRoster()) }

// BenchmarkScan1000x10: the same with 1,000 people × 10 identifiers.
func BenchmarkScan1000x10(b *testing.B) {
	r := syntheticRoster(1000, 1)
	r.People = append(r.People, testRoster().People...)
	benchScan(b, r)
}

// matchHaystack is normalised text (what the matcher sees) of the corpus,
// repeated to at least minBytes, with identifiers of r planted every 64 KiB.
func matchHaystack(tb testing.TB, r Roster, minBytes int) *normText {
	var n normText
	var z normalizer
	rng := rand.New(rand.NewSource(3))
	for len(n.b) < minBytes {
		for _, p := range loadCorpus(tb) {
			text, _ := decode(p.raw, "")
			z.normalize(extract(text, "text/html", ""), &n)
			if len(n.b) >= minBytes {
				break
			}
			per := r.People[rng.Intn(len(r.People))]
			v := per.Identifiers[rng.Intn(len(per.Identifiers))]
			x := extract(per.Name+" "+v.Value, "text/plain", "")
			z.normalize(x, &n)
		}
	}
	return &n
}

func (d *Detector) matchOnly(n *normText) int {
	var raw []rawMatch
	var cands []candidate
	raw = d.matchDigits(n, raw, &cands)
	raw = d.matchText(n, raw)
	return len(raw)
}

// BenchmarkMatch10k: matching alone on already-normalised text with 10,000
// identifiers (1,000 people × 10). Compare with rg: testdata/rg-compare.sh.
func BenchmarkMatch10k(b *testing.B) {
	r := syntheticRoster(1000, 1)
	d, err := New(r, Options{})
	if err != nil {
		b.Fatal(err)
	}
	n := matchHaystack(b, r, 32<<20)
	b.SetBytes(int64(len(n.b)))
	b.ResetTimer()
	hits := 0
	for b.Loop() {
		hits = d.matchOnly(n)
	}
	b.ReportMetric(float64(hits), "matches")
}

// BenchmarkNew10k: automaton build time and the heap a 10,000-identifier
// detector keeps (MB-heap).
func BenchmarkNew10k(b *testing.B) {
	r := syntheticRoster(1000, 1)
	t2s()
	var keep *Detector
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		d, err := New(r, Options{})
		if err != nil {
			b.Fatal(err)
		}
		keep = d
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6, "MB-heap")
	b.ReportMetric(float64(len(keep.pats)), "text-patterns")
	b.ReportMetric(float64(len(keep.digits)), "digit-keys")
	runtime.KeepAlive(keep)
}

// TestWriteRGCorpus writes the matching haystack and the pattern list for
// the ripgrep comparison (testdata/rg-compare.sh). It runs only when
// DETECT_RG_DIR is set, and the files hold fictitious data only.
func TestWriteRGCorpus(t *testing.T) {
	dir := os.Getenv("DETECT_RG_DIR")
	if dir == "" {
		t.Skip("set DETECT_RG_DIR to write the rg comparison files")
	}
	r := syntheticRoster(1000, 1)
	d, err := New(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := matchHaystack(t, r, 32<<20)
	if err := os.WriteFile(filepath.Join(dir, "haystack.txt"), n.b, 0o600); err != nil {
		t.Fatal(err)
	}
	pats := append([]string{}, d.pats...)
	for k := range d.digits {
		pats = append(pats, k)
	}
	sort.Strings(pats)
	if err := os.WriteFile(filepath.Join(dir, "patterns.txt"), []byte(strings.Join(pats, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	hits := d.matchOnly(n)
	t.Logf("wrote %d bytes, %d patterns; detect matched %d in %v", len(n.b), len(pats), hits, time.Since(start))
}
