package extract

// Who a cue's subject is: through adjuncts, participles, relative and
// subordinate clauses. The rules build on these readers; content.go says
// where the reported clause starts and ends.

import (
	"strings"
)

// subjectBeforeAdjunct returns the subject when the noun phrase n before
// a cue is the object of a preposition: "Jeb Bush in a Medium post said",
// "Another source speaking to Fox News said". A subject does not follow a
// preposition; the phrase is an adjunct, and the subject stands before it
// (and before a participle that heads it).
func (d *document) subjectBeforeAdjunct(n np, s sentence) np {
	p := n.t0 - 1
	if n.empty() || p <= s.t0 || !(d.lex.AdjunctPreps.Has(d.toks[p].lower) || d.toks[p].lower == "to") {
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
func (r reader) participleSubject(k int, s sentence) np {
	d := r.document
	for m := k - 1; m > s.t0; m-- {
		t := &d.toks[m]
		if !t.isCue || t.q != r.lvl || !strings.HasPrefix(t.tag, "VB") {
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
	// "In addition to stating that …, Clinton has vowed": a participle in
	// the sentence's opening phrase speaks for the subject after it.
	if intro := d.introComma(s); intro > k {
		if n := r.sentenceSubject(s, s.t1); !n.empty() && n.t0 > intro {
			return n
		}
	}
	// "Sanders protesters interrupted her speech, shouting": the subject
	// of the nearest finite verb before the participle.
	for m := k - 1; m > s.t0; m-- {
		t := &d.toks[m]
		if t.q != r.lvl {
			continue
		}
		if isFinite(t.tag) {
			p := d.skipBack(m-1, s.t0)
			if p >= s.t0 && (d.toks[p].lower == "who" || d.toks[p].lower == "which") {
				continue // a relative clause's verb: "Blatter, who is under investigation, saying"
			}
			if n := d.npEndingAt(p, s.t0); !n.empty() && d.speakerLike(n) {
				return n
			}
			break
		}
	}
	return r.sentenceSubject(s, k)
}

// sentenceSubject returns the first noun phrase of sentence s before token
// k, after any introductory phrase closed by a comma.
func (r reader) sentenceSubject(s sentence, k int) np {
	d := r.document
	start := s.t0
	// A sentence that opens with a quotation has its subject after it:
	// “…,” Mr. Manafort said, suggesting that ...
	for start < k && (d.toks[start].q != r.lvl || d.toks[start].isQuoteMark() || d.toks[start].text == ",") {
		start++
	}
	// Skip an introductory phrase closed by a comma: "On Monday, ...",
	// "Asked about it, she ...", "As the storm hit, ...".
	intro := d.toks[start].tag == "VBN" || d.toks[start].tag == "VBG" || d.lex.Subordinators.Has(d.toks[start].lower)
	reach := introReach
	if intro {
		reach = subordinateIntroReach
	}
	// (A name before the comma is the subject, followed by its apposition:
	// "Gary Emineth, a former state party chairman, became a delegate".)
	for j := start; j < k && j < start+reach && !(!intro && d.isNameTok(start)); j++ {
		if d.toks[j].text == "," {
			start = j + 1
			break
		}
		if strings.HasPrefix(d.toks[j].tag, "VB") && !intro {
			break
		}
	}
	for j := start; j < k && j < start+subjectVerbReach; j++ {
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

// firstFinite returns the index of the first finite verb of sentence s at
// the reader's quotation level, or -1.
func (r reader) firstFinite(s sentence) int {
	for m := s.t0; m < s.t1 && m < s.t0+finiteReach; m++ {
		t := &r.toks[m]
		if t.q == r.lvl && isFinite(t.tag) {
			return m
		}
	}
	return -1
}

// isObject reports a noun phrase that follows a verb or a preposition, so
// that it is an object ("emailed supporters", "an email to supporters")
// and not the subject of a participle after it.
func (d *document) isObject(n np) bool {
	p := n.t0 - 1
	return !n.empty() && p >= 0 && d.toks[p].sent == d.toks[n.t0].sent &&
		(strings.HasPrefix(d.toks[p].tag, "VB") || d.toks[p].tag == "IN" || d.toks[p].tag == "TO")
}

// issuedDocument reports a document noun phrase that is a verb's object
// ("issued a statement", "released a report").
func (d *document) issuedDocument(n np) bool {
	if n.empty() || !d.lex.DocNouns.Has(d.head(n).lower) {
		return false
	}
	p := n.t0 - 1
	return p >= 0 && strings.HasPrefix(d.toks[p].tag, "VB") && d.toks[p].sent == d.toks[n.t0].sent
}

// invertedSpeaker reports a speaker right after cue k that ends the
// sentence or is followed by a comma: "..., said Steve Grubbs." and
// "..., said Steve Grubbs, an operative".
func (d *document) invertedSpeaker(k int, s sentence) bool {
	n := d.npStartingAt(k+1, s.t1)
	return !n.empty() && d.speakerLike(n) && !d.isPronounNP(n) && (n.t1 >= s.t1 || d.toks[n.t1].text == "," || d.toks[n.t1].text == ".")
}

// relativeBefore returns the index of a "who" that opens a relative clause
// ending just before token k, or -1.
func (d *document) relativeBefore(k, lo int) int {
	for m := k - 1; m >= lo && m >= k-relativeReach; m-- {
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

// clauseBefore reports whether a subject stands after a comma that closes
// a clause of its own ("The bridge will close, city officials announced
// Thursday, ..."): then the claim is that clause, not what follows the cue.
func (d *document) clauseBefore(subj np, s sentence) bool {
	c := subj.t0 - 1
	if c > s.t0 && isDet(d.toks[c]) {
		c--
	}
	if c <= s.t0+2 || d.toks[c].text != "," {
		return false
	}
	// "As the storm approached, officials said ...": a subordinate clause
	// introduces the attribution rather than being its content.
	if d.lex.Subordinators.Has(d.toks[s.t0].lower) {
		return false
	}
	// "Like other owners who foresee an upside, Mr. Schmidt said …": a
	// prepositional opening with a relative clause in it is no clause of
	// its own, so its verbs do not count.
	prepOpening := d.toks[s.t0].tag == "IN"
	for m := s.t0; m < c; m++ {
		if isFinite(d.toks[m].tag) && !(prepOpening && m > s.t0 && d.relativeHead(m-1, s)) {
			return true
		}
	}
	return false
}

// relativeHead reports whether token k opens a relative clause whose verb
// follows it: "who", or a relative "which" or "that".
func (d *document) relativeHead(k int, s sentence) bool {
	return d.toks[k].lower == "who" || d.relativePronoun(k, s)
}

func (d *document) isPronounNP(n np) bool {
	_, ok := d.lex.Pronouns[d.toks[n.t0].lower]
	return ok && n.t1-n.t0 == 1
}

// relativePronoun reports a relative pronoun at token k of sentence s:
// "which", "whom", "what", and "that" after a noun ("regions that Russia
// claims"); after an adjective or a verb "that" is a complementiser ("so
// numerous that agents described", "so that officials said").
func (d *document) relativePronoun(k int, s sentence) bool {
	switch d.toks[k].lower {
	case "which", "whom", "what":
		return true
	case "that":
		return k == s.t0 || isNounTag(d.toks[k-1].tag) || d.toks[k-1].tag == "PRP" || d.toks[k-1].text == ","
	}
	return false
}

func isBeForm(w string) bool {
	switch w {
	case "is", "was", "were", "are", "be", "been", "being", "’s", "'s":
		return true
	}
	return false
}

// isIngForm reports a participle in -ing, which the tagger sometimes reads
// as a noun ("and asking, “…”").
func isIngForm(t *tok) bool {
	return t.tag == "VBG" || strings.HasSuffix(t.lower, "ing") && strings.HasPrefix(t.tag, "NN")
}

// isFinite reports a finite verb's tag: past, present or modal.
func isFinite(tag string) bool {
	return tag == "VBD" || tag == "VBZ" || tag == "VBP" || tag == "MD"
}

// introComma returns the comma that closes sentence s's opening phrase
// when the sentence opens with a preposition or a subordinator ("In
// addition to stating that …, Clinton"), or -1.
func (d *document) introComma(s sentence) int {
	if !d.lex.Subordinators.Has(d.toks[s.t0].lower) && d.toks[s.t0].tag != "IN" {
		return -1
	}
	for m := s.t0; m < s.t1 && m < s.t0+subordinateIntroReach; m++ {
		if d.toks[m].text == "," {
			return m
		}
	}
	return -1
}
