package extract

// The sieves that start from a quotation: attribution right after it or
// right before it, a possessive ("Putin’s statements"), the later
// paragraphs of a multi-paragraph quote, floating quotes, and statements
// attributed to nobody.

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
		if strings.HasSuffix(d.text[q.s:q.e], ".") || d.namesWork(qi) {
			continue
		}
		j := d.tokenAt(q.closeEnd)
		if j >= len(d.toks) || d.toks[j].q != d.lvl && d.toks[j].q != int32(qi) || d.sents[d.toks[j].sent].para != q.para {
			continue // (a quote that ends its paragraph has no attribution after it)
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
		if d.usableCue(j) && d.toks[j].tag != "VBG" {
			// “…,” said Jane Doe. (But in "defended “New York values,”
			// saying the city ...", the words after are what was said.)
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
				if t.q >= 0 || d.fullStop(k) || t.text == "“" || t.text == ";" {
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
				// "Mr. Daniloff, now 81 and retired in Cambridge, Mass.,
				// said": read the speaker forward from the quote and skip
				// its apposition, however many commas it holds.
				spk = d.npStartingAt(j, cue)
				if spk.empty() || !d.speakerLike(spk) || !d.appositionUpTo(spk.t1, d.skipBack(cue-1, j)) {
					continue
				}
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
			if nq := d.quoteOpeningAt(d.toks[k].s); nq >= 0 && !d.qUsed[nq] && d.quotes[nq].depth == 0 && !d.namesWork(nq) {
				c := d.quoteCand(nq, span{}, np{}, "quote-then-attribution")
				c.inherit = ci
				c.cue = d.tokSpan(cue)
				d.addCand(c)
			}
		}
	}
}

// appositionUpTo reports whether tokens [a, b] are an apposition: they
// open and close with a comma.
func (d *doc) appositionUpTo(a, b int) bool {
	return b > a && d.toks[a].text == "," && d.toks[b].text == ","
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
		if !(t.tag == "NN" || t.tag == "JJ" || t.tag == "NNP" || t.tag == "POS" || titleWords[t.lower] || t.tag == "DT" && k == a) {
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
		if j > s.t0 && (d.toks[j].tag == "PRP" || (d.toks[j].tag == "NN" || d.toks[j].tag == "NNS") && !d.isNameTok(j)) && d.usableCue(j-1) &&
			(tellLike(d.toks[j-1].cue.lemma) || d.toks[j-1].cue.class == cueWriting) {
			j-- // "He told me ‘never again’", "the bank told people ‘…’", "texted me, ‘…’"
			joined = true
		}
		// Inside a quotation, a cue right before a nested quote introduces
		// it: "He kept yelling ‘Get out!’ and I ran".
		nestedCue := q.depth > 0 && d.usableCue(j) && d.toks[j].tag != "NN" && d.toks[j].tag != "NNS"
		if !joined && !nestedCue && (len(strings.Fields(d.text[q.s:q.e])) < 3 || !d.endsSentence(q)) {
			// "what colleagues call “the Professor”" is a name; "Obama
			// said “it gets me mad” every time ..." is a partial quote,
			// which the cue-clause sieve takes whole.
			continue
		}
		if j > s.t0 && !d.usableCue(j) && joined {
			// "Mehta-Collins told the council:", "KC told jurors at
			// Manchester Crown Court:", "said Thursday on Twitter,": walk
			// back over the object and adjuncts to the cue, but not past
			// another verb.
			for m := j - 1; m >= s.t0 && m >= j-10; m-- {
				if d.usableCue(m) && !(d.toks[m].cue.nounLike && d.toks[m].tag == "VB") {
					j = m
					break
				}
				if strings.HasPrefix(d.toks[m].tag, "VB") || d.toks[m].tag == "MD" {
					break
				}
			}
		}
		if j < s.t0 || !d.usableCue(j) {
			if colon && j >= s.t0 {
				// A colon introduces the quote even without a reporting
				// verb: "She then addressed the supporters: “…”", "Asked
				// what has changed, she put it this way:" (the quote may
				// open the next paragraph), "McDonald: “…”".
				subj := d.sentenceSubject(s, j+1)
				if n := d.npEndingAt(j, s.t0); !n.empty() && d.isNameTok(j) && (n.t0 == s.t0 || n.t0 == d.bodyStart(s)) {
					subj = n
				}
				if !subj.empty() && d.speakerLike(subj) {
					d.addCand(d.quoteCand(qi, d.tokSpan(j+1), subj, "attribution-then-quote"))
				}
			}
			continue
		}
		spk := d.subjectBeforeAdjunct(d.npEndingAt(d.skipBack(j-1, s.t0), s.t0), s)
		if isIngForm(&d.toks[j]) && j > s.t0 && (d.toks[j-1].text == "," || d.toks[j-1].tag == "CC" || d.isObject(spk) || d.issuedDocument(spk)) {
			// "Nefzi said, adding, “…”": the participle's subject.
			spk = d.participleSubject(j, s)
		}
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

// namesWork reports a quotation that names a programme, a book or the
// like inside a phrase ("on ABC’s “This Week,” Carson admitted"): a few
// capitalised words after a possessive, a preposition or an article.
func (d *doc) namesWork(qi int) bool {
	q := d.quotes[qi]
	words := strings.Fields(strings.TrimRight(d.text[q.s:q.e], ",.?!"))
	if len(words) == 0 || len(words) > 6 || !isUpperStart(words[0]) {
		return false
	}
	for _, w := range words {
		if !isUpperStart(w) && !titleSmallWords[w] {
			return false
		}
	}
	k := d.tokenAt(q.open) - 1
	if k < 0 || d.toks[k].e > q.open {
		return false
	}
	return workMarkers[d.toks[k].lower]
}

// titleSmallWords stay lower-case in a title ("Meet the Press").
var titleSmallWords = set("a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by")

// workMarkers stand before the name of a work.
var workMarkers = set("’s", "'s", "on", "in", "at", "of", "from", "the", "titled", "entitled", "called", "named")

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
