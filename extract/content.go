package extract

// Where a reported clause starts and ends around its cue: past the hearer,
// adjuncts and "that"; up to the next attribution, a dash aside or the
// sentence's end; and whether what follows a cue is a clause at all.

import (
	"strings"
)

// maxClause bounds a reported clause: a longer one is not one, and the
// bound keeps a sentence of thousands of cue words linear.
const maxClause = 200

// contentStart returns the first token of the reported clause after cue
// k: past an indirect object of tell-type verbs, adjuncts ("via his social
// media channels", "on Tuesday", "in a statement"), a colon or comma, and
// the complementiser "that".
func (d *document) contentStart(k int, s sentence) int {
	j := k + 1
	// "said, frankly, that", "said realistically, most of them would": an
	// adverb set off by commas opens the content.
	if j+2 < s.t1 && d.toks[j].text == "," && d.toks[j+1].tag == "RB" && d.toks[j+2].text == "," {
		j += 3
	} else if j+1 < s.t1 && d.toks[j].tag == "RB" && d.toks[j+1].text == "," {
		j += 2
	}
	// "that" within a few words, before any verb, marks the clause start.
	for m := j; m < s.t1 && m < k+thatReach; m++ {
		t := &d.toks[m]
		if d.inWorkTitle(m) || t.text == "’s" || t.text == "'s" {
			continue // "said on ABC's “This Week” that"
		}
		if t.q >= 0 || strings.HasPrefix(t.tag, "VB") && t.tag != "VBN" && t.tag != "VBG" || t.tag == "MD" || t.text == "." || t.text == ";" || t.text == "," {
			break
		}
		if m > j && d.lex.QuestionStarts.Has(t.lower) {
			break // "asked Pence whether that would": "that" is inside the question
		}
		if t.lower == "that" && (t.tag == "IN" || t.tag == "WDT" || t.tag == "DT") {
			if m+1 < s.t1 && d.demonstrativeSubject(m+1) {
				return m // "says that's not happening": "that" is the subject
			}
			return m + 1
		}
	}
	if d.toks[k].cue.HearerClause {
		// "told reporters he would", but "warned lenders would tighten":
		// a noun phrase followed by a verb is the clause's subject.
		if n := d.objectAt(j, s.t1); !n.empty() && j < s.t1 && d.toks[j].q < 0 && !d.isNounClauseStart(j) && !(n.t1 < s.t1 && (strings.HasPrefix(d.toks[n.t1].tag, "VB") || d.toks[n.t1].tag == "MD")) {
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
func (d *document) pastAdjunct(j int, s sentence) int {
	if j >= s.t1 || d.lex.QuestionStarts.Has(d.toks[j].lower) || !(d.toks[j].tag == "IN" && d.toks[j].lower != "that" || d.lex.TimeWords.Has(d.toks[j].lower) || d.lex.NotNames.Has(d.toks[j].lower)) {
		return j // (NotNames holds the days and months: "announced Sunday she will resign")
	}
	if j+1 < s.t1 && d.toks[j+1].lower == "to" && d.onlyTimeWords(j, j+1) {
		return j + 1 // "promised Monday to begin"
	}
	// The clause's finite verb, within a few words and no punctuation.
	v := -1
	for m := j + 1; m < s.t1 && m < j+adjunctVerbReach; m++ {
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
func (d *document) nounPhraseTags(a, b int) bool {
	for m := a; m < b; m++ {
		switch d.toks[m].tag {
		case "DT", "JJ", "NN", "NNS", "NNP", "NNPS", "CD", "POS", "PRP$":
		default:
			return false
		}
	}
	return true
}

// isNounClauseStart reports a subject pronoun that opens a reported clause
// ("told reporters he would", "warned they could").
func (d *document) isNounClauseStart(j int) bool {
	if j+1 >= len(d.toks) {
		return false
	}
	_, pron := d.lex.Pronouns[d.toks[j].lower]
	return pron && (strings.HasPrefix(d.toks[j+1].tag, "VB") || d.toks[j+1].tag == "MD")
}

// contentEnd returns one past the last token of the clause starting at
// token a: the end of the sentence, or the start of the next attribution
// in it (", adding that", "and warned that", ", while Putin
// characterized").
func (r reader) contentEnd(a int, s sentence) int {
	d := r.document
	end := min(s.t1, a+maxClause)
	for k := a + 1; k < end; k++ {
		if !r.usableCue(k) || d.toks[k].tag == "NN" || d.toks[k].tag == "NNS" {
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
	return end
}

func isJoint(t tok) bool {
	return t.text == "," || t.text == ";" || t.tag == "CC" || t.lower == "by" || t.lower == "while" || t.lower == "and" || t.lower == "but"
}

// mainClauseAfter returns where the content of cue k ends when the cue
// stands in a sentence's opening subordinate clause: "When Trump suggested
// that Cuba would sue, Rubio fired back" reports "Cuba would sue", and the
// main clause after the comma is the writer's. Otherwise it returns end.
func (d *document) mainClauseAfter(k, after, end int, s sentence) int {
	b := d.bodyStart(s)
	if !d.lex.OpeningSubordinators.Has(d.toks[b].lower) || k > b+subordinateReach {
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

// onlyAdjuncts reports whether what follows a cue up to the end of the
// sentence (or a comma) is a short adverbial, "on Monday", "late on
// Friday", "in a statement": then the claim is before the cue.
func (d *document) onlyAdjuncts(a int, s sentence) bool {
	n := 0
	for m := a; m < s.t1; m++ {
		t := &d.toks[m]
		if t.text == "." || t.text == "," || isDash(t.text) {
			break
		}
		if n >= maxAdjunctWords || t.q >= 0 || strings.HasPrefix(t.tag, "VB") || t.tag == "MD" || t.lower == "that" {
			return false
		}
		n++
	}
	if n == 0 {
		return false
	}
	first := &d.toks[a]
	return first.tag == "IN" || first.tag == "RB" || d.lex.NotNames.Has(first.lower) || first.lower == "last" || first.lower == "this" || first.lower == "late" || first.lower == "early"
}

// finiteClause reports whether tokens [a, b) open with a clause of their
// own ("he would", "the plan was"): a subject, then a finite verb, within
// a few words.
func (d *document) finiteClause(a, b int) bool {
	for m := a; m < b && m < a+clauseSubjectReach; m++ {
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

// hasVerb reports whether the writer's words in sp hold a verb, which a
// reported clause has ("Clinton taking the lead" too) and an adverbial or
// a noun phrase has not.
func (d *document) hasVerb(sp span) bool {
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

// phrasalPrep returns the index of the preposition that makes cue k report
// speech ("called for", "warned of"), or -1.
func (d *document) phrasalPrep(k int, s sentence) int {
	if k+1 >= s.t1 {
		return -1
	}
	for _, p := range d.toks[k].cue.Preps {
		if d.toks[k+1].lower == p {
			return k + 1
		}
	}
	return -1
}

// trimClauseEnd moves end, one past a clause's last token, back over the
// writer's full stops and commas that close it.
func (d *document) trimClauseEnd(from, end int) int {
	for end-1 > from && (d.toks[end-1].text == "." || d.toks[end-1].text == ",") && d.toks[end-1].q < 0 {
		end--
	}
	return end
}

// writerTail returns where the reported clause in tokens [a, end) stops
// before words the writer adds after it, or end: an aside after a dash
// with no verb of its own ("… serious hurdles—including the phrasing of
// the conditions"), a comment set off by a comma ("…, a stance that Kyiv
// rejects"), and a verb phrase that goes on after a closing quotation
// ("demonstrated “the necessity of dialogue” and set the stage for …").
func (d *document) writerTail(a, end int) int {
	for m := a + 1; m+1 < end; m++ {
		t := &d.toks[m]
		if t.q >= 0 {
			continue
		}
		switch {
		case isDash(t.text) && d.toks[m-1].q < 0 && d.asideAfter(m+1, end):
			return m
		case t.text == "," && d.commentAfter(m+1, end) && d.finiteBetween(a, m):
			return m
		case t.lower == "and" && d.toks[m-1].isQuoteMark() && d.toks[m-1].q < 0 && d.toks[m+1].tag == "VBD":
			return m
		}
	}
	return end
}

// elaborations open an aside that adds to what came before it: "—including
// the phrasing", "—most notably, the withdrawal".
var elaborations = map[string]bool{"including": true, "notably": true, "most": true, "especially": true,
	"particularly": true, "such": true, "namely": true, "chiefly": true, "mainly": true, "even": true}

// asideAfter reports that tokens [a, end), after a dash, are the writer's
// aside: words with no verb of their own, an elaboration, or a noun phrase
// in apposition ("—an apparent attempt to craft a united front").
func (d *document) asideAfter(a, end int) bool {
	if a >= end {
		return false
	}
	t := &d.toks[a]
	return elaborations[t.lower] || t.lower == "a" || t.lower == "an" || t.lower == "the" || !d.finiteBetween(a, end)
}

// finiteBetween reports a finite verb of the writer's in tokens [a, b).
func (d *document) finiteBetween(a, b int) bool {
	for m := a; m < b; m++ {
		if isFinite(d.toks[m].tag) && d.toks[m].q < 0 {
			return true
		}
	}
	return false
}

// commentAfter reports an appositive comment on the clause before it,
// opening at token a: an indefinite noun phrase with a relative clause
// ("a stance that Kyiv rejects", "an outcome which analysts expected").
func (d *document) commentAfter(a, end int) bool {
	if a >= end || d.toks[a].lower != "a" && d.toks[a].lower != "an" {
		return false
	}
	for m := a + 1; m < end && m < a+commentReach; m++ {
		switch d.toks[m].lower {
		case "that", "which":
			return m > a+1 && isNounTag(d.toks[m-1].tag)
		}
		if !d.npInner(m) {
			return false
		}
	}
	return false
}

// demonstrativeSubject reports that the token before k, "that", is the
// subject of the verb at k ("that's not happening", "that was a mistake"),
// not a complementiser.
func (d *document) demonstrativeSubject(k int) bool {
	t := &d.toks[k]
	return t.text == "’s" || t.text == "'s" || t.tag == "VBZ" || t.tag == "VBD" || t.tag == "MD"
}

// inWorkTitle reports a token of the name of a work in quotation marks,
// its marks included ("on ABC's “This Week”").
func (d *document) inWorkTitle(m int) bool {
	q := d.toks[m].q
	if q < 0 && d.toks[m].isQuoteMark() && m+1 < len(d.toks) {
		q = d.toks[m+1].q
	}
	return q >= 0 && d.namesWork(int(q))
}
