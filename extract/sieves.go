package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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
	kind    Kind
	content span
	quotes  []int // indexes into doc.quotes
	cue     span
	spk     np  // speaker noun phrase; empty when inherited or unknown
	inherit int // index into doc.cands whose speaker this claim shares, or -1
	sieve   string
	speaker *Speaker
	others  []Speaker
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
	return cand{kind: Direct, content: span{qq.s, qq.e}, quotes: []int{q}, cue: cue, spk: spk, inherit: -1, sieve: sieve}
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

// sieveQuoteThenAttribution: “…,” she said. / “…,” said Jane Doe. / “…,”
// Doe told reporters on Tuesday. A quote split by its attribution (“We
// will,” he said, “win this.”) gives its second half the same speaker.
func sieveQuoteThenAttribution(d *doc) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if d.qUsed[qi] || q.close == q.closeEnd || q.e <= q.s {
			continue
		}
		d.lvl = int32(q.parent)
		// A quote that ends its sentence (“… win.”) has no attribution
		// after it; “…?” asked Lee and “…!” she shouted do.
		if strings.HasSuffix(d.text[q.s:q.e], ".") {
			continue
		}
		j := d.tokenAt(q.closeEnd)
		if j >= len(d.toks) || d.toks[j].q != d.lvl && d.toks[j].q != int32(qi) {
			continue
		}
		end := d.paraTokEnd(j)
		for j < end && (d.toks[j].text == "," || d.toks[j].text == "”" || d.toks[j].text == "’") {
			j++
		}
		if j >= end {
			continue
		}
		var cue, last int
		var spk np
		if d.usableCue(j) {
			// “…,” said Jane Doe.
			cue = j
			spk = d.npStartingAt(j+1, end)
			if spk.empty() || !d.speakerLike(spk) {
				continue
			}
			last = spk.t1
		} else {
			// “…,” Jane Doe said. Find the cue within a few words and
			// check that its subject starts right here.
			cue = -1
			// Far enough for "Valdez Anderson, who works at a heating
			// company in Sacramento, said".
			for k := j; k < end && k < j+30; k++ {
				t := &d.toks[k]
				if t.q >= 0 || t.text == "." || t.text == "“" || t.text == ";" {
					break
				}
				if d.usableCue(k) {
					cue = k
					break
				}
			}
			if cue < 0 {
				continue
			}
			spk = d.npEndingAt(d.skipBack(cue-1, j), j)
			if spk.empty() || !d.speakerLike(spk) || !d.onlyModifiers(j, spk.t0) {
				continue
			}
			last = cue + 1
		}
		ci := d.addCand(d.quoteCand(qi, d.tokSpan(cue), spk, "quote-then-attribution"))
		// Split quote: “We will,” he said, “win this.”
		k := last
		for k < end && !d.toks[k].isQuoteMark() && k < last+6 && d.toks[k].text != "." {
			k++
		}
		if k < end && d.toks[k].isQuoteMark() {
			if nq := d.quoteOpeningAt(d.toks[k].s); nq >= 0 && !d.qUsed[nq] && d.quotes[nq].depth == 0 {
				c := d.quoteCand(nq, span{}, np{}, "quote-then-attribution")
				c.inherit = ci
				c.cue = d.tokSpan(cue)
				d.addCand(c)
			}
		}
	}
}

// onlyModifiers reports whether tokens [a, b) are lower-case words that
// can stand before a name as its title ("chief executive", "league
// disciplinary chief").
func (d *doc) onlyModifiers(a, b int) bool {
	if b-a > 5 {
		return false
	}
	for k := a; k < b; k++ {
		t := &d.toks[k]
		if !(t.tag == "NN" || t.tag == "JJ" || t.tag == "NNP" || titleWords[t.lower] || t.tag == "DT" && k == a) {
			return false
		}
	}
	return true
}

func (t *tok) isQuoteMark() bool {
	switch t.text {
	case "“", "”", "\"", "‘", "’", "'", "«", "»", "„", "‹", "›", "''", "``":
		return true
	}
	return false
}

// quoteOpeningAt returns the quote whose opening mark is at byte b, or -1.
func (d *doc) quoteOpeningAt(b int) int {
	k := d.firstQuoteFrom(b)
	if k < len(d.quotes) && d.quotes[k].open == b {
		return k
	}
	return -1
}

