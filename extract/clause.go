package extract

// Reading the clause around a cue: where the reported clause starts and
// ends, who its subject is (through appositions, adjuncts, participles and
// subordinate clauses), and the word classes those decisions rest on. The
// sieves in sieve_clause.go and sieve_quotes.go build on these.

import (
	"strings"
)

// mainClauseAfter returns where the content of cue k ends when the cue
// stands in a sentence's opening subordinate clause: "When Trump suggested
// that Cuba would sue, Rubio fired back" reports "Cuba would sue", and the
// main clause after the comma is the writer's. Otherwise it returns end.
func (d *doc) mainClauseAfter(k, after, end int, s sentence) int {
	b := d.bodyStart(s)
	if !openingSubordinators[d.toks[b].lower] || k > b+15 {
		return end
	}
	for m := b; m < k; m++ {
		if d.toks[m].text == "," {
			return end // "As the mayor spoke, Vale noted that": the cue is in the main clause
		}
	}
	for m := after + 1; m+2 < end; m++ {
		if d.toks[m].text != "," || d.toks[m].q >= 0 {
			continue
		}
		if n := d.npStartingAt(m+1, end); !n.empty() && n.t1 < end {
			v := n.t1
			for v < end && d.toks[v].tag == "RB" {
				v++ // "Rubio quickly fired back"
			}
			if v < end && isFinite(d.toks[v].tag) {
				return m
			}
		}
	}
	return end
}

// openingSubordinators open a subordinate clause that a sentence can start
// with.
var openingSubordinators = set("when", "as", "after", "before", "because", "although", "though",
	"since", "while", "if", "once", "until", "whereas", "unless")

// subjectBeforeAdjunct returns the subject when the noun phrase n before
// a cue is the object of a preposition: "Jeb Bush in a Medium post said",
// "Another source speaking to Fox News said". A subject does not follow a
// preposition; the phrase is an adjunct, and the subject stands before it
// (and before a participle that heads it).
func (d *doc) subjectBeforeAdjunct(n np, s sentence) np {
	p := n.t0 - 1
	if n.empty() || p <= s.t0 || !(adjunctPreps[d.toks[p].lower] || d.toks[p].lower == "to") {
		return n
	}
	participle := p-1 > s.t0 && (d.toks[p-1].tag == "VBG" || d.toks[p-1].tag == "VBN" || isParticipleForm(d.toks[p-1].lower))
	if d.toks[p].lower == "to" && !participle {
		return n // "to" only after a participle: "speaking to Fox News"
	}
	if participle {
		p--
	}
	if m := d.npEndingAt(p-1, s.t0); !m.empty() && d.speakerLike(m) {
		return m
	}
	return n
}

// participleSubject returns who speaks in a participle cue k ("...,
// adding that", "..., saying"): the subject of the nearest reporting verb
// before it in the sentence ("the talks failed, Nefzi said, adding"), or
// else the sentence's subject.
func (d *doc) participleSubject(k int, s sentence) np {
	for m := k - 1; m > s.t0; m-- {
		t := &d.toks[m]
		if !t.isCue || t.q != d.lvl || !strings.HasPrefix(t.tag, "VB") {
			continue
		}
		if p := m - 1; d.toks[p].text == "," || d.toks[p].isQuoteMark() {
			// "…, said Nefzi, adding": the speaker after the cue.
			if n := d.npStartingAt(m+1, k); !n.empty() && d.speakerLike(n) && n.t1 < k && d.toks[n.t1].text == "," {
				return n
			}
		}
		n := d.npEndingAt(d.skipBack(m-1, s.t0), s.t0)
		if t.tag == "VBG" && (n.empty() || n.t1 != m) {
			continue // a participle counts only with its subject right before it: "with Trump tweeting"
		}
		if !n.empty() && d.speakerLike(n) {
			return n
		}
		break
	}
	// "Sanders protesters interrupted her speech, shouting": the subject
	// of the nearest finite verb before the participle.
	for m := k - 1; m > s.t0; m-- {
		t := &d.toks[m]
		if t.q != d.lvl {
			continue
		}
		if isFinite(t.tag) {
			if n := d.npEndingAt(d.skipBack(m-1, s.t0), s.t0); !n.empty() && d.speakerLike(n) {
				return n
			}
			break
		}
	}
	return d.sentenceSubject(s, k)
}

// isObject reports a noun phrase that follows a verb or a preposition, so
// that it is an object ("emailed supporters", "an email to supporters")
// and not the subject of a participle after it.
func (d *doc) isObject(n np) bool {
	p := n.t0 - 1
	return !n.empty() && p >= 0 && d.toks[p].sent == d.toks[n.t0].sent &&
		(strings.HasPrefix(d.toks[p].tag, "VB") || d.toks[p].tag == "IN" || d.toks[p].tag == "TO")
}

// issuedDocument reports a document noun phrase that is a verb's object
// ("issued a statement", "released a report").
func (d *doc) issuedDocument(n np) bool {
	if n.empty() || !docNouns[d.head(n).lower] {
		return false
	}
	p := n.t0 - 1
	return p >= 0 && strings.HasPrefix(d.toks[p].tag, "VB") && d.toks[p].sent == d.toks[n.t0].sent
}

// invertedSpeaker reports a speaker right after cue k that ends the
// sentence or is followed by a comma: "..., said Steve Grubbs." and
// "..., said Steve Grubbs, an operative".
func (d *doc) invertedSpeaker(k int, s sentence) bool {
	n := d.npStartingAt(k+1, s.t1)
	return !n.empty() && d.speakerLike(n) && !isPronounNP(d, n) && (n.t1 >= s.t1 || d.toks[n.t1].text == "," || d.toks[n.t1].text == ".")
}

