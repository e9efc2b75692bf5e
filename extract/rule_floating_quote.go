package extract

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// floatingQuote: a quotation with no cue of its own, in the paragraph of an
// attributed quote or opening the paragraph after it, continues that
// speaker.
type floatingQuote struct{}

func (floatingQuote) id() RuleID { return RuleFloatingQuote }

func (rule floatingQuote) apply(d *document, led *ledger) {
	r := newReader(d, led, -1)
	// The candidates so far in order of content start; order[next] is the
	// first not before the quotation at hand. A floating quote this rule
	// attributes (lastFloat) may pass its speaker on to the next one.
	order := make([]int, len(led.cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return led.cands[order[a]].content.s < led.cands[order[b]].content.s })
	next, lastFloat := 0, -1
	cueLeft := r.sentencesWithCue()
	for qi := range d.quotes {
		q := d.quotes[qi]
		if led.quoteTaken[qi] || q.depth > 0 || q.e <= q.s {
			continue
		}
		k := d.tokenAt(q.open)
		if k >= len(d.toks) || cueLeft[d.toks[k].sent] || !d.opensSentence(q) || !d.endsSentence(q) {
			continue
		}
		for next < len(order) && led.cands[order[next]].content.s < q.open {
			next++
		}
		prev := -1
		if next > 0 {
			prev = order[next-1]
		}
		if lastFloat >= 0 && (prev < 0 || led.cands[lastFloat].content.s > led.cands[prev].content.s) {
			prev = lastFloat
		}
		if prev < 0 || !d.continuesFrom(led.cands[prev], q) {
			continue
		}
		c := d.quoteCand(qi, span{}, np{}, rule.id())
		c.inherit = prev
		lastFloat = led.propose(c)
	}
}

// sentencesWithCue says which sentences still hold a cue no claim has
// taken: computed once, so a sentence of ten thousand quotations is read
// once.
func (r reader) sentencesWithCue() []bool {
	cueLeft := make([]bool, len(r.sents))
	for si, s := range r.sents {
		for j := s.t0; j < s.t1; j++ {
			if r.usableCue(j) {
				cueLeft[si] = true
				break
			}
		}
	}
	return cueLeft
}

// continuesFrom reports whether quotation q stands where it continues
// candidate pc: in the same paragraph, or opening the next one, or the
// next one after page furniture ("Article Continued").
func (d *document) continuesFrom(pc cand, q quote) bool {
	pp := d.paraOf(pc.content.s)
	if pp != q.para && pp != q.para-1 && !d.furnitureBetween(pp, q.para) {
		return false
	}
	return pp == q.para || q.open == firstNonSpace(d.text, d.paras[q.para])
}

// opensSentence reports whether a quotation stands at the start of its
// sentence, as a floating quote does; one in mid-sentence is a term or a
// title.
func (d *document) opensSentence(q quote) bool {
	k := d.tokenAt(q.open)
	if k >= len(d.toks) {
		return false
	}
	return k == d.sents[d.toks[k].sent].t0
}

// endsSentence reports whether nothing but punctuation follows a
// quotation in its sentence: a floating quote is a sentence of its own,
// while „Die Hafenkinder“ opens in cinemas is a title used as a subject.
func (d *document) endsSentence(q quote) bool {
	k := d.tokenAt(q.closeEnd)
	if k >= len(d.toks) {
		return true
	}
	s := d.sents[d.toks[d.tokenAt(q.open)].sent]
	for ; k < s.t1; k++ {
		t := &d.toks[k]
		if t.q == -1 && !t.isQuoteMark() && (unicode.IsLetter(firstRune(t.text)) || unicode.IsDigit(firstRune(t.text))) {
			return false
		}
	}
	return true
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