// sieveAttributionThenQuote: Doe said: “…” / Doe said, “…” / In a
// statement, the ministry said: “…”.
func sieveAttributionThenQuote(d *doc) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if d.qUsed[qi] || q.contPrev || q.e <= q.s {
			continue
		}
		d.lvl = int32(q.parent)
		j := d.tokenAt(q.open) - 1
		if j < 0 || d.toks[j].q != d.lvl {
			continue
		}
		s := d.sents[d.toks[j].sent]
		colon := d.toks[j].text == ":"
		if s.para != q.para && !(colon && s.para == q.para-1 && q.open == firstNonSpace(d.text, d.paras[q.para])) {
			// Only a colon ending the paragraph before introduces a quote
			// that opens the next one.
			continue
		}
		joined := colon || d.toks[j].text == ","
		if joined {
			j--
		}
		if j > s.t0 && d.toks[j].tag == "PRP" && d.usableCue(j-1) && tellLike(d.toks[j-1].cue.lemma) {
			j-- // "He told me ‘never again’"
			joined = true
		}
		if !joined && len(strings.Fields(d.text[q.s:q.e])) < 3 {
			continue // "what colleagues call “the Professor”": a name
		}
		if j > s.t0 && !d.usableCue(j) && colon {
			// "Mehta-Collins told the council:", "KC told jurors at
			// Manchester Crown Court:": walk back over the object and
			// adjuncts to the cue, but not past another verb.
			for m := j - 1; m >= s.t0 && m >= j-10; m-- {
				if d.usableCue(m) {
					j = m
					break
				}
				if strings.HasPrefix(d.toks[m].tag, "VB") || d.toks[m].tag == "MD" {
					break
				}
			}
		}
		if j < s.t0 || !d.usableCue(j) {
			if colon && s.para == q.para-1 {
				// "Asked what has changed, she put it this way:" and a
				// quote opening the next paragraph.
				if subj := d.sentenceSubject(s, j+1); !subj.empty() {
					d.addCand(d.quoteCand(qi, span{}, subj, "attribution-then-quote"))
				}
			}
			continue
		}
		spk := d.npEndingAt(d.skipBack(j-1, s.t0), s.t0)
		if p := d.skipBack(j-1, s.t0); (spk.empty() || !d.speakerLike(spk)) && p >= s.t0 && d.toks[p].tag == "CC" {
			// "My father looked at me and said, ‘…’": the subject of the
			// first verb.
			spk = d.sentenceSubject(s, j)
		}
		if spk.empty() || !d.speakerLike(spk) {
			// "said Jane Doe: “…”" is rare; not handled.
			continue
		}
		d.addCand(d.quoteCand(qi, d.tokSpan(j), spk, "attribution-then-quote"))
	}
}

// sieveAccordingTo: According to X, … / …, according to X.
func sieveAccordingTo(d *doc) {
	for si := range d.sents {
		s := d.sents[si]
		for k := s.t0; k+2 < s.t1; k++ {
			if d.toks[k].lower != "according" || d.toks[k+1].lower != "to" || d.toks[k].q >= 0 || d.toks[k].used {
				continue
			}
			spk := d.npStartingAt(k+2, s.t1)
			if spk.empty() || !d.speakerLike(spk) {
				continue
			}
			cue := span{d.toks[k].s, d.toks[k+1].e}
			var content span
			if k == s.t0 || k == s.t0+1 && d.toks[s.t0].tag == "CC" {
				// According to X, CLAUSE.
				j := spk.t1
				for j < s.t1 && d.toks[j].text != "," {
					j++
				}
				if j+1 >= s.t1 {
					continue
				}
				content = span{d.toks[j+1].s, d.clauseEnd(j+1, s)}
			} else {
				// CLAUSE, according to X.
				j := k - 1
				if d.toks[j].text == "," {
					j--
				}
				content = span{d.toks[d.bodyStart(s)].s, d.toks[j].e}
			}
			d.addCand(d.clauseCand(content, cue, spk, "according-to"))
		}
	}
}

// clauseEnd returns the byte offset where a clause that runs to the end of
// sentence s stops: before the final full stop.
func (d *doc) clauseEnd(from int, s sentence) int {
	e := s.t1 - 1
	for e > from && (d.toks[e].text == "." || d.toks[e].text == "!" && d.toks[e].q < 0) {
		e--
	}
	return d.toks[e].e
}

// clauseCand builds a claim whose content is a clause: direct when the
// clause is one whole quotation, partial when it holds quotations,
// indirect otherwise.
func (d *doc) clauseCand(content span, cue span, spk np, sieve string) cand {
	c := cand{kind: Indirect, content: content, cue: cue, spk: spk, inherit: -1, sieve: sieve}
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
			c.kind = Direct
			c.content = span{q.s, q.e}
			return c
		}
	}
	if len(c.quotes) > 0 {
		c.kind = Partial
	}
	return c
}

// weakCues report speech only with "that" or a quotation after them ("he
// continued his work", "she agreed to the deal" are not claims).
var weakCues = set("continue", "agree", "answer", "respond", "reply", "comment", "mention",
	"promise", "pledge", "vow", "urge", "demand", "propose", "recommend", "threaten",
	"advise", "accuse", "charge", "signal", "highlight", "repeat", "specify", "question",
	"post", "text", "email", "blog", "complain", "recall", "counter", "tout", "hint",
	"remind", "reaffirm", "reiterate", "indicate", "confirm", "deny", "ask", "wonder",
	"call", "label", "dismiss", "estimate", "forecast", "observe", "report", "reveal",
	"announce", "disclose", "plead", "protest", "write", "tweet")

