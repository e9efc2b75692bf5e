package eval

import (
	"unicode"

	"github.com/claims-project/claims"
)

// Alignment maps code points of one text (the main text extracted from an
// HTML page) onto another (the gold text of the same article). Only
// content characters are aligned: whitespace and invisible format
// characters are skipped on both sides, so a span is mapped by its first
// and last aligned characters.
type Alignment struct {
	// to[i] is the gold code point aligned with extracted code point i,
	// or -1. Aligned pairs are strictly increasing on both sides.
	to []int32
	// goldContent counts the gold code points that take part in alignment
	// (non-space), goldAligned how many of them were aligned.
	goldContent, goldAligned int
}

// gramSizes are the n-gram lengths tried, longest first: long unique
// n-grams are near-certain anchors; shorter ones are tried only inside the
// gaps left between anchors, where uniqueness is local and cheap to find.
var gramSizes = [...]int{24, 12, 6, 4}

// maxSubstitution is the longest gap, equal in length on both sides and
// bounded by aligned text, that is paired character by character: such a
// gap is a run of changed characters (a different quote mark or dash),
// not different text.
const maxSubstitution = 64

// Align aligns extracted with gold in time linear in their lengths (times
// a small constant per n-gram size): unique n-grams shared by both texts
// are anchors, the longest chain of anchors in the same order on both
// sides is kept, each anchor is extended while the texts agree, and the
// gaps between anchors are aligned the same way with shorter n-grams.
// Comparison ignores case, whitespace and the variety of quote marks and
// dashes. Text present on one side only (a headline, a byline, dropped
// boilerplate) stays unaligned.
func Align(extracted, gold string) *Alignment {
	ak, apos, an := compact(extracted)
	bk, bpos, _ := compact(gold)
	al := &aligner{a: ak, b: bk, pair: make([]int32, len(ak))}
	for i := range al.pair {
		al.pair[i] = -1
	}
	al.align(0, len(ak), 0, len(bk), 0)
	res := &Alignment{to: make([]int32, an), goldContent: len(bk)}
	for i := range res.to {
		res.to[i] = -1
	}
	for i, j := range al.pair {
		if j >= 0 {
			res.to[apos[i]] = bpos[j]
			res.goldAligned++
		}
	}
	return res
}

// Map returns the gold code point aligned with extracted code point i.
func (a *Alignment) Map(i int) (int, bool) {
	if i < 0 || i >= len(a.to) || a.to[i] < 0 {
		return 0, false
	}
	return int(a.to[i]), true
}

// MapSpan maps the extracted range [start, end) to the gold range from its
// first to its last aligned code point; ok is false when nothing in the
// range is aligned.
func (a *Alignment) MapSpan(start, end int) (gs, ge int, ok bool) {
	start, end = max(start, 0), min(end, len(a.to))
	first, last := -1, -1
	for i := start; i < end; i++ {
		if a.to[i] >= 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return 0, 0, false
	}
	for i := end - 1; i >= first; i-- {
		if a.to[i] >= 0 {
			last = i
			break
		}
	}
	return int(a.to[first]), int(a.to[last]) + 1, true
}

// GoldCoverage is the fraction of the gold text's non-space code points
// that were found in the extracted text: 1 when the page extractor kept
// the whole article body.
func (a *Alignment) GoldCoverage() float64 {
	if a.goldContent == 0 {
		return 1
	}
	return float64(a.goldAligned) / float64(a.goldContent)
}

// MapClaims maps claims found in the extracted text onto gold, whose text
// fields are taken from gold. A claim whose content cannot be mapped gets
// Start = End = Unlocated (it still counts as a prediction); a speaker
// mention, cue, quote or entity that cannot be mapped is dropped (the
// speaker keeps its name).
func (a *Alignment) MapClaims(cs []claims.Claim, gold string) []claims.Claim {
	rt := newRuneText(gold)
	mapSpan := func(s claims.Span) (claims.Span, bool) {
		gs, ge, ok := a.MapSpan(s.Start, s.End)
		if !ok {
			return claims.Span{}, false
		}
		return claims.Span{Text: rt.Slice(gs, ge), Start: gs, End: ge}, true
	}
	mapSpeaker := func(sp claims.Speaker) claims.Speaker {
		if sp.HasMention() {
			if s, ok := mapSpan(claims.Span{Text: sp.Mention, Start: sp.Start, End: sp.End}); ok {
				sp.Mention, sp.Start, sp.End = s.Text, s.Start, s.End
			} else {
				sp.Mention, sp.Start, sp.End = "", 0, 0
			}
		}
		return sp
	}
	out := make([]claims.Claim, len(cs))
	for i, c := range cs {
		m := c
		if s, ok := mapSpan(claims.Span{Text: c.Text, Start: c.Start, End: c.End}); ok {
			m.Text, m.Start, m.End = s.Text, s.Start, s.End
		} else {
			m.Start, m.End = Unlocated, Unlocated
		}
		m.Quotes = nil
		for _, q := range c.Quotes {
			if s, ok := mapSpan(q); ok {
				m.Quotes = append(m.Quotes, s)
			}
		}
		if c.Cue != nil {
			m.Cue = nil
			if s, ok := mapSpan(*c.Cue); ok {
				m.Cue = &s
			}
		}
		if c.Speaker != nil {
			sp := mapSpeaker(*c.Speaker)
			m.Speaker = &sp
		}
		m.Speakers = nil
		for _, sp := range c.Speakers {
			m.Speakers = append(m.Speakers, mapSpeaker(sp))
		}
		m.Entities = nil
		for _, e := range c.Entities {
			if s, ok := mapSpan(claims.Span{Text: e.Text, Start: e.Start, End: e.End}); ok {
				e.Text, e.Start, e.End = s.Text, s.Start, s.End
				m.Entities = append(m.Entities, e)
			}
		}
		out[i] = m
	}
	return out
}

