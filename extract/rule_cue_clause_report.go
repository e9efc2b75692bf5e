package extract

import (
	"slices"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/lexicon"
)

// The last step of the cue-clause rule: the content of a cue whose
// subject is known, after the cue or before it.

// report attributes cue k with subject subj (shared with an earlier verb
// of the sentence when shared) and returns the token the scan goes on
// after.
func (t *cueClauseTurn) report(k int, subj np, shared bool) int {
	d, s, tk := t.document, t.s, &t.toks[k]
	after := d.contentStart(k, s)
	// "Whatever progress he has made, officials said, could be undone":
	// the words after the attribution continue the clause before it, so
	// this is not "CLAUSE, X said."
	resumes := after < s.t1 && d.toks[after-1].text == "," && !shared && subj.t0-1 > s.t0 && d.toks[subj.t0-1].text == "," &&
		isFinite(d.toks[after].tag)
	thatAfter := d.toks[after-1].lower == "that"
	if subj.empty() || after >= s.t1 || d.toks[after].text == "." || !thatAfter && d.onlyAdjuncts(after, s) || !resumes && !shared && d.clauseBefore(subj, s) && !thatAfter {
		// "CLAUSE, X said." and "CLAUSE, said X."; but in "…,” he said,
		// laughing." the participle reports nothing.
		if tk.tag == "VBG" && k > s.t0 && d.toks[k-1].text == "," {
			return k
		}
		if c, ok := t.clauseFirst(k, subj); ok && (c.kind != claims.Indirect || d.hasVerb(c.content)) {
			t.led.propose(c)
			t.rightPiece(k, after, c.spk)
		}
		return k
	}
	if !shared {
		t.prevSubj = subj
	}
	// "The thing Rubio needs, aides said, is ...", "Instead, she said, her
	// boss told her ...": the words before the attribution are a piece of
	// the claim.
	if !shared && subj.t0-1 > s.t0 && d.toks[subj.t0-1].text == "," && d.toks[after-1].text == "," {
		t.leftPiece(s, subj.t0-1, d.tokSpan(k), subj, RuleCueClause)
	}
	if tk.cue.Class == lexicon.Data && !d.dataSource(subj) && !thatAfter {
		// "the poll shows", "records show": data speak; people who "show"
		// or "find" things mostly do not report them.
		return k
	}
	end := d.mainClauseAfter(k, after, t.contentEnd(after, s), s)
	if end <= after {
		return k
	}
	end = d.trimClauseEnd(after, d.writerTail(after, end))
	// "said that the plan was sound, and that the vote would come in
	// May": two complements, two claims.
	second := -1
	if thatAfter {
		second = d.secondComplement(after, end)
	}
	first := end
	if second > 0 {
		first = second - 2 // before ", and"
	}
	c := t.clauseCand(span{d.toks[after].s, d.toks[first-1].e}, d.tokSpan(k), subj, RuleCueClause)
	if !t.isClause(k, after, first, c, thatAfter || resumes) {
		return k
	}
	t.led.propose(c)
	if second > 0 {
		t.led.propose(t.clauseCand(span{d.toks[second+1].s, d.toks[end-1].e}, d.tokSpan(k), subj, RuleCueClause))
	}
	return end - 1
}

// secondComplement returns the "that" of a second that-clause joined to
// the first by ", and that" or ", but that" within tokens (after, end), or
// -1.
func (d *document) secondComplement(after, end int) int {
	for m := after + 2; m+2 < end; m++ {
		if d.toks[m].lower == "that" && (d.toks[m-1].lower == "and" || d.toks[m-1].lower == "but") && d.toks[m-2].text == "," && d.toks[m].q < 0 {
			return m
		}
	}
	return -1
}

// dataSource reports a subject that is a document or data ("the poll",
// "records"), which "shows" and "found" report for.
func (d *document) dataSource(subj np) bool {
	h := d.head(subj).lower
	return d.lex.DocNouns.Has(strings.TrimSuffix(h, "s")) || d.lex.DocNouns.Has(h)
}