// sieveCueClause: the cue with its subject and its reported clause. "X
// said (that) CLAUSE", "X told reporters CLAUSE", participles and
// coordinated verbs sharing the sentence subject ("..., adding that ...",
// "... but warned that ..."), and the clause-first order "CLAUSE, X said."
func sieveCueClause(d *doc) {
	for si := range d.sents {
		s := d.sents[si]
		if !s.tagged {
			continue
		}
		var prevSubj np
		for k := s.t0; k < s.t1; k++ {
			if !d.usableCue(k) {
				continue
			}
			t := &d.toks[k]
			if t.tag == "VBN" && k > s.t0 && (isDet(d.toks[k-1]) || d.toks[k-1].tag == "JJ" || isBeForm(d.toks[k-1].lower)) {
				continue // "the reported deal", "it was said"
			}
			if t.tag == "NN" || t.tag == "NNS" || t.tag == "JJ" {
				continue
			}
			subj := d.npEndingAt(d.skipBack(k-1, s.t0), s.t0)
			if !subj.empty() && d.toks[subj.t0].lower != "who" {
				// "Fans who had travelled from as far as Osaka said": the
				// subject is the noun the relative clause hangs on.
				if w := d.relativeBefore(subj.t0, s.t0); w > s.t0 {
					if n := d.npEndingAt(w-1, s.t0); !n.empty() && d.speakerLike(n) {
						subj = n
					}
				}
			}
			if !subj.empty() && subj.t0 > s.t0 && isRelative(d.toks[subj.t0-1].lower) {
				// "regions that Russia claims as annexed territory": the
				// cue's object is the relative pronoun, not a clause.
				continue
			}
			shared := false
			if subj.empty() || !d.speakerLike(subj) {
				subj = np{}
				// "Most of the economists polled by the Courier said":
				// the cue is the sentence's first finite verb, after a
				// subject with a participle phrase.
				if d.firstFinite(s) == k {
					if ss := d.sentenceSubject(s, k); !ss.empty() {
						subj = ss
					}
				}
			}
			if subj.empty() {
				// ", adding that", "by arguing that", "and warned that":
				// the subject of the sentence's earlier verb.
				p := d.skipBack(k-1, s.t0)
				for p > s.t0 && d.toks[p].isQuoteMark() && d.toks[p].q < 0 {
					p--
				}
				// A participle ("saying", "adding") takes the sentence's
				// subject wherever it stands.
				if p >= s.t0 && (t.tag == "VBG" && p > s.t0 || d.toks[p].text == "," || d.toks[p].tag == "CC" || d.toks[p].lower == "by" || d.toks[p].lower == "before" || d.toks[p].lower == "after" || d.toks[p].lower == "while") {
					if !prevSubj.empty() {
						subj, shared = prevSubj, true
					} else if ss := d.sentenceSubject(s, k); !ss.empty() {
						subj, shared = ss, true
					}
				}
			}
			// "called for a ban", "warned of a recession": the object of
			// the preposition is what was said.
			if prep := d.phrasalPrep(k, s); prep > 0 {
				if subj.empty() {
					continue
				}
				end := d.contentEnd(prep+1, s)
				for end-1 > prep+1 && (d.toks[end-1].text == "." || d.toks[end-1].text == ",") && d.toks[end-1].q < 0 {
					end--
				}
				if end-(prep+1) < 2 {
					continue
				}
				c := d.clauseCand(span{d.toks[prep+1].s, d.toks[end-1].e}, span{d.toks[k].s, d.toks[prep].e}, subj, "cue-clause")
				if c.kind == Direct {
					c.kind = Partial // the quote is the object, not the whole statement
					c.content = span{d.toks[prep+1].s, d.toks[end-1].e}
				}
				d.addCand(c)
				k = end - 1
				continue
			}
			if t.cue.class == cuePhrasal {
				continue
			}
			// Content after the cue.
			after := d.contentStart(k, s)
			if subj.empty() || after >= s.t1 || d.toks[after].text == "." || d.onlyAdjuncts(after, s) || !shared && d.clauseBefore(subj, s) && d.toks[after-1].lower != "that" {
				// "CLAUSE, X said." and "CLAUSE, said X."
				c, ok := d.clauseFirst(k, s, subj)
				if ok {
					d.addCand(c)
				}
				continue
			}
			if !shared {
				prevSubj = subj
			}
			// "The thing Rubio needs, aides said, is ...": the words before
			// the parenthetical attribution are a piece of the claim too.
			if !shared && subj.t0-1 > s.t0 && d.toks[subj.t0-1].text == "," && d.toks[after-1].text == "," {
				left := span{d.toks[d.bodyStart(s)].s, d.toks[subj.t0-2].e}
				lc := d.clauseCand(left, d.tokSpan(k), subj, "cue-clause")
				d.addCand(lc)
			}
			if t.cue.class == cueData && !docNouns[strings.TrimSuffix(d.head(subj).lower, "s")] && !docNouns[d.head(subj).lower] && !(d.toks[after-1].lower == "that") {
				// "the poll shows", "records show": data speak; people
				// who "show" or "find" things mostly do not report them.
				continue
			}
			hasThat := after > k+1 && d.toks[after-1].lower == "that"
			end := d.contentEnd(after, s)
			if end <= after {
				continue
			}
			content := span{d.toks[after].s, d.toks[end-1].e}
			for end-1 > after && (d.toks[end-1].text == "." || d.toks[end-1].text == ",") && d.toks[end-1].q < 0 {
				end--
				content.e = d.toks[end-1].e
			}
			if d.toks[after].lower == "as" && t.cue.class != cueFrame || d.toks[after].tag == "CC" || d.toks[end-1].text == ":" {
				continue
			}
			if d.toks[after].tag == "IN" && d.toks[after-1].lower != "that" && d.toks[after].q < 0 && !isQuestionStart(d.toks[after].lower) {
				continue // "argued about setlists": an adjunct, not a clause
			}
			c := d.clauseCand(content, d.tokSpan(k), subj, "cue-clause")
			if c.kind == Indirect {
				if t.cue.class == cueFrame || end-after < 2 {
					continue
				}
				if t.cue.class == cueAsk {
					if !isQuestionStart(d.toks[after].lower) {
						continue
					}
				} else if !hasThat && weakCues[t.cue.lemma] && !d.finiteClause(after, end) {
					continue
				}
			}
			if t.cue.class == cueFrame && !d.quotedStatement(c) {
				continue // "officers called it “the vault”": a name, not a claim
			}
			d.addCand(c)
			k = end - 1
		}
	}
}