// hasVerb reports whether the writer's words in sp hold a verb, which a
// reported clause has ("Clinton taking the lead" too) and an adverbial or
// a noun phrase has not.
func (d *doc) hasVerb(sp span) bool {
	for k := d.tokenAt(sp.s); k < len(d.toks) && d.toks[k].s < sp.e; k++ {
		switch d.toks[k].tag {
		case "VBD", "VBZ", "VBP", "MD", "VBG", "VBN", "VB":
			if d.toks[k].lower != "according" {
				return true
			}
		}
	}
	return false
}

// indefinites are pronouns that name nobody in particular.
var indefinites = set("everyone", "everybody", "nobody", "someone", "somebody", "anyone", "anybody", "no-one")

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

func isPronounNP(d *doc, n np) bool {
	_, ok := speakerPronouns[d.toks[n.t0].lower]
	return ok && n.t1-n.t0 == 1
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
		if t.text == "." || t.text == "," || isDash(t.text) {
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

// adjunctPreps open a phrase, not a clause, after a reporting verb
// ("argued about setlists"); subordinators such as "because" or "if" open
// clauses and are not here.
var adjunctPreps = set("about", "of", "on", "in", "at", "with", "for", "from", "into", "over",
	"under", "during", "against", "among", "between", "through", "toward", "towards", "upon", "via")

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
		if isFinite(t.tag) && m > a {
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
		if t.q == d.lvl && isFinite(t.tag) {
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
		if isFinite(t.tag) {
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
	// "Asked about it, she ...", "As the storm hit, ...". A subordinate
	// clause may run long ("When Trump suggested that Cuba would sue the
	// U.S. for reneging on the deal, Rubio ...").
	intro := d.toks[start].tag == "VBN" || d.toks[start].tag == "VBG" || subordinators[d.toks[start].lower]
	reach := 16
	if intro {
		reach = 40
	}
	for j := start; j < k && j < start+reach; j++ {
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
		if m > j && isQuestionStart(t.lower) {
			break // "asked Pence whether that would": "that" is inside the question
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
	return d.pastAdjunct(j, s)
}

// pastAdjunct returns where the clause starts when a short adjunct stands
// between a cue and a reported clause without "that": "said on Monday the
// deal had not been notified", "said in a note the delay would push". It
// returns j when tokens j... do not read that way.
func (d *doc) pastAdjunct(j int, s sentence) int {
	if j >= s.t1 || !(d.toks[j].tag == "IN" && d.toks[j].lower != "that" || timeWords[d.toks[j].lower]) {
		return j
	}
	// The clause's finite verb, within a few words and no punctuation.
	v := -1
	for m := j + 1; m < s.t1 && m < j+12; m++ {
		t := &d.toks[m]
		if t.q >= 0 || t.tag == "," || t.text == "," || t.text == "." || t.text == ";" || t.tag == "VBG" || t.tag == "VB" || t.tag == "TO" {
			break
		}
		if isFinite(t.tag) {
			v = m
			break
		}
	}
	if v < 0 {
		return j
	}
	// The words before the subject must be the adjunct: a preposition and
	// a noun phrase ("on Monday", "in a note", "on Instagram").
	if subj := d.npEndingAt(v-1, j+1); !subj.empty() && d.nounPhraseTags(j+1, subj.t0) {
		return subj.t0
	}
	// A subject with a phrase of its own ("its drug for the disease
	// failed"): the clause starts after the adjunct's noun phrase.
	if adj := d.npStartingAt(j+1, v); !adj.empty() && adj.t1 < v {
		switch d.toks[adj.t1].tag {
		case "DT", "PRP$", "PRP", "NNP", "NNPS":
			return adj.t1
		}
	}
	return j
}

// nounPhraseTags reports whether tokens [a, b) are all parts of a noun
// phrase.
func (d *doc) nounPhraseTags(a, b int) bool {
	for m := a; m < b; m++ {
		switch d.toks[m].tag {
		case "DT", "JJ", "NN", "NNS", "NNP", "NNPS", "CD", "POS", "PRP$":
		default:
			return false
		}
	}
	return true
}

// timeWords open an adjunct of time without a preposition ("said last
// week the plan ...").
var timeWords = set("last", "this", "late", "early", "earlier", "yesterday", "today", "tonight")

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
		// "by" joins a participle ("..., by arguing that"), not a clause
		// with its own subject ("appointed by President Bush estimated
		// ...": a nested attribution stays inside the claim).
		if j > a && d.toks[j].lower == "by" && (hasSubj || d.toks[k].tag != "VBG") {
			continue
		}
		// “…back away,” reiterating: the closing mark ends the clause
		// before, with the comma inside it.
		if j > a && d.toks[j].isQuoteMark() && d.toks[j].q < 0 && d.toks[j-1].text == "," {
			return j + 1
		}
		// "Trump - who said he would ... - said at a rally": the dash
		// closes the aside the inner claim stands in.
		if j > a && isDash(d.toks[j].text) && !hasSubj {
			return j
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

// isIngForm reports a participle in -ing, which the tagger sometimes reads
// as a noun ("and asking, “…”").
func isIngForm(t *tok) bool {
	return t.tag == "VBG" || strings.HasSuffix(t.lower, "ing") && strings.HasPrefix(t.tag, "NN")
}

// isFinite reports a finite verb's tag: past, present or modal.
func isFinite(tag string) bool {
	return tag == "VBD" || tag == "VBZ" || tag == "VBP" || tag == "MD"
}