// isClause reports whether tokens [after, end) after cue k, which make
// candidate c, are what the cue reports: a clause, a question after
// "asked", a to-infinitive after a commitment ("vowed to raise"); not an
// "as" phrase, an adjunct, or the object noun phrase of a verb ("added 1
// million jobs"). thatAfter says whether "that" opens them, or they resume
// a clause that began before the attribution.
func (t *cueClauseTurn) isClause(k, after, end int, c cand, thatAfter bool) bool {
	d, s, tk := t.document, t.s, &t.toks[k]
	if d.toks[after].lower == "as" && tk.cue.Class != lexicon.Frame && !thatAfter || d.toks[after].tag == "CC" || d.toks[end-1].text == ":" {
		return false
	}
	if d.lex.AdjunctPreps.Has(d.toks[after].lower) && !thatAfter && d.toks[after].q < 0 {
		return false // "argued about setlists": an adjunct, not a clause
	}

	if c.kind != claims.Indirect || d.speechAct(tk.cue, k, after, end) {
		return true
	}
	if tk.cue.Class == lexicon.Data && end-after >= minFindingWords {
		// What data show need not be a clause: "the poll shows Clinton with
		// a lead of seven points".
		return true
	}
	// (A to-infinitive right after the cue or its day, negated or not:
	// "vowed not to vote", "promised Monday to begin".)
	infinitive := d.onlyTimeWords(k+1, after) && (d.toks[after].lower == "to" || d.toks[after].lower == "not" && after+1 < end && d.toks[after+1].lower == "to")
	switch {
	case end-after < 2:
		return false
	case tk.cue.Class == lexicon.Frame:
		return d.namesWhatItIs(tk.cue, after, end)
	case tk.cue.Class == lexicon.Ask:
		return d.lex.QuestionStarts.Has(d.toks[after].lower)
	case !thatAfter && tk.cue.Weak && !d.finiteClause(after, end) && !(tk.cue.Commit && infinitive):
		return false
	case !thatAfter && !d.hasVerb(c.content) && !(infinitive && after+1 < s.t1 && d.toks[after+1].tag == "VB"):
		// "added 1 million jobs", "maintained an energetic pace": reported
		// speech is a clause; a noun phrase after the verb is its object.
		return false
	}
	return true
}

// asClause handles an attribution in an "as" clause: "As the Times
// reported last week, the agency had warned ..." (the claim is the main
// clause after it) and "The plan will fail, as she said in May." (the
// claim is the clause before it).
func (t *cueClauseTurn) asClause(k int, subj np) (cand, bool) {
	d, s := t.document, t.s
	if subj.empty() {
		return cand{}, false
	}
	a := subj.t0 - 1
	if a >= s.t0 && isDet(d.toks[a]) {
		a--
	}
	if a < s.t0 || d.toks[a].lower != "as" || d.toks[k].cue.Class == lexicon.Phrasal {
		return cand{}, false // "As the mayor spoke, ...": a time, not a source
	}
	if k+1 < s.t1 && d.toks[k+1].text != "," && d.toks[k+1].text != "." && !d.onlyAdjuncts(k+1, s) {
		return cand{}, false // "As she said goodbye, ..."
	}
	// The attribution runs from "as" to a comma or the sentence end, with
	// nothing but adjuncts after the cue.
	c := k + 1
	for ; c < s.t1 && c < k+asClauseReach; c++ {
		tk := &d.toks[c]
		if tk.text == "," || tk.text == "." && c == s.t1-1 {
			break
		}
		if strings.HasPrefix(tk.tag, "VB") || tk.tag == "MD" || tk.q >= 0 || tk.lower == "that" {
			return cand{}, false
		}
	}
	if c >= s.t1 || c >= k+asClauseReach {
		return cand{}, false
	}
	var content span
	switch {
	case a == d.bodyStart(s) && d.toks[c].text == "," && c+3 < s.t1:
		content = span{d.toks[c+1].s, d.clauseEnd(c+1, s)}
	case a-1 > s.t0 && d.toks[a-1].text == "," && d.toks[c].text == ".":
		content = span{d.toks[d.bodyStart(s)].s, d.toks[a-2].e}
	default:
		return cand{}, false
	}
	return t.clauseCand(content, d.tokSpan(k), subj, RuleCueClause), true
}