// relativeBefore returns the index of a "who" that opens a relative clause
// ending just before token k, or -1.
func (d *doc) relativeBefore(k, lo int) int {
	for m := k - 1; m >= lo && m >= k-14; m-- {
		t := &d.toks[m]
		if t.text == "," || t.text == ";" || t.q >= 0 {
			return -1
		}
		if t.lower == "who" {
			return m
		}
	}
	return -1
}

func isRelative(w string) bool { return w == "that" || w == "which" || w == "whom" || w == "what" }

func isJoint(t tok) bool {
	return t.text == "," || t.text == ";" || t.tag == "CC" || t.lower == "by" || t.lower == "while" || t.lower == "and" || t.lower == "but"
}

// onlyAdjuncts reports whether what follows a cue up to the end of the
// sentence (or a comma) is a short adverbial, "on Monday", "late on
// Friday", "in a statement": then the claim is before the cue.
func (d *doc) onlyAdjuncts(a int, s sentence) bool {
	n := 0
	for m := a; m < s.t1; m++ {
		t := &d.toks[m]
		if t.text == "." || t.text == "," {
			break
		}
		if n >= 5 || t.q >= 0 || strings.HasPrefix(t.tag, "VB") || t.tag == "MD" || t.lower == "that" {
			return false
		}
		n++
	}
	if n == 0 {
		return false
	}
	first := &d.toks[a]
	return first.tag == "IN" || first.tag == "RB" || notNames[first.lower] || first.lower == "last" || first.lower == "this" || first.lower == "late" || first.lower == "early"
}

// phrasalPrep returns the index of the preposition that makes cue k report
// speech ("called for", "warned of"), or -1.
func (d *doc) phrasalPrep(k int, s sentence) int {
	if k+1 >= s.t1 {
		return -1
	}
	for _, p := range phrasalPreps[d.toks[k].cue.lemma] {
		if d.toks[k+1].lower == p {
			return k + 1
		}
	}
	return -1
}

// tellLike reports cues that take the hearer as object ("told me",
// "warned them").
func tellLike(lemma string) bool {
	switch lemma {
	case "tell", "inform", "assure", "remind", "warn", "advise", "ask", "urge", "promise":
		return true
	}
	return false
}

func isQuestionStart(w string) bool {
	switch w {
	case "if", "whether", "what", "why", "how", "when", "where", "who", "whom", "which", "about", "“", "\"", ":":
		return true
	}
	return false
}

// finiteClause reports whether tokens [a, b) open with a clause of their
// own ("he would", "the plan was"): a subject, then a finite verb, within
// a few words.
func (d *doc) finiteClause(a, b int) bool {
	for m := a; m < b && m < a+8; m++ {
		t := &d.toks[m]
		if t.text == "," || t.text == ";" || t.lower == "to" {
			return false
		}
		if m > a && (t.tag == "PRP" || t.tag == "DT") {
			return false // "a position it has held": a relative clause
		}
		if (t.tag == "VBD" || t.tag == "VBZ" || t.tag == "VBP" || t.tag == "MD") && m > a {
			return true
		}
	}
	return false
}

