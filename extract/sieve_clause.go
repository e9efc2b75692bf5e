package extract

// The sieves that start from a cue word: "according to", the reporting
// verb with its subject and reported clause (in either order), and the
// colon of headlines and transcripts.

import (
	"strings"
)

// sieveAccordingTo: According to X, … / …, according to X.
func sieveAccordingTo(d *doc) {
	for si := range d.sents {
		s := d.sents[si]
		for k := s.t0; k+2 < s.t1; k++ {
			if d.toks[k].lower != "according" || d.toks[k+1].lower != "to" || d.toks[k].q >= 0 || d.toks[k].used {
				continue
			}
			spk := d.npStartingAt(k+2, s.t1)
			if spk.empty() || !d.speakerLike(spk) && !d.accordingSource(spk) {
				continue
			}
			cue := span{d.toks[k].s, d.toks[k+1].e}
			var content span
			if k > d.bodyStart(s) && d.toks[k-1].text == "," && d.moreClauseAfter(spk, s) {
				// "G4S receives, according to one report, $234 million
				// ...": the source interrupts the claim, which is the
				// whole sentence.
				b := d.bodyStart(s)
				content = span{d.toks[b].s, d.clauseEnd(b, s)}
			} else if k == s.t0 || k == s.t0+1 && d.toks[s.t0].tag == "CC" {
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
				b := d.bodyStart(s)
				if j < b {
					continue // ", according to X" with nothing before it
				}
				content = span{d.toks[b].s, d.toks[j].e}
			}
			d.addCand(d.clauseCand(content, cue, spk, "according-to"))
		}
	}
}

// accordingSource reports a noun phrase that "according to" makes a
// source even though it names no person or document: "according to a
// count by The Associated Press", "according to unofficial returns".
// Phrases of manner ("according to plan") are not sources.
func (d *doc) accordingSource(n np) bool {
	h := d.head(n)
	return isNounTag(h.tag) && !notSources[h.lower] && !notSpeakerHeads[h.lower]
}

// notSources follow "according to" as a manner, not a source.
var notSources = set("plan", "plans", "schedule", "script", "rule", "rules", "law", "laws",
	"tradition", "custom", "design", "expectations", "need", "needs", "size", "age",
	"type", "merit", "merits", "instructions", "protocol", "procedure", "procedures",
	"guidelines", "standards", "criteria", "form", "season", "taste", "ability")

