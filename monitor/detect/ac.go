package detect

import (
	"sort"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// Matcher finds every occurrence (overlapping) of a fixed set of byte
// patterns. Overlapping semantics matter: evidence wants every occurrence and
// the boundary rules are applied afterwards (notes/libs.md §1 found the
// leftmost modes of two libraries wrong).
type Matcher interface {
	// Walk calls fn(start, end, pattern) for every occurrence, in order of end.
	Walk(hay []byte, fn func(start, end, pattern int))
}

// denseStateBudget is the number of automaton states up to which the
// BobuSumisu trie (2 KiB per state, the fastest correct option we measured)
// is used; above it the compact automaton keeps memory bounded.
const denseStateBudget = 16384

// newMatcher picks the implementation by the size of the pattern set.
func newMatcher(patterns []string) Matcher {
	if trieStates(patterns) <= denseStateBudget {
		return newDenseMatcher(patterns)
	}
	return newCompactMatcher(patterns)
}

// trieStates counts the states of the pattern trie (shared prefixes once).
func trieStates(patterns []string) int {
	ps := append([]string(nil), patterns...)
	sort.Strings(ps)
	n, prev := 1, ""
	for _, p := range ps {
		k := 0
		for k < len(p) && k < len(prev) && p[k] == prev[k] {
			k++
		}
		n += len(p) - k
		prev = p
	}
	return n
}

type denseMatcher struct {
	trie *ahocorasick.Trie
	lens []int
}

func newDenseMatcher(patterns []string) *denseMatcher {
	b := ahocorasick.NewTrieBuilder()
	m := &denseMatcher{}
	// The library numbers patterns in insertion order; empty patterns are
	// skipped by us so the numbering stays aligned.
	for _, p := range patterns {
		if p == "" {
			p = "\x00\x00\x00\x00\x00\x00\x00\x00" // never in normalised text
		}
		b.AddString(p)
		m.lens = append(m.lens, len(p))
	}
	m.trie = b.Build()
	return m
}

func (m *denseMatcher) Walk(hay []byte, fn func(start, end, pattern int)) {
	m.trie.Walk(hay, func(end, n, pattern int64) bool {
		fn(int(end-n+1), int(end+1), int(pattern))
		return true
	})
}

// compactMatcher is an Aho–Corasick automaton with a dense root row and
// sorted sparse edges elsewhere: about 12 bytes per state instead of 2 KiB,
// so 10,000 identifiers stay far below 100 MB.
type compactMatcher struct {
	root     [256]int32
	edgeOff  []int32 // edges of state s are edgeB/edgeT[edgeOff[s]:edgeOff[s+1]]
	edgeB    []byte
	edgeT    []int32
	fail     []int32
	out      []int32 // pattern ending here, or -1
	dictLink []int32 // next state on the fail chain with an output, or -1
	lens     []int32
	// Shallow states (depth ≤ denseDepth, numbered first) get a full DFA
	// row: most bytes of a page never get deeper, so most steps are one
	// lookup.
	rows  [][256]int32
	emits []bool // state has an output on its dictionary chain
}

const denseDepth = 3

func newCompactMatcher(patterns []string) *compactMatcher {
	type node struct {
		next map[byte]int32
		out  int32
	}
	nodes := []node{{out: -1}}
	m := &compactMatcher{}
	for pi, p := range patterns {
		m.lens = append(m.lens, int32(len(p)))
		if p == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(p); i++ {
			if nodes[s].next == nil {
				nodes[s].next = map[byte]int32{}
			}
			t, ok := nodes[s].next[p[i]]
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, node{out: -1})
				nodes[s].next[p[i]] = t
			}
			s = t
		}
		if nodes[s].out < 0 { // duplicates: first pattern wins, callers dedupe
			nodes[s].out = int32(pi)
		}
	}
	// Renumber states breadth-first so the shallow ones (which get dense
	// rows) are 0..k: the hot loop then needs one comparison, not a lookup.
	order := []int32{0}
	for q := 0; q < len(order); q++ {
		nd := nodes[order[q]]
		keys := make([]int, 0, len(nd.next))
		for b := range nd.next {
			keys = append(keys, int(b))
		}
		sort.Ints(keys)
		for _, b := range keys {
			order = append(order, nd.next[byte(b)])
		}
	}
	newID := make([]int32, len(nodes))
	for i, old := range order {
		newID[old] = int32(i)
	}
	renum := make([]node, len(nodes))
	for i, old := range order {
		nd := nodes[old]
		nn := node{out: nd.out}
		if nd.next != nil {
			nn.next = make(map[byte]int32, len(nd.next))
			for b, t := range nd.next {
				nn.next[b] = newID[t]
			}
		}
		renum[i] = nn
	}
	nodes = renum
	n := len(nodes)
	m.edgeOff = make([]int32, n+1)
	m.fail = make([]int32, n)
	m.out = make([]int32, n)
	m.dictLink = make([]int32, n)
	for s := range nodes {
		m.out[s] = nodes[s].out
		m.edgeOff[s+1] = m.edgeOff[s] + int32(len(nodes[s].next))
	}
	m.edgeB = make([]byte, m.edgeOff[n])
	m.edgeT = make([]int32, m.edgeOff[n])
	for s := range nodes {
		off := m.edgeOff[s]
		keys := make([]int, 0, len(nodes[s].next))
		for b := range nodes[s].next {
			keys = append(keys, int(b))
		}
		sort.Ints(keys)
		for i, b := range keys {
			m.edgeB[int(off)+i] = byte(b)
			m.edgeT[int(off)+i] = nodes[s].next[byte(b)]
		}
	}
	// Breadth-first fail links.
	queue := make([]int32, 0, n)
	for b := 0; b < 256; b++ {
		m.root[b] = 0
	}
	for i := m.edgeOff[0]; i < m.edgeOff[1]; i++ {
		t := m.edgeT[i]
		m.root[m.edgeB[i]] = t
		m.fail[t] = 0
		queue = append(queue, t)
	}
	m.dictLink[0] = -1
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := m.fail[s]
		if m.out[f] >= 0 {
			m.dictLink[s] = f
		} else {
			m.dictLink[s] = m.dictLink[f]
		}
		if s == 0 {
			m.dictLink[s] = -1
		}
		for i := m.edgeOff[s]; i < m.edgeOff[s+1]; i++ {
			b, t := m.edgeB[i], m.edgeT[i]
			m.fail[t] = m.step(m.fail[s], b)
			queue = append(queue, t)
		}
	}
	for s := range m.dictLink {
		if m.dictLink[s] == 0 { // root never has an output
			m.dictLink[s] = -1
		}
	}
	depth := make([]int8, n)
	for st := 0; st < n; st++ {
		for i := m.edgeOff[st]; i < m.edgeOff[st+1]; i++ {
			depth[m.edgeT[i]] = min(depth[st]+1, 100)
		}
	}
	m.emits = make([]bool, n)
	for st := 1; st < n; st++ {
		m.emits[st] = m.out[st] >= 0 || m.dictLink[st] >= 0
	}
	// Row entries are target<<1 | emits(target), so the hot loop learns
	// whether to report matches without another load.
	for st := 0; st < n && depth[st] <= denseDepth; st++ {
		var row [256]int32
		for b := 0; b < 256; b++ {
			t := m.step(int32(st), byte(b))
			row[b] = t << 1
			if m.emits[t] {
				row[b] |= 1
			}
		}
		m.rows = append(m.rows, row)
	}
	return m
}