// firstFinite returns the index of the first finite verb of sentence s at
// the current quote level, or -1.
func (d *doc) firstFinite(s sentence) int {
	for m := s.t0; m < s.t1 && m < s.t0+60; m++ {
		t := &d.toks[m]
		if t.q == d.lvl && (t.tag == "VBD" || t.tag == "VBZ" || t.tag == "VBP" || t.tag == "MD") {
			return m
		}
	}
	return -1
}

// clauseBefore reports whether a subject stands after a comma that closes
// a clause of its own ("The bridge will close, city officials announced
// Thursday, ..."): then the claim is that clause, not what follows the cue.
func (d *doc) clauseBefore(subj np, s sentence) bool {
	c := subj.t0 - 1
	if c > s.t0 && isDet(d.toks[c]) {
		c--
	}
	if c <= s.t0+2 || d.toks[c].text != "," {
		return false
	}
	// "As the storm approached, officials said ...": a subordinate clause
	// introduces the attribution rather than being its content.
	if subordinators[d.toks[s.t0].lower] {
		return false
	}
	for m := s.t0; m < c; m++ {
		t := &d.toks[m]
		if t.tag == "VBD" || t.tag == "VBZ" || t.tag == "VBP" || t.tag == "MD" {
			return true
		}
	}
	return false
}

// quotedStatement reports whether a claim's quotations hold a statement
// rather than a name or a term: three words or more.
func (d *doc) quotedStatement(c cand) bool {
	for _, q := range c.quotes {
		if len(strings.Fields(d.text[d.quotes[q].s:d.quotes[q].e])) >= 3 {
			return true
		}
	}
	return false
}

var subordinators = set("as", "when", "while", "if", "after", "before", "because", "although", "though", "since", "until", "once", "whereas", "unless", "whether", "where", "even", "asked", "speaking", "addressing", "in", "on", "at", "during")

func isBeForm(w string) bool {
	switch w {
	case "is", "was", "were", "are", "be", "been", "being", "’s", "'s":
		return true
	}
	return false
}

// sentenceSubject returns the first noun phrase of sentence s before token
// k, after any introductory phrase closed by a comma.
func (d *doc) sentenceSubject(s sentence, k int) np {
	start := s.t0
	// A sentence that opens with a quotation has its subject after it:
	// “…,” Mr. Manafort said, suggesting that ...
	for start < k && (d.toks[start].q != d.lvl || d.toks[start].isQuoteMark() || d.toks[start].text == ",") {
		start++
	}
	// Skip an introductory phrase closed by a comma: "On Monday, ...",
	// "Asked about it, she ...", "As the storm hit, ...".
	intro := d.toks[start].tag == "VBN" || d.toks[start].tag == "VBG" || subordinators[d.toks[start].lower]
	for j := start; j < k && j < start+16; j++ {
		if d.toks[j].text == "," {
			start = j + 1
			break
		}
		if strings.HasPrefix(d.toks[j].tag, "VB") && !intro {
			break
		}
	}
	for j := start; j < k && j < start+40; j++ {
		if strings.HasPrefix(d.toks[j].tag, "VB") || d.toks[j].tag == "MD" {
			n := d.npEndingAt(d.skipBack(j-1, start), start)
			if !n.empty() && d.speakerLike(n) {
				return n
			}
			return np{}
		}
	}
	return np{}
}

// contentStart returns the first token of the reported clause after cue
// k: past an indirect object of tell-type verbs, adjuncts ("via his social
// media channels", "on Tuesday", "in a statement"), a colon or comma, and
// the complementiser "that".
func (d *doc) contentStart(k int, s sentence) int {
	j := k + 1
	// "that" within a few words, before any verb, marks the clause start.
	for m := j; m < s.t1 && m < k+12; m++ {
		t := &d.toks[m]
		if t.q >= 0 || strings.HasPrefix(t.tag, "VB") && t.tag != "VBN" && t.tag != "VBG" || t.tag == "MD" || t.text == "." || t.text == ";" || t.text == "," {
			break
		}
		if t.lower == "that" && (t.tag == "IN" || t.tag == "WDT" || t.tag == "DT") {
			return m + 1
		}
	}
	switch d.toks[k].cue.lemma {
	case "tell", "inform", "assure", "remind", "warn", "advise", "ask", "urge":
		// "told reporters he would", but "warned lenders would tighten":
		// a noun phrase followed by a verb is the clause's subject.
		if n := d.npStartingAt(j, s.t1); !n.empty() && j < s.t1 && d.toks[j].q < 0 && !isNounClauseStart(d, j) && !(n.t1 < s.t1 && (strings.HasPrefix(d.toks[n.t1].tag, "VB") || d.toks[n.t1].tag == "MD")) {
			j = n.t1
		}
	}
	for j < s.t1 && (d.toks[j].text == "," || d.toks[j].text == ":") {
		j++
	}
	return j
}

// isNounClauseStart reports a subject pronoun that opens a reported clause
// ("told reporters he would", "warned they could").
func isNounClauseStart(d *doc, j int) bool {
	if j+1 >= len(d.toks) {
		return false
	}
	_, pron := speakerPronouns[d.toks[j].lower]
	return pron && (strings.HasPrefix(d.toks[j+1].tag, "VB") || d.toks[j+1].tag == "MD")
}