// moreClauseAfter reports whether, after the noun phrase n and a comma,
// the sentence goes on with words of its own (more than a short adverbial).
func (d *doc) moreClauseAfter(n np, s sentence) bool {
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
	return words >= 3
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

// weakCues report speech only with "that" or a quotation after them ("he
// continued his work", "she agreed to the deal" are not claims).
var weakCues = set("continue", "agree", "answer", "respond", "reply", "comment", "mention",
	"promise", "pledge", "vow", "urge", "demand", "propose", "recommend", "threaten",
	"advise", "accuse", "charge", "signal", "highlight", "repeat", "specify", "question",
	"post", "text", "email", "blog", "complain", "recall", "counter", "tout", "hint",
	"remind", "reaffirm", "reiterate", "indicate", "confirm", "deny", "ask", "wonder",
	"call", "label", "dismiss", "estimate", "forecast", "observe", "report", "reveal",
	"announce", "disclose", "plead", "protest", "write", "tweet",
	"express", "underscore", "underline", "rule", "request", "affirm", "attest", "swear",
	"guarantee", "reassure", "confess", "dispute", "refute", "echo", "detail", "outline",
	"imply", "verify", "notify", "decry", "grumble", "scoff", "marvel", "muse", "chide",
	"theorize", "posit", "calculate", "fume", "snap", "gush", "sniff", "sigh", "laugh",
	"chuckle", "scold", "thunder", "bellow", "holler", "yell", "scream", "interject", "crow",
	"vent", "tease", "taunt")

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
			if v < end && (d.toks[v].tag == "VBD" || d.toks[v].tag == "VBZ" || d.toks[v].tag == "VBP" || d.toks[v].tag == "MD") {
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
		if !t.isCue || t.q != d.lvl || t.tag == "VBG" || !strings.HasPrefix(t.tag, "VB") {
			continue
		}
		if n := d.npEndingAt(d.skipBack(m-1, s.t0), s.t0); !n.empty() && d.speakerLike(n) && d.toks[m-1].text != "," {
			return n
		}
		if n := d.npStartingAt(m+1, k); !n.empty() && d.speakerLike(n) {
			return n // "..., said Nefzi, adding"
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
		if t.tag == "VBD" || t.tag == "VBZ" || t.tag == "VBP" || t.tag == "MD" {
			if n := d.npEndingAt(d.skipBack(m-1, s.t0), s.t0); !n.empty() && d.speakerLike(n) {
				return n
			}
			break
		}
	}
	return d.sentenceSubject(s, k)
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

// hasFinite reports whether the writer's words in sp hold a verb, which a
// reported clause has ("Clinton taking the lead" too) and an adverbial or
// a noun phrase has not.
func (d *doc) hasFinite(sp span) bool {
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

// passiveClaim builds the claim of a passive cue k ("were told that",
// "was informed by the council that"): the that-clause, with the agent
// of a by-phrase as speaker, or none.
func (d *doc) passiveClaim(k int, s sentence) (cand, bool) {
	j := k + 1
	var agent np
	if j < s.t1 && d.toks[j].lower == "by" {
		agent = d.npStartingAt(j+1, s.t1)
		if agent.empty() || !d.speakerLike(agent) {
			return cand{}, false
		}
		j = agent.t1
	}
	if j+2 >= s.t1 || d.toks[j].lower != "that" {
		return cand{}, false
	}
	end := d.contentEnd(j+1, s)
	for end-1 > j+1 && (d.toks[end-1].text == "." || d.toks[end-1].text == ",") && d.toks[end-1].q < 0 {
		end--
	}
	content := span{d.toks[j+1].s, d.toks[end-1].e}
	if !d.hasFinite(content) {
		return cand{}, false
	}
	return d.clauseCand(content, d.tokSpan(k), agent, "cue-clause"), true
}

// indefinites are pronouns that name nobody in particular.
var indefinites = set("everyone", "everybody", "nobody", "someone", "somebody", "anyone", "anybody", "no-one")

// commitCues report a commitment with a to-infinitive: "vowed to raise
// taxes", "threatened to walk out". The content is the infinitive.
var commitCues = set("promise", "pledge", "vow", "threaten")

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
			if k > s.t0 && (d.toks[k-1].tag == "POS" || d.toks[k-1].text == "’s" || d.toks[k-1].text == "'s") && !(k-2 >= s.t0 && d.hasAfterPronoun(k-1)) {
				continue // "Moscow’s stated insistence": after a possessive, a modifier
			}
			if t.tag == "VBN" && k > s.t0 && isBeForm(d.toks[k-1].lower) {
				// "Residents were told that the road would stay closed":
				// a passive with a that-clause reports speech whose
				// speaker is the agent ("by officials") or unknown.
				if c, ok := d.passiveClaim(k, s); ok {
					d.addCand(c)
					k = s.t1 - 1
				}
				continue // otherwise "it was said" reports nothing
			}
			if t.tag == "VBN" && k > s.t0 && (isDet(d.toks[k-1]) || d.toks[k-1].tag == "JJ") {
				continue // "the reported deal"
			}
			if (t.tag == "VBN" || t.tag == "JJ") && k+1 < s.t1 && (d.toks[k+1].tag == "NN" || d.toks[k+1].tag == "NNS") && d.toks[k+1].lower != "reporters" {
				continue // an attributive participle: "stated insistence", "announced plan"
			}
			if t.tag == "NN" || t.tag == "NNS" || t.tag == "JJ" {
				continue
			}
			subj := d.npEndingAt(d.skipBack(k-1, s.t0), s.t0)
			if t.tag != "VBG" {
				subj = d.subjectBeforeAdjunct(subj, s)
			}
			if t.tag == "VBG" && k > s.t0 && d.toks[k-1].text == "," || t.tag == "VBG" && d.issuedDocument(subj) {
				// "Emanuel fired his chief, Garry McCarthy, acknowledging
				// that": the noun before a participle's comma is not its
				// subject. "Mackler issued a statement saying": the
				// statement's author speaks.
				subj = d.participleSubject(k, s)
			}
			if !subj.empty() && d.toks[subj.t0].lower != "who" {
				// "Fans who had travelled from as far as Osaka said": the
				// subject is the noun the relative clause hangs on.
				if w := d.relativeBefore(subj.t0, s.t0); w > s.t0 {
					if n := d.npEndingAt(w-1, s.t0); !n.empty() && d.speakerLike(n) {
						subj = n
					}
				}
			}
			if !subj.empty() && subj.t0 > s.t0 && isRelative(d.toks[subj.t0-1].lower) && !(subj.t0-2 >= s.t0 && d.toks[subj.t0-2].tag == "IN") {
				// ("in which he says he will ..." is an adverbial relative:
				// the clause after the cue is reported as usual.)
				// "a deadline that insiders said went unnoticed": the
				// relative pronoun is the reported clause's subject, so
				// a verb follows the cue. Otherwise ("regions that Russia
				// claims as annexed territory") the pronoun is the cue's
				// object and there is no clause.
				if k+1 >= s.t1 || !(d.toks[k+1].tag == "VBD" || d.toks[k+1].tag == "VBZ" || d.toks[k+1].tag == "VBP" || d.toks[k+1].tag == "MD") {
					continue
				}
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
					} else if ns := d.npStartingAt(d.bodyStart(s), k); !ns.empty() && (d.speakerLike(ns) || ns.t1 == k && ns.t1-ns.t0 == 1 && isUpperStart(d.toks[ns.t0].text) && !indefinites[d.toks[ns.t0].lower]) && !isPronounNP(d, ns) {
						// ("Caltrans told ABC 7 that": one capitalised word
						// right before the cue is its subject, known or not.)
						// "The last man to mount a third-party race says
						// ...": the noun phrase the sentence opens with.
						subj = ns
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
				if p >= s.t0 && d.toks[p].text == "," && t.tag != "VBG" && d.invertedSpeaker(k, s) {
					// "..., candidates have more room, said Steve Grubbs,
					// an Iowa operative": the speaker follows the cue.
					if c, ok := d.clauseFirst(k, s, np{}); ok && (c.kind != Indirect || d.hasFinite(c.content)) {
						d.addCand(c)
					}
					continue
				}
				if p >= s.t0 && (t.tag == "VBG" && p > s.t0 || d.toks[p].text == "," || d.toks[p].tag == "CC" || d.toks[p].lower == "by" || d.toks[p].lower == "before" || d.toks[p].lower == "after" || d.toks[p].lower == "while") {
					if !prevSubj.empty() {
						subj, shared = prevSubj, true
					} else if ss := d.sentenceSubject(s, k); !ss.empty() {
						subj, shared = ss, true
					}
				}
			}
			if c, ok := d.asClause(k, s, subj); ok {
				d.addCand(c)
				k = s.t1 - 1
				continue
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
			// "Whatever progress he has made, officials said, could be
			// undone": the words after the attribution continue the
			// clause before it, so this is not "CLAUSE, X said."
			resumes := after < s.t1 && d.toks[after-1].text == "," && !shared && subj.t0-1 > s.t0 && d.toks[subj.t0-1].text == "," &&
				(d.toks[after].tag == "MD" || d.toks[after].tag == "VBD" || d.toks[after].tag == "VBZ" || d.toks[after].tag == "VBP")
			if subj.empty() || after >= s.t1 || d.toks[after].text == "." || d.toks[after-1].lower != "that" && d.onlyAdjuncts(after, s) || !resumes && !shared && d.clauseBefore(subj, s) && d.toks[after-1].lower != "that" {
				// "CLAUSE, X said." and "CLAUSE, said X."; but in "…,” he
				// said, laughing." the participle reports nothing.
				if t.tag == "VBG" && k > s.t0 && d.toks[k-1].text == "," {
					continue
				}
				c, ok := d.clauseFirst(k, s, subj)
				if ok && (c.kind != Indirect || d.hasFinite(c.content)) {
					d.addCand(c)
				}
				continue
			}
			if !shared {
				prevSubj = subj
			}
			// "The thing Rubio needs, aides said, is ...": the words before
			// the parenthetical attribution are a piece of the claim too.
			// "The thing Rubio needs, aides said, is ...": when the words
			// after the attribution resume the clause before it, the claim
			// is the whole sentence around the attribution. "In 1990, she
			// said, a boss invited her": a clause of its own follows, and
			// the words before are a piece of the claim apart.
			if !resumes && !shared && subj.t0-1 > s.t0 && d.toks[subj.t0-1].text == "," && d.toks[after-1].text == "," {
				left := span{d.toks[d.bodyStart(s)].s, d.toks[subj.t0-2].e}
				if lc := d.clauseCand(left, d.tokSpan(k), subj, "cue-clause"); lc.kind != Indirect || d.hasFinite(left) {
					d.addCand(lc)
				}
			}
			if t.cue.class == cueData && !docNouns[strings.TrimSuffix(d.head(subj).lower, "s")] && !docNouns[d.head(subj).lower] && !(d.toks[after-1].lower == "that") {
				// "the poll shows", "records show": data speak; people
				// who "show" or "find" things mostly do not report them.
				continue
			}
			hasThat := after > k+1 && d.toks[after-1].lower == "that"
			end := d.mainClauseAfter(k, after, d.contentEnd(after, s), s)
			if end <= after {
				continue
			}
			content := span{d.toks[after].s, d.toks[end-1].e}
			for end-1 > after && (d.toks[end-1].text == "." || d.toks[end-1].text == ",") && d.toks[end-1].q < 0 {
				end--
				content.e = d.toks[end-1].e
			}
			if resumes {
				content.s = d.toks[d.bodyStart(s)].s
			}

			if d.toks[after].lower == "as" && t.cue.class != cueFrame && !hasThat || d.toks[after].tag == "CC" || d.toks[end-1].text == ":" {
				continue
			}
			if adjunctPreps[d.toks[after].lower] && d.toks[after-1].lower != "that" && d.toks[after].q < 0 {
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
				} else if !hasThat && weakCues[t.cue.lemma] && !d.finiteClause(after, end) && !(commitCues[t.cue.lemma] && d.toks[after].lower == "to" && after == k+1) {
					continue
				} else if !hasThat && !d.hasFinite(c.content) && !(d.toks[after].lower == "to" && after == k+1 && after+1 < s.t1 && d.toks[after+1].tag == "VB") {
					// "added 1 million jobs", "maintained an energetic
					// pace": reported speech is a clause; a noun phrase
					// after the verb is its object.
					continue
				}
			}
			d.addCand(c)
			k = end - 1
		}
	}
}

