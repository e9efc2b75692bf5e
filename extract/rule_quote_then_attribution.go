package extract

import "strings"

// quoteThenAttribution: “…,” she said. / “…,” said Jane Doe. / “…,” Doe
// told reporters on Tuesday. A quote split by its attribution (“We will,”
// he said, “win this.”) gives its second half the same speaker.
type quoteThenAttribution struct{}

func (quoteThenAttribution) id() RuleID { return RuleQuoteThenAttribution }

func (rule quoteThenAttribution) apply(d *document, led *ledger) {
	for qi := range d.quotes {
		q := d.quotes[qi]
		if led.quoteTaken[qi] || q.close == q.closeEnd || q.e <= q.s {
			continue
		}
		if d.namesWork(qi) {
			continue
		}
		// A quote that ends its sentence (“… win.”) has no attribution
		// after it, unless a sentence of only an attribution follows
		// (“… win.” Trump said.); “…?” asked Lee and “…!” she shouted do.
		ended := strings.HasSuffix(d.text[q.s:q.e], ".")
		r := newReader(d, led, q.parent)
		j := d.tokenAt(q.closeEnd)
		if j >= len(d.toks) || d.toks[j].q != r.lvl && d.toks[j].q != int32(qi) || d.sents[d.toks[j].sent].para != q.para {
			continue // (a quote that ends its paragraph has no attribution after it)
		}
		end := d.paraTokEnd(j)
		for j < end && (d.toks[j].text == "," || d.toks[j].text == "”" || d.toks[j].text == "’") {
			j++
		}
		if j >= end {
			continue
		}
		cue, spk, last := rule.attribution(r, j, end, d.commaClosed(q, j))
		if cue < 0 || ended && !d.onlyAdjunctsToStop(last, end) {
			continue
		}
		if d.reportedAfterThat(q) && last < end && d.toks[last].text != "." && d.toks[last].text != "," {
			// "Trump claimed that “…,” one of the prosecutors said the
			// cases differ": the quote is the first cue's content, and
			// the second cue has its own. ("Polling shows that “…,” said
			// Sylke Tempel" quotes her.)
			continue
		}
		ci := led.propose(d.quoteCand(qi, d.tokSpan(cue), spk, rule.id()))
		rule.splitQuote(r, ci, cue, last, end)
	}
}

// attribution reads the attribution that starts at token j, after a
// quotation: its cue, its speaker, and the token after it; cue is -1 when
// there is none.
//
// comma says that the quotation closed with a comma (“…,” she said), as
// quotations with an attribution after them do; only then is a subject
// read forward from the quote up to the cue trusted.
func (quoteThenAttribution) attribution(r reader, j, end int, comma bool) (cue int, spk np, last int) {
	d := r.document
	if r.usableCue(j) && d.toks[j].tag != "VBG" {
		// “…,” said Jane Doe. (But in "defended “New York values,” saying
		// the city ...", the words after are what was said.)
		spk = d.npStartingAt(j+1, end)
		if spk.empty() || !d.speakerLike(spk) {
			return -1, np{}, 0
		}
		return j, spk, spk.t1
	}
	// “…,” Jane Doe said. Find the cue within a few words and check that
	// its subject starts right here.
	cue = -1
	for k := j; k < end && k < j+cueAfterQuote; k++ {
		t := &d.toks[k]
		if c := d.parentheticalClose(k, end); c > k {
			k = c // ("Rubio (R-Fla.) said": its full stop ends nothing.)
			continue
		}
		if t.q >= 0 || d.fullStop(k) || t.text == "“" || t.text == ";" {
			break
		}
		if r.usableCue(k) {
			cue = k
			break
		}
	}
	if cue < 0 {
		return -1, np{}, 0
	}
	spk = d.npEndingAt(d.skipBack(cue-1, j), j)
	if spk.empty() || !d.speakerLike(spk) || !d.onlyModifiers(j, spk.t0) {
		// "Mr. Daniloff, now 81 and retired in Cambridge, Mass., said":
		// read the speaker forward from the quote and skip its
		// apposition, however many commas it holds.
		// "a spokesman for committee Democrats said": a noun phrase that
		// runs from the quote right up to the cue is its subject too.
		spk = d.npStartingAt(j, cue)
		before := d.skipBack(cue-1, j)
		if spk.empty() || !d.speakerLike(spk) || !(d.appositionUpTo(spk.t1, before) || comma && spk.t0 == j && spk.t1 == before+1) {
			return -1, np{}, 0
		}
	}
	return cue, spk, cue + 1
}