// contentEnd returns one past the last token of the clause starting at
// token a: the end of the sentence, or the start of the next attribution
// in it (", adding that", "and warned that", ", while Putin
// characterized").
func (d *doc) contentEnd(a int, s sentence) int {
	// A reported clause longer than maxClause tokens is not one; the bound
	// also keeps a sentence of thousands of cue words linear.
	if s.t1 > a+maxClause {
		s.t1 = a + maxClause
	}
	for k := a + 1; k < s.t1; k++ {
		if !d.usableCue(k) || d.toks[k].tag == "NN" || d.toks[k].tag == "NNS" {
			continue
		}
		// Walk back over the next cue's subject and the joint before it.
		j := d.skipBack(k-1, a)
		hasSubj := false
		if n := d.npEndingAt(j, a); !n.empty() && d.speakerLike(n) {
			j, hasSubj = n.t0-1, true
		}
		// "by" and "while" join a participle ("..., by arguing that"),
		// not a clause with its own subject ("appointed by President
		// Bush estimated ...": a nested attribution stays inside).
		if j > a && (d.toks[j].lower == "by" || d.toks[j].lower == "while") && (hasSubj || d.toks[k].tag != "VBG") {
			continue
		}
		// “…back away,” reiterating: the closing mark ends the clause
		// before, with the comma inside it.
		if j > a && d.toks[j].isQuoteMark() && d.toks[j].q < 0 && d.toks[j-1].text == "," {
			return j + 1
		}
		if j > a && isJoint(d.toks[j]) {
			for j > a && isJoint(d.toks[j]) {
				j--
			}
			return j + 1
		}
	}
	return s.t1
}

const maxClause = 200

// clauseFirst handles "CLAUSE, X said." and "CLAUSE, said X." for cue k.
func (d *doc) clauseFirst(k int, s sentence, subj np) (cand, bool) {
	// Everything after the cue (and its speaker) must be adjuncts up to
	// the sentence end: "said on Tuesday.", "told reporters."
	var spk np
	left := -1
	if !subj.empty() {
		spk = subj
		left = subj.t0 - 1
	} else {
		spk = d.npStartingAt(k+1, s.t1)
		if spk.empty() || !d.speakerLike(spk) {
			return cand{}, false
		}
		left = k - 1
	}
	for m := max(k, spk.t1); m < s.t1; m++ {
		t := &d.toks[m]
		if m > k+maxClause {
			return cand{}, false
		}
		if t.text == "," && m > k {
			// "..., staff say, as the hospital struggles": what follows
			// the comma after the attribution is the writer's.
			break
		}
		if d.usableCue(m) && m != k || strings.HasPrefix(t.tag, "VB") && m != k && t.tag != "VBG" && t.tag != "VBN" || t.lower == "that" {
			return cand{}, false
		}
	}
	// "..., United Nations envoy Ingrid Solberg-Amadi said": a title in
	// lower case may stand between the comma and the name.
	for m := left; m >= s.t0 && m > left-5 && d.toks[m].text != ","; m-- {
		if !(titleWords[d.toks[m].lower] || d.toks[m].tag == "NN" || d.toks[m].tag == "JJ" || d.isNameTok(m)) {
			break
		}
		if m-1 >= s.t0 && d.toks[m-1].text == "," {
			left = m - 1
		}
	}
	if left < s.t0 || d.toks[left].text != "," && !d.toks[left].isQuoteMark() {
		return cand{}, false
	}
	// A parenthetical attribution: "The plan, he said, will fail."
	if left-1 < s.t0 {
		return cand{}, false
	}
	content := span{d.toks[d.bodyStart(s)].s, d.toks[left-1].e}
	if d.toks[left].text == "," && left-1 >= s.t0 && d.toks[left-1].isQuoteMark() {
		content.e = d.toks[left-1].e
	}
	return d.clauseCand(content, d.tokSpan(k), spk, "cue-clause"), true
}

// sieveContinuedQuote gives every paragraph of a multi-paragraph quote the
// speaker of the paragraph that is attributed.
func sieveContinuedQuote(d *doc) {
	byQuote := map[int]int{}
	for ci, c := range d.cands {
		for _, q := range c.quotes {
			byQuote[q] = ci
		}
	}
	for qi := range d.quotes {
		if !d.quotes[qi].contNext && !d.quotes[qi].contPrev {
			continue
		}
		// Find the group [a, b] of pieces around qi.
		a := qi
		for a > 0 && d.quotes[a].contPrev {
			a = d.prevPiece(a)
			if a < 0 {
				break
			}
		}
		if a < 0 || d.qUsed[qi] {
			continue
		}
		owner := -1
		for k := a; k >= 0 && k < len(d.quotes); k = d.nextPiece(k) {
			if ci, ok := byQuote[k]; ok {
				owner = ci
				break
			}
			if !d.quotes[k].contNext {
				break
			}
		}
		if owner < 0 {
			continue
		}
		c := d.quoteCand(qi, span{}, np{}, "continued-quote")
		c.inherit = owner
		d.addCand(c)
	}
}