// asClause handles an attribution in an "as" clause: "As the Times
// reported last week, the agency had warned ..." (the claim is the main
// clause after it) and "The plan will fail, as she said in May." (the
// claim is the clause before it).
func (d *doc) asClause(k int, s sentence, subj np) (cand, bool) {
	if subj.empty() {
		return cand{}, false
	}
	a := subj.t0 - 1
	if a >= s.t0 && isDet(d.toks[a]) {
		a--
	}
	if a < s.t0 || d.toks[a].lower != "as" || d.toks[k].cue.class == cuePhrasal {
		return cand{}, false // "As the mayor spoke, ...": a time, not a source
	}
	if k+1 < s.t1 && d.toks[k+1].text != "," && d.toks[k+1].text != "." && !d.onlyAdjuncts(k+1, s) {
		return cand{}, false // "As she said goodbye, ..."
	}
	// The attribution runs from "as" to a comma or the sentence end,
	// with nothing but adjuncts after the cue.
	c := k + 1
	for ; c < s.t1 && c < k+10; c++ {
		t := &d.toks[c]
		if t.text == "," || t.text == "." && c == s.t1-1 {
			break
		}
		if strings.HasPrefix(t.tag, "VB") || t.tag == "MD" || t.q >= 0 || t.lower == "that" {
			return cand{}, false
		}
	}
	if c >= s.t1 || c >= k+10 {
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
	return d.clauseCand(content, d.tokSpan(k), subj, "cue-clause"), true
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
		if t.tag == "VBD" || t.tag == "VBZ" || t.tag == "VBP" || t.tag == "MD" {
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
		if (t.text == "," || t.text == ";") && m > k {
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
		if !(titleWords[d.toks[m].lower] || d.toks[m].tag == "NN" || d.toks[m].tag == "JJ" || d.isNameTok(m) || isDet(d.toks[m])) {
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

// notColonSpeakers are labels that stand before a colon without being
// anyone ("Related: ...", "UPDATE: ...").
var notColonSpeakers = set("related", "update", "updated", "note", "editor", "photo", "video",
	"source", "sources", "read", "watch", "see", "also", "more", "correction", "clarification",
	"advertisement", "warning", "breaking", "exclusive", "analysis", "opinion", "live", "q", "a",
	"news", "transcript", "summary", "background", "context", "key", "factbox", "timeline",
	"question", "answer", "by", "from", "to", "subject", "re", "fwd", "tags", "filed", "posted",
	"contributing", "revealed", "exclusive", "watch", "listen", "byline")

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
		case isUpperStart(t.text) && m > s.t0 && d.toks[m-1].text == "," && isAllCaps(d.toks[s.t0].text):
			// "LAUSANNE, Switzerland (Continental Press) —": the country.
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