// goTo returns the child of s on b, or -1.
func (m *compactMatcher) goTo(s int32, b byte) int32 {
	if s == 0 {
		if t := m.root[b]; t != 0 {
			return t
		}
		return -1
	}
	lo, hi := m.edgeOff[s], m.edgeOff[s+1]
	for hi-lo > 8 {
		mid := (lo + hi) / 2
		if m.edgeB[mid] < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for ; lo < hi; lo++ {
		if m.edgeB[lo] == b {
			return m.edgeT[lo]
		}
		if m.edgeB[lo] > b {
			break
		}
	}
	return -1
}

func (m *compactMatcher) step(s int32, b byte) int32 {
	for {
		if t := m.goTo(s, b); t >= 0 {
			return t
		}
		if s == 0 {
			return 0
		}
		s = m.fail[s]
	}
}

func (m *compactMatcher) Walk(hay []byte, fn func(start, end, pattern int)) {
	s := int32(0)
	rows := m.rows
	nr := int32(len(rows))
	for i, b := range hay {
		var emit bool
		if s < nr {
			v := rows[s][b]
			s, emit = v>>1, v&1 != 0
		} else {
			s = m.step(s, b)
			emit = m.emits[s]
		}
		if !emit {
			continue
		}
		for u := s; u > 0; u = m.dictLink[u] {
			if p := m.out[u]; p >= 0 {
				fn(i+1-int(m.lens[p]), i+1, int(p))
			}
		}
	}
}
