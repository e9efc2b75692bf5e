package extract

// accordingTo: According to X, … / …, according to X. / G4S receives,
// according to one report, $234 million.
type accordingTo struct{}

func (accordingTo) id() RuleID { return RuleAccordingTo }

func (rule accordingTo) apply(d *document, led *ledger) {
	r := newReader(d, led, -1)
	for si := range d.sents {
		s := d.sents[si]
		for k := s.t0; k+2 < s.t1; k++ {
			if d.toks[k].lower != "according" || d.toks[k+1].lower != "to" || d.toks[k].q >= 0 || led.tokTaken[k] {
				continue
			}
			spk := d.npStartingAt(k+2, s.t1)
			if spk.empty() || !d.speakerLike(spk) && !d.accordingSource(spk) {
				continue
			}
			content, ok := rule.content(d, k, spk, s)
			if !ok {
				continue
			}
			led.propose(r.clauseCand(content, span{d.toks[k].s, d.toks[k+1].e}, spk, rule.id()))
		}
	}
}

// content returns what "according to" at token k, with source spk,
// attributes: the clause after the source, the clause before it, or the
// whole sentence the source interrupts.
func (accordingTo) content(d *document, k int, spk np, s sentence) (span, bool) {
	b := d.bodyStart(s)
	switch {
	case k > b && d.toks[k-1].text == "," && d.moreClauseAfter(spk, s):
		// "G4S receives, according to one report, $234 million ...": the
		// source interrupts the claim, which is the whole sentence.
		return span{d.toks[b].s, d.clauseEnd(b, s)}, true
	case k == s.t0 || k == s.t0+1 && d.toks[s.t0].tag == "CC":
		// According to X, CLAUSE.
		j := spk.t1
		for j < s.t1 && d.toks[j].text != "," {
			j++
		}
		if j+1 >= s.t1 {
			return span{}, false
		}
		return span{d.toks[j+1].s, d.clauseEnd(j+1, s)}, true
	}
	// CLAUSE, according to X.
	j := k - 1
	if d.toks[j].text == "," {
		j--
	}
	if j < b {
		return span{}, false // ", according to X" with nothing before it
	}
	return span{d.toks[b].s, d.toks[j].e}, true
}

// accordingSource reports a noun phrase that "according to" makes a
// source even though it names no person or document: "according to a
// count by The Associated Press", "according to unofficial returns".
// Phrases of manner ("according to plan") are not sources.
func (d *document) accordingSource(n np) bool {
	h := d.head(n)
	return isNounTag(h.tag) && !d.lex.NotSources.Has(h.lower)
}

// minClauseWords is how many words after "according to X," make the
// sentence go on with a clause of its own rather than a short adverbial.
const minClauseWords = 3

// moreClauseAfter reports whether, after the noun phrase n and a comma,
// the sentence goes on with words of its own (more than a short adverbial).
func (d *document) moreClauseAfter(n np, s sentence) bool {
	j := n.t1
	if j >= s.t1 || d.toks[j].text != "," {
		return false
	}
	words := 0
	for m := j + 1; m < s.t1; m++ {
		if d.toks[m].text != "." && d.toks[m].text != "," {
			words++
		}
	}
	return words >= minClauseWords
}

// clauseEnd returns the byte offset where a clause that runs to the end of
// sentence s stops: before the final full stop, and before the words the
// writer adds (writerTail).
func (d *document) clauseEnd(from int, s sentence) int {
	e := d.writerTail(from, s.t1) - 1
	for e > from && (d.toks[e].text == "." || d.toks[e].text == "!" && d.toks[e].q < 0) {
		e--
	}
	return d.toks[e].e
}