// onlyAdjunctsToStop reports whether the attribution sentence after a
// quote that ended its own sentence ends at token k with a full stop, or
// goes on only with a few words that say to whom, when or where (“… win.”
// Trump said on Monday. / Holt told reporters at City Hall.): no verb, no
// quote, no "that". Unlike onlyAdjuncts it takes the cue's object
// ("reporters"). A verb there starts what was said (“… leave.” Trump
// said he had not decided), another claim.
func (d *document) onlyAdjunctsToStop(k, end int) bool {
	for n := 0; k < end && n <= attributionTailWords; k, n = k+1, n+1 {
		t := &d.toks[k]
		switch {
		case d.fullStop(k):
			return true
		case t.q >= 0 || t.isQuoteMark() || t.lower == "that" || t.text == "," || t.text == ";" || t.text == ":":
			return false
		case strings.HasPrefix(t.tag, "VB") || t.tag == "MD" || t.tag == "PRP" || t.tag == "WDT" || t.tag == "WP":
			return false
		}
	}
	return false
}

// splitQuote gives the second half of a split quote (“We will,” he said,
// “win this.”) the speaker of candidate ci, whose attribution ends before
// token last.
func (rule quoteThenAttribution) splitQuote(r reader, ci, cue, last, end int) {
	d := r.document
	k := last
	for k < end && !d.toks[k].isQuoteMark() && k < last+splitQuoteGap && d.toks[k].text != "." {
		k++
	}
	if k >= end || !d.toks[k].isQuoteMark() {
		return
	}
	if nq := d.quoteOpeningAt(d.toks[k].s); nq >= 0 && !r.led.quoteTaken[nq] && d.quotes[nq].depth == 0 && !d.namesWork(nq) {
		c := d.quoteCand(nq, span{}, np{}, rule.id())
		c.inherit = ci
		c.cue = d.tokSpan(cue)
		r.led.propose(c)
	}
}

// appositionUpTo reports whether tokens [a, b] are an apposition: they
// open and close with a comma.
func (d *document) appositionUpTo(a, b int) bool {
	return b > a && d.toks[a].text == "," && d.toks[b].text == ","
}

// onlyModifiers reports whether tokens [a, b) are lower-case words that
// can stand before a name as its title ("chief executive", "league
// disciplinary chief", "his nephew").
func (d *document) onlyModifiers(a, b int) bool {
	if b-a > maxTitleWords {
		return false
	}
	for k := a; k < b; k++ {
		t := &d.toks[k]
		if !(t.tag == "NN" || t.tag == "JJ" || t.tag == "NNP" || t.tag == "POS" || d.lex.Titles.Has(t.lower) || (t.tag == "DT" || t.tag == "PRP$") && k == a) {
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
func (d *document) quoteOpeningAt(b int) int {
	k := d.firstQuoteFrom(b)
	if k < len(d.quotes) && d.quotes[k].open == b {
		return k
	}
	return -1
}

// commaClosed reports whether quote q closes with a comma, inside its
// marks or right after them, before token j.
func (d *document) commaClosed(q quote, j int) bool {
	if strings.Contains(d.text[q.e:q.close], ",") {
		return true
	}
	for k := d.tokenAt(q.closeEnd); k < j; k++ {
		if d.toks[k].text == "," {
			return true
		}
	}
	return false
}

// reportedAfterThat reports a quotation that opens right after the "that"
// of a cue before it ("Trump claimed on Tuesday that “…”").
func (d *document) reportedAfterThat(q quote) bool {
	k := d.tokenAt(q.open) - 1
	if k < 0 || d.toks[k].lower != "that" {
		return false
	}
	for m := k - 1; m >= 0 && m >= k-thatAfterCue && d.toks[m].sent == d.toks[k].sent; m-- {
		if d.toks[m].isCue {
			return true
		}
	}
	return false
}