// clauseFirst handles "CLAUSE, X said." and "CLAUSE, said X." for cue k;
// subj is X when it stands before the cue, else empty.
func (t *cueClauseTurn) clauseFirst(k int, subj np) (cand, bool) {
	d, s := t.document, t.s
	// Everything after the cue (and its speaker) must be adjuncts up to
	// the sentence end: "said on Tuesday.", "told reporters."
	spk, left := subj, subj.t0-1
	if subj.empty() {
		spk = d.npStartingAt(k+1, s.t1)
		if spk.empty() || !d.speakerLike(spk) {
			return cand{}, false
		}
		left = k - 1
	}
	for m := max(k, spk.t1); m < s.t1; m++ {
		tk := &d.toks[m]
		if m > k+maxClause {
			return cand{}, false
		}
		if (tk.text == "," || tk.text == ";") && m > k {
			// "..., staff say, as the hospital struggles": what follows the
			// comma after the attribution is the writer's.
			break
		}
		if t.usableCue(m) && m != k || strings.HasPrefix(tk.tag, "VB") && m != k && tk.tag != "VBG" && tk.tag != "VBN" || tk.lower == "that" {
			return cand{}, false
		}
	}
	// "..., United Nations envoy Ingrid Solberg-Amadi said": a title in
	// lower case may stand between the comma and the name.
	for m := left; m >= s.t0 && m > left-titleBeforeName && d.toks[m].text != ","; m-- {
		if !(d.lex.Titles.Has(d.toks[m].lower) || d.toks[m].tag == "NN" || d.toks[m].tag == "JJ" || d.isNameTok(m) || isDet(d.toks[m])) {
			break
		}
		if m-1 >= s.t0 && d.toks[m-1].text == "," {
			left = m - 1
		}
	}
	// A parenthetical attribution: "The plan, he said, will fail."
	if left < s.t0 || d.toks[left].text != "," && !d.toks[left].isQuoteMark() || left-1 < s.t0 {
		return cand{}, false
	}
	if d.prepositionalOnly(d.bodyStart(s), left) {
		return cand{}, false
	}
	content := span{d.toks[d.bodyStart(s)].s, d.toks[left-1].e}
	return t.clauseCand(content, d.tokSpan(k), spk, RuleCueClause), true
}

// prepositionalOnly reports whether tokens [a, b) are a prepositional
// phrase with at most a participle phrase after a comma: the setting of
// what follows, not a clause ("In the final Mass of his trip, held along
// the border, Francis told the story").
func (d *document) prepositionalOnly(a, b int) bool {
	if a >= b || d.toks[a].tag != "IN" || d.lex.OpeningSubordinators.Has(d.toks[a].lower) {
		return false
	}
	for m := a; m < b; m++ {
		if isFinite(d.toks[m].tag) && !(d.toks[m].tag == "VBD" && d.toks[m-1].text == ",") {
			return false
		}
	}
	return true
}

// namesWhatItIs reports whether tokens [after, end) after a framing cue
// are an object and what the speaker calls it: "the talks as productive"
// after "described", "the mayor a liar" after "called". Without that,
// the cue reports nothing ("called the meeting", "described the scene").
func (d *document) namesWhatItIs(c *lexicon.Cue, after, end int) bool {
	obj := d.objectAt(after, end)
	if obj.empty() || obj.t1 >= end {
		return false
	}
	if c.ObjectAs && d.objectThen(obj, end, "as") {
		return true
	}
	if !c.ObjectComplement {
		return false
	}
	next := &d.toks[obj.t1]
	switch next.tag {
	case "DT", "JJ", "JJS", "NN", "NNS", "NNP", "PRP$", "CD":
		return true
	}
	return next.isQuoteMark() && next.q < 0
}