func (d *doc) prevPiece(k int) int {
	for j := k - 1; j >= 0; j-- {
		if d.quotes[j].para == d.quotes[k].para-1 && d.quotes[j].contNext {
			return j
		}
		if d.quotes[j].para < d.quotes[k].para-1 {
			break
		}
	}
	return -1
}

func (d *doc) nextPiece(k int) int {
	if !d.quotes[k].contNext {
		return -1
	}
	for j := k + 1; j < len(d.quotes); j++ {
		if d.quotes[j].para == d.quotes[k].para+1 && d.quotes[j].contPrev {
			return j
		}
		if d.quotes[j].para > d.quotes[k].para+1 {
			break
		}
	}
	return -1
}

// sieveFloatingQuote: a quotation with no cue of its own, in the paragraph
// of an attributed quote or opening the paragraph after it, continues that
// speaker.
func sieveFloatingQuote(d *doc) {
	d.sortCands()
	next := 0 // d.cands[order[next]] is the first claim not before the quote
	// Which sentences still hold a cue no claim has taken: computed once,
	// so a sentence of ten thousand quotations is read once.
	cueLeft := make([]bool, len(d.sents))
	for si, s := range d.sents {
		for j := s.t0; j < s.t1; j++ {
			if d.usableCue(j) {
				cueLeft[si] = true
				break
			}
		}
	}
	for qi := range d.quotes {
		q := d.quotes[qi]
		if d.qUsed[qi] || q.depth > 0 || q.e <= q.s {
			continue
		}
		k := d.tokenAt(q.open)
		if k >= len(d.toks) || cueLeft[d.toks[k].sent] || !d.opensSentence(q) || !d.endsSentence(q) {
			continue
		}
		for next < len(d.order) && d.cands[d.order[next]].content.s < q.open {
			next++
		}
		prev := -1
		if next > 0 {
			prev = d.order[next-1]
		}
		if d.lastFloat >= 0 && (prev < 0 || d.cands[d.lastFloat].content.s > d.cands[prev].content.s) {
			prev = d.lastFloat
		}
		if prev < 0 {
			continue
		}
		pc := d.cands[prev]
		pp := d.paraOf(pc.content.s)
		if pp != q.para && pp != q.para-1 {
			continue
		}
		if pp == q.para-1 && q.open != firstNonSpace(d.text, d.paras[q.para]) {
			continue
		}
		c := d.quoteCand(qi, span{}, np{}, "floating-quote")
		c.inherit = prev
		d.lastFloat = d.addCand(c)
	}
}

// opensSentence reports whether a quotation stands at the start of its
// sentence, as a floating quote does; one in mid-sentence is a term or a
// title.
func (d *doc) opensSentence(q quote) bool {
	k := d.tokenAt(q.open)
	if k >= len(d.toks) {
		return false
	}
	return k == d.sents[d.toks[k].sent].t0
}

// sortCands records the claims found so far in order of content start.
// endsSentence reports whether nothing but punctuation follows a
// quotation in its sentence: a floating quote is a sentence of its own,
// while „Die Hafenkinder“ opens in cinemas is a title used as a subject.
func (d *doc) endsSentence(q quote) bool {
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

func (d *doc) sortCands() {
	d.order = d.order[:0]
	for i := range d.cands {
		d.order = append(d.order, i)
	}
	sort.SliceStable(d.order, func(a, b int) bool { return d.cands[d.order[a]].content.s < d.cands[d.order[b]].content.s })
	d.lastFloat = -1
}

func (d *doc) paraOf(b int) int {
	return sort.Search(len(d.paras), func(i int) bool { return d.paras[i].e > b })
}

// sieveUnattributedQuote keeps a quotation that reads as a statement (a
// sentence of five words or more) with speaker null; shorter quotations
// with no cue are scare quotes, titles and terms, and are dropped.
func sieveUnattributedQuote(d *doc) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if d.qUsed[qi] || q.depth > 0 || q.e <= q.s || q.para == 0 {
			continue
		}
		// A statement nobody is named for opens its sentence or follows a
		// colon ("A sign read: “…”"); in mid-sentence it is a phrase.
		if k := d.tokenAt(q.open); k < len(d.toks) && !d.opensSentence(q) && (k == 0 || d.toks[k-1].text != ":") {
			continue
		}
		inner := d.text[q.s:q.e]
		words := strings.Fields(inner)
		if len(words) < 5 || titleCase(words) {
			continue
		}
		last := inner[len(inner)-1]
		if !isUpperStart(inner) && last != '.' && last != '?' && last != '!' {
			continue
		}
		d.addCand(d.quoteCand(qi, span{}, np{}, "unattributed-quote"))
	}
}

