package extract

import (
	"sort"
	"strings"

	"github.com/claims-project/claims"
)

// Attribution runs as ordered sieves, most precise first, in the spirit of
// CoreNLP's quote attribution. Each sieve turns quotes and cue words that
// no earlier sieve used into candidate claims; later sieves see only what
// is left. To add a construction, add a sieve at the place its precision
// earns it, with its own test in sieves_test.go.
var sieves = []struct {
	name string
	run  func(*doc)
}{
	{"quote-then-attribution", sieveQuoteThenAttribution}, // “…,” she said. / “…,” said Jane Doe.
	{"attribution-then-quote", sieveAttributionThenQuote}, // Doe said: “…” / Doe said, “…”
	{"according-to", sieveAccordingTo},                    // According to X, … / …, according to X.
	{"cue-clause", sieveCueClause},                        // X warned (that) …; …, X said.
	{"colon-attribution", sieveColonAttribution},          // Sanders: Brexit vote could help Trump / CLINTON: Honestly, ...
	{"possessive-statement", sievePossessiveStatement},    // Putin’s statements ... “on equal terms”
	{"continued-quote", sieveContinuedQuote},              // later paragraphs of a multi-paragraph quote
	{"floating-quote", sieveFloatingQuote},                // a quote with no cue after an attributed one
	{"unattributed-quote", sieveUnattributedQuote},        // a statement nobody is named for
}

// cand is a claim in the making, in byte offsets.
type cand struct {
	kind    claims.Kind
	content span
	quotes  []int // indexes into doc.quotes
	cue     span
	spk     np  // speaker noun phrase; empty when inherited or unknown
	inherit int // index into doc.cands whose speaker this claim shares, or -1
	sieve   string
	speaker *claims.Speaker
	others  []claims.Speaker
	basis   string // what the speaker rests on: name, pronoun, role, group, none
}

func runSieves(d *doc) {
	for _, s := range sieves {
		s.run(d)
		d.lvl = -1
	}
	resolveSpeakers(d)
}

// tokenAt returns the index of the first token starting at or after byte b.
func (d *doc) tokenAt(b int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].s >= b })
}

func (d *doc) addCand(c cand) int {
	for _, q := range c.quotes {
		d.qUsed[q] = true
	}
	for k := c.spk.t0; k < c.spk.t1; k++ {
		d.toks[k].used = true
	}
	for _, m := range c.spk.more {
		for k := m.t0; k < m.t1; k++ {
			d.toks[k].used = true
		}
	}
	if !c.cue.empty() {
		for k := d.tokenAt(c.cue.s); k < len(d.toks) && d.toks[k].s < c.cue.e; k++ {
			d.toks[k].used = true
		}
	}
	d.cands = append(d.cands, c)
	return len(d.cands) - 1
}

func (d *doc) quoteCand(q int, cue span, spk np, sieve string) cand {
	qq := d.quotes[q]
	return cand{kind: claims.Direct, content: span{qq.s, qq.e}, quotes: []int{q}, cue: cue, spk: spk, inherit: -1, sieve: sieve}
}

func (d *doc) tokSpan(k int) span { return span{d.toks[k].s, d.toks[k].e} }

// usableCue reports a cue token that no claim has taken and that stands
// outside quotation marks.
func (d *doc) usableCue(k int) bool {
	t := &d.toks[k]
	return t.isCue && !t.used && t.q == d.lvl
}

// paraTokEnd returns the index one past the last token of token k's
// paragraph.
func (d *doc) paraTokEnd(k int) int {
	return d.paraTok[d.sents[d.toks[k].sent].para]
}

// clauseCand builds a claim whose content is a clause: direct when the
// clause is one whole quotation, partial when it holds quotations,
// indirect otherwise.
func (d *doc) clauseCand(content span, cue span, spk np, sieve string) cand {
	c := cand{kind: claims.Indirect, content: content, cue: cue, spk: spk, inherit: -1, sieve: sieve}
	// Trim surrounding marks and spaces: if what remains is exactly one
	// quotation, the claim is direct.
	k := d.firstQuoteFrom(content.s)
	for ; k < len(d.quotes) && d.quotes[k].open < content.e; k++ {
		q := d.quotes[k]
		if q.depth > 0 || d.qUsed[k] {
			continue
		}
		if q.closeEnd > content.e {
			// The clause ends inside the quote; take the closing mark too.
			if q.close < content.e+8 {
				c.content.e = q.closeEnd
			} else {
				continue
			}
		}
		c.quotes = append(c.quotes, k)
	}
	if len(c.quotes) == 1 {
		q := d.quotes[c.quotes[0]]
		if strings.TrimSpace(d.text[c.content.s:q.open]) == "" && strings.Trim(d.text[q.closeEnd:c.content.e], " .,") == "" {
			c.kind = claims.Direct
			c.content = span{q.s, q.e}
			return c
		}
	}
	if len(c.quotes) > 0 {
		c.kind = claims.Partial
	}
	return c
}