// compact returns the comparison keys of s's content characters, the code
// point index of each, and the number of code points in s.
func compact(s string) (keys []rune, pos []int32, n int) {
	keys = make([]rune, 0, len(s))
	pos = make([]int32, 0, len(s))
	for _, r := range s {
		if k, ok := alignKey(r); ok {
			keys = append(keys, k)
			pos = append(pos, int32(n))
		}
		n++
	}
	return keys, pos, n
}

// alignKey folds r for comparison; ok is false for characters that do not
// take part (whitespace, soft hyphens, zero-width characters), which page
// extractors add and drop freely.
func alignKey(r rune) (rune, bool) {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return 0, false
	case '“', '”', '„', '‟', '«', '»', '″':
		return '"', true
	case '‘', '’', '‚', '‛', '‹', '›', '′':
		return '\'', true
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return '-', true
	}
	if unicode.IsSpace(r) {
		return 0, false
	}
	return unicode.ToLower(r), true
}

type aligner struct {
	a, b []rune
	// pair[i] is the index in b aligned with a[i], or -1.
	pair []int32
}

// align aligns a[a0:a1] with b[b0:b1] using n-grams of gramSizes[level:].
func (al *aligner) align(a0, a1, b0, b1, level int) {
	for a0 < a1 && b0 < b1 && al.a[a0] == al.b[b0] {
		al.pair[a0] = int32(b0)
		a0++
		b0++
	}
	for a0 < a1 && b0 < b1 && al.a[a1-1] == al.b[b1-1] {
		a1--
		b1--
		al.pair[a1] = int32(b1)
	}
	if a0 == a1 || b0 == b1 {
		return
	}
	if level == len(gramSizes) {
		if n := a1 - a0; n == b1-b0 && n <= maxSubstitution {
			for i := range n {
				al.pair[a0+i] = int32(b0 + i)
			}
		}
		return
	}
	k := gramSizes[level]
	if a1-a0 < k || b1-b0 < k {
		al.align(a0, a1, b0, b1, level+1)
		return
	}
	ca, cb := a0, b0
	for _, an := range longestChain(al.anchors(a0, a1, b0, b1, k)) {
		i, j := an.i, an.j
		if i < ca || j < cb {
			continue // overlaps the previous anchor's extension
		}
		al.align(ca, i, cb, j, level+1)
		for i < a1 && j < b1 && al.a[i] == al.b[j] {
			al.pair[i] = int32(j)
			i++
			j++
		}
		ca, cb = i, j
	}
	al.align(ca, a1, cb, b1, level+1)
}

type anchor struct{ i, j int }

// anchors returns, in order of i, the k-grams that occur exactly once in
// a[a0:a1] and exactly once in b[b0:b1], as (start in a, start in b).
func (al *aligner) anchors(a0, a1, b0, b1, k int) []anchor {
	inB := uniqueGrams(al.b[b0:b1], k)
	inA := uniqueGrams(al.a[a0:a1], k)
	var out []anchor
	rollingHashes(al.a[a0:a1], k, func(i int, h uint64) {
		if inA[h] != int32(i) {
			return
		}
		j, ok := inB[h]
		if !ok || j < 0 {
			return
		}
		// Guard against hash collisions.
		for t := range k {
			if al.a[a0+i+t] != al.b[b0+int(j)+t] {
				return
			}
		}
		out = append(out, anchor{a0 + i, b0 + int(j)})
	})
	return out
}

// uniqueGrams maps the hash of each k-gram of s to its position, or to -1
// when it occurs more than once.
func uniqueGrams(s []rune, k int) map[uint64]int32 {
	m := make(map[uint64]int32, len(s))
	rollingHashes(s, k, func(i int, h uint64) {
		if _, seen := m[h]; seen {
			m[h] = -1
		} else {
			m[h] = int32(i)
		}
	})
	return m
}

// rollingHashes calls f with the start and polynomial hash of every k-gram
// of s, in order, in O(len(s)).
func rollingHashes(s []rune, k int, f func(i int, h uint64)) {
	if len(s) < k {
		return
	}
	const base = 1_000_003
	var h, pow uint64 = 0, 1
	for t := range k {
		h = h*base + uint64(s[t])
		if t > 0 {
			pow *= base
		}
	}
	f(0, h)
	for i := 1; i+k <= len(s); i++ {
		h = (h-uint64(s[i-1])*pow)*base + uint64(s[i+k-1])
		f(i, h)
	}
}

// longestChain returns the longest subsequence of anchors (given in
// increasing i) whose j also increase, in O(n log n).
func longestChain(as []anchor) []anchor {
	if len(as) == 0 {
		return nil
	}
	tails := []int{}             // tails[l] = index of the anchor ending the best chain of length l+1
	prev := make([]int, len(as)) // predecessor in that chain
	for x, an := range as {
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if as[tails[mid]].j < an.j {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[x] = -1
		if lo > 0 {
			prev[x] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, x)
		} else {
			tails[lo] = x
		}
	}
	out := make([]anchor, len(tails))
	for x, l := tails[len(tails)-1], len(tails)-1; l >= 0; x, l = prev[x], l-1 {
		out[l] = as[x]
	}
	return out
}
