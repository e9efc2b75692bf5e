package extract

// The sieves that start from a cue word: "according to", the reporting
// verb with its subject and reported clause (in either order), and the
// colon of headlines and transcripts.

import (
	"strings"

	"github.com/claims-project/claims"
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
	if !d.hasVerb(content) {
		return cand{}, false
	}
	return d.clauseCand(content, d.tokSpan(k), agent, "cue-clause"), true
}

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
			if p := d.skipBack(k-1, s.t0); t.tag != "VBG" && (p < s.t0 || d.toks[p].lower != "who") {
				// (After "who" the noun phrase is the relative's antecedent:
				// "the policies of the Biden administration, who have
				// maintained".)
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
				if k+1 >= s.t1 || !isFinite(d.toks[k+1].tag) {
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
					if c, ok := d.clauseFirst(k, s, np{}); ok && (c.kind != claims.Indirect || d.hasVerb(c.content)) {
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
				if c.kind == claims.Direct {
					c.kind = claims.Partial // the quote is the object, not the whole statement
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
				isFinite(d.toks[after].tag)
			if subj.empty() || after >= s.t1 || d.toks[after].text == "." || d.toks[after-1].lower != "that" && d.onlyAdjuncts(after, s) || !resumes && !shared && d.clauseBefore(subj, s) && d.toks[after-1].lower != "that" {
				// "CLAUSE, X said." and "CLAUSE, said X."; but in "…,” he
				// said, laughing." the participle reports nothing.
				if t.tag == "VBG" && k > s.t0 && d.toks[k-1].text == "," {
					continue
				}
				c, ok := d.clauseFirst(k, s, subj)
				if ok && (c.kind != claims.Indirect || d.hasVerb(c.content)) {
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
				if lc := d.clauseCand(left, d.tokSpan(k), subj, "cue-clause"); lc.kind != claims.Indirect || d.hasVerb(left) {
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
			if c.kind == claims.Indirect {
				if t.cue.class == cueFrame || end-after < 2 {
					continue
				}
				if t.cue.class == cueAsk {
					if !isQuestionStart(d.toks[after].lower) {
						continue
					}
				} else if !hasThat && weakCues[t.cue.lemma] && !d.finiteClause(after, end) && !(commitCues[t.cue.lemma] && d.toks[after].lower == "to" && after == k+1) {
					continue
				} else if !hasThat && !d.hasVerb(c.content) && !(d.toks[after].lower == "to" && after == k+1 && after+1 < s.t1 && d.toks[after+1].tag == "VB") {
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
		case isDash(t.text):
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