// speechAct reports content after cue k, [after, end), that is what a
// speech act whose content is not a clause reports (lexicon flags
// object-to, object-of, object-for, gerund): "urged residents not to
// drive", "accused the mayor of lying", "blamed the storm for the delays",
// "denied taking the money".
func (d *document) speechAct(c *lexicon.Cue, k, after, end int) bool {
	at := func(m int, words ...string) bool {
		return m < end && slices.Contains(words, d.toks[m].lower)
	}
	switch {
	case c.ObjectTo && after > k+1 && (isNounTag(d.toks[after-1].tag) || d.toks[after-1].tag == "PRP"):
		// contentStart skipped the hearer: "urged residents | not to drive".
		m := after
		if at(m, "not", "never") {
			m++
		}
		return at(m, "to") && m+1 < end && d.toks[m+1].tag == "VB"
	case c.Gerund:
		m := after
		if at(m, "not", "ever") {
			m++
		}
		return m < end && d.toks[m].tag == "VBG"
	case c.ObjectOf || c.ObjectFor:
		prep := "of"
		if c.ObjectFor {
			prep = "for"
		}
		return d.objectThen(d.objectAt(after, end), end, prep)
	}
	return false
}

// objectThen reports whether word follows the object obj within the
// clause that ends at end, past the phrases the object may carry: "the
// ground under the city | as Swiss cheese", "the fog of war | for the
// failure".
func (d *document) objectThen(obj np, end int, word string) bool {
	if obj.empty() {
		return false
	}
	for m := obj.t1; m+1 < end && m < obj.t1+objectPhraseReach; m++ {
		t := &d.toks[m]
		if t.lower == word {
			return true
		}
		if isFinite(t.tag) || t.text == "," || t.text == ";" || t.q >= 0 {
			break
		}
	}
	return false
}

// objectAt reads the object noun phrase of a speech act at token k: a noun
// phrase, or an object pronoun ("called him a liar").
func (d *document) objectAt(k, end int) np {
	if k < end && d.toks[k].tag == "PRP" {
		return np{t0: k, t1: k + 1}
	}
	return d.npStartingAt(k, end)
}

// rightPiece proposes what follows an attribution set off by commas in
// mid-sentence as a second piece of its claim: "What's more, they note,
// there are plenty of options", "It's an investment, they say, that would
// be recouped". A subordinate clause there ("…, staff say, as the
// hospital struggles") is the writer's.
func (t *cueClauseTurn) rightPiece(k, after int, spk np) {
	d, s := t.document, t.s
	if after >= s.t1 || d.toks[after-1].text != "," || after-1 <= k || d.lex.Subordinators.Has(d.toks[after].lower) || d.toks[after].q >= 0 || t.usableCue(after) {
		return // (a cue there, "…, he said, adding that", has a claim of its own)
	}
	end := d.trimClauseEnd(after, d.writerTail(after, t.contentEnd(after, s)))
	if end-after < minRightPiece {
		return
	}
	content := span{d.toks[after].s, d.toks[end-1].e}
	if !d.hasVerb(content) {
		return
	}
	t.led.propose(t.clauseCand(content, d.tokSpan(k), spk, RuleCueClause))
}

// onlyTimeWords reports whether tokens [a, b) are all words of time or
// days ("Monday", "yesterday"; the days are in NotNames).
func (d *document) onlyTimeWords(a, b int) bool {
	for k := a; k < b; k++ {
		if w := d.toks[k].lower; !d.lex.TimeWords.Has(w) && !(d.lex.NotNames.Has(w) && d.toks[k].tag == "NNP") {
			return false
		}
	}
	return true
}