// notColonSpeakers are labels that stand before a colon without being
// anyone ("Related: ...", "UPDATE: ...").
var notColonSpeakers = set("related", "update", "updated", "note", "editor", "photo", "video",
	"source", "sources", "read", "watch", "see", "also", "more", "correction", "clarification",
	"advertisement", "warning", "breaking", "exclusive", "analysis", "opinion", "live", "q", "a",
	"news", "transcript", "summary", "background", "context", "key", "factbox", "timeline",
	"question", "answer", "by", "from", "to", "subject", "re", "fwd", "tags", "filed", "posted")

// sieveColonAttribution: a paragraph that opens with a speaker and a
// colon, as headlines ("Sanders: Brexit vote could help Trump") and
// interview transcripts ("CLINTON: Honestly, ...") do.
func sieveColonAttribution(d *doc) {
	for si := range d.sents {
		s := d.sents[si]
		if si > 0 && d.sents[si-1].para == s.para {
			continue // only a paragraph's first sentence
		}
		c := -1
		for k := s.t0; k < s.t1 && k < s.t0+6; k++ {
			if d.toks[k].text == ":" {
				c = k
				break
			}
		}
		if c <= s.t0 || c+1 >= s.t1 || d.toks[c].used || d.toks[c].q >= 0 {
			continue
		}
		if notColonSpeakers[d.toks[s.t0].lower] || notColonSpeakers[d.toks[c-1].lower] {
			continue
		}
		spk := np{t0: s.t0, t1: c}
		allName := true
		for k := s.t0; k < c; k++ {
			if !d.isNameTok(k) && !isAllCaps(d.toks[k].text) && !d.isParticle(k) && !(isUpperStart(d.toks[k].text) && c-s.t0 == 1) {
				allName = false
			}
		}
		if !allName {
			continue
		}
		p := d.paras[s.para]
		content := span{d.toks[c+1].s, p.e}
		for content.e > content.s && (d.text[content.e-1] == '.') {
			content.e--
		}
		d.addCand(d.clauseCand(content, d.tokSpan(c), spk, "colon-attribution"))
	}
}

// titleCase reports words most of which are capitalised: a title or a
// slogan ("Rent Is Not a Luxury"), not a sentence.
func titleCase(words []string) bool {
	n := 0
	for _, w := range words {
		if isUpperStart(w) {
			n++
		}
	}
	return n*4 >= len(words)*3
}

// bodyStart returns the first token of sentence s after a dateline
// ("BRUSSELS (Eurolink News) –", "WASHINGTON —"), which is never part of a
// claim.
func (d *doc) bodyStart(s sentence) int {
	for m := s.t0; m < s.t1 && m < s.t0+10; m++ {
		t := &d.toks[m]
		switch {
		case t.text == "—" || t.text == "–" || t.text == "-" || t.text == "--":
			if m > s.t0 && m+1 < s.t1 {
				return m + 1
			}
			return s.t0
		case isAllCaps(t.text) || t.text == "(" || t.text == ")" || t.text == "," || m > s.t0 && d.toks[m-1].text == "(" || isUpperStart(t.text) && m > s.t0 && d.toks[m-1].text != "(" && inParens(d, m, s):
		default:
			return s.t0
		}
	}
	return s.t0
}

func inParens(d *doc, m int, s sentence) bool {
	for k := m - 1; k >= s.t0; k-- {
		switch d.toks[k].text {
		case "(":
			return true
		case ")":
			return false
		}
	}
	return false
}

// statementNouns name something a person said or wrote; "Putin’s
// statements", "the minister’s remarks".
var statementNouns = set("statement", "statements", "remarks", "remark", "comments", "comment",
	"words", "speech", "address", "message", "testimony", "letter", "tweet", "tweets", "post",
	"posts", "interview", "answer", "answers", "reply", "response", "pledge", "promise", "vow",
	"warning", "claim", "claims", "assertion", "argument", "rhetoric", "announcement")

// sievePossessiveStatement: a quotation no cue took, in a sentence whose
// subject is someone's words ("Putin’s statements ... were calibrated to
// portray him as willing to negotiate “on equal terms”"). The quotation is
// that person's.
func sievePossessiveStatement(d *doc) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if d.qUsed[qi] || q.depth > 0 || q.e <= q.s {
			continue
		}
		k := d.tokenAt(q.open)
		if k >= len(d.toks) {
			continue
		}
		s := d.sents[d.toks[k].sent]
		for m := s.t0 + 1; m+1 < k && m < s.t0+12; m++ {
			if d.toks[m].text != "’s" && d.toks[m].text != "'s" || !statementNouns[d.toks[m+1].lower] {
				continue
			}
			if !d.isNameTok(m - 1) {
				break
			}
			a, _ := d.nameRun(m - 1)
			spk := np{t0: a, t1: m}
			d.addCand(d.quoteCand(qi, d.tokSpan(m+1), spk, "possessive-statement"))
			break
		}
	}
}
