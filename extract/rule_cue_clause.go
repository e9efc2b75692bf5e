package extract

import (
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/lexicon"
)

// cueClause: the cue with its subject and its reported clause. "X said
// (that) CLAUSE", "X told reporters CLAUSE", participles and coordinated
// verbs sharing the sentence subject ("..., adding that ...", "... but
// warned that ..."), and the clause-first order "CLAUSE, X said."
//
// For each usable cue of a tagged sentence it runs these steps in order,
// and the first that settles the cue ends its turn:
//
//  1. notAReport: a modifier ("Moscow’s stated insistence", "the reported
//     deal") or a passive ("were told that", taken with its agent) is no
//     cue of this rule.
//  2. subject: the noun phrase the cue rests on, through adverbs,
//     adjuncts, participles and relative clauses.
//  3. fallbackSubject: no subject of its own: the sentence's, a shared
//     one ("..., adding that"), or an inverted speaker ("..., said X").
//  4. special forms: "as" clauses ("As the Times reported, ...") and
//     phrasal cues ("called for a ban").
//  5. report: the content after the cue, or before it ("CLAUSE, X said.").
type cueClause struct{}

func (cueClause) id() RuleID { return RuleCueClause }

// cueClauseTurn reads one sentence for the cue-clause rule. prevSubj is
// the subject of the sentence's previous attribution, which a coordinated
// or participial cue shares.
type cueClauseTurn struct {
	reader
	s        sentence
	prevSubj np
}

func (rule cueClause) apply(d *document, led *ledger) {
	r := newReader(d, led, -1)
	for si := range d.sents {
		if !d.sents[si].tagged {
			continue
		}
		t := &cueClauseTurn{reader: r, s: d.sents[si]}
		for k := t.s.t0; k < t.s.t1; k++ {
			if r.usableCue(k) {
				k = t.atCue(k)
			}
		}
	}
}

// atCue runs the steps for cue k and returns the token the sentence's scan
// goes on after.
func (t *cueClauseTurn) atCue(k int) int {
	if next, done := t.notAReport(k); done {
		return next
	}
	subj, ok := t.subject(k)
	if !ok {
		return k
	}
	subj, shared, done := t.fallbackSubject(k, subj)
	if done {
		return k
	}
	if next, done := t.special(k, subj); done {
		return next
	}
	return t.report(k, subj, shared)
}

// notAReport settles cues that report nothing here: modifiers, nouns and
// passives; a passive with a that-clause is taken as a claim whose
// speaker is its agent, or nobody.
func (t *cueClauseTurn) notAReport(k int) (int, bool) {
	d, s, tk := t.document, t.s, &t.toks[k]
	prev := func() *tok { return &d.toks[k-1] }
	switch {
	case k > s.t0 && (prev().tag == "POS" || prev().text == "’s" || prev().text == "'s") && !(k-2 >= s.t0 && d.hasAfterPronoun(k-1)):
		return k, true // "Moscow’s stated insistence": after a possessive, a modifier
	case tk.tag == "VBN" && k > s.t0 && isBeForm(prev().lower):
		// "Residents were told that the road would stay closed": a passive
		// with a that-clause reports speech whose speaker is the agent
		// ("by officials") or unknown; otherwise "it was said" reports
		// nothing.
		if c, ok := t.passiveClaim(k); ok {
			t.led.propose(c)
			return s.t1 - 1, true
		}
		return k, true
	case tk.tag == "VBN" && k > s.t0 && (isDet(*prev()) || prev().tag == "JJ"):
		return k, true // "the reported deal"
	case (tk.tag == "VBN" || tk.tag == "JJ") && k+1 < s.t1 && (d.toks[k+1].tag == "NN" || d.toks[k+1].tag == "NNS") && d.toks[k+1].lower != "reporters":
		return k, true // an attributive participle: "stated insistence", "announced plan"
	case tk.tag == "NN" || tk.tag == "NNS" || tk.tag == "JJ":
		return k, true
	case tk.cue.QuoteOnly:
		return k, true // "the inquiry is continuing, said …"
	case d.refusedCue(k, s):
		return k, true // "declined to say why"
	}
	return k, false
}

// refusedCue reports a cue its subject refused: "declined to say why",
// "refused to comment", "would not say": nothing was said.
func (d *document) refusedCue(k int, s sentence) bool {
	m := k - 1
	if m >= s.t0 && d.toks[m].tag == "RB" && d.toks[m].lower != "not" && d.toks[m].lower != "n't" && d.toks[m].lower != "n’t" {
		m-- // "declined to immediately say"
	}
	if m-1 < s.t0 {
		return false
	}
	switch w, p := d.toks[m].lower, d.toks[m-1].lower; {
	case w == "to":
		return strings.HasPrefix(p, "declin") || strings.HasPrefix(p, "refus")
	case w == "not" || w == "n't" || w == "n’t":
		return p == "would" || p == "will" || p == "could" || p == "wo" || p == "ca"
	}
	return false
}

// passiveClaim builds the claim of a passive cue k ("were told that",
// "was informed by the council that"): the that-clause, with the agent
// of a by-phrase as speaker, or none.
func (t *cueClauseTurn) passiveClaim(k int) (cand, bool) {
	d, s := t.document, t.s
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
	end := d.trimClauseEnd(j+1, t.contentEnd(j+1, s))
	content := span{d.toks[j+1].s, d.toks[end-1].e}
	if !d.hasVerb(content) {
		return cand{}, false
	}
	return t.clauseCand(content, d.tokSpan(k), agent, RuleCueClause), true
}

// subject returns the noun phrase before cue k that is its subject, or an
// empty np; it reports false when the cue has a relative pronoun for its
// object ("regions that Russia claims as annexed territory").
func (t *cueClauseTurn) subject(k int) (np, bool) {
	d, s, tk := t.document, t.s, &t.toks[k]
	p := d.skipBack(k-1, s.t0)
	subj := d.npEndingAt(p, s.t0)
	if tk.tag != "VBG" && (p < s.t0 || d.toks[p].lower != "who") {
		// (After "who" the noun phrase is the relative's antecedent: "the
		// policies of the Biden administration, who have maintained".)
		subj = d.subjectBeforeAdjunct(subj, s)
	}
	if tk.tag == "VBG" && k > s.t0 && d.toks[k-1].text == "," || tk.tag == "VBG" && d.issuedDocument(subj) {
		// "Emanuel fired his chief, Garry McCarthy, acknowledging that":
		// the noun before a participle's comma is not its subject.
		// "Mackler issued a statement saying": the statement's author
		// speaks.
		subj = t.participleSubject(k, s)
	}
	if !subj.empty() && d.toks[subj.t0].lower != "who" {
		// "Fans who had travelled from as far as Osaka said": the subject
		// is the noun the relative clause hangs on.
		if w := d.relativeBefore(subj.t0, s.t0); w > s.t0 {
			if n := d.npEndingAt(w-1, s.t0); !n.empty() && d.speakerLike(n) {
				subj = n
			}
		}
	}
	if tk.cue.Class == lexicon.Data && (subj.empty() || !d.dataSource(subj)) {
		// "A national poll released Sunday by The Post shows …": the data
		// that speak open the sentence, with their own phrases after them.
		if lead := d.npStartingAt(d.bodyStart(s), k); !lead.empty() && d.dataSource(lead) && !d.finiteBetween(lead.t1, k) {
			subj = lead
		}
	}
	if !subj.empty() && subj.t0 > s.t0 && d.relativePronoun(subj.t0-1, s) && !(subj.t0-2 >= s.t0 && d.toks[subj.t0-2].tag == "IN") {
		// ("in which he says he will ..." is an adverbial relative: the
		// clause after the cue is reported as usual.) "a deadline that
		// insiders said went unnoticed": the relative pronoun is the
		// reported clause's subject, so a verb follows the cue. Otherwise
		// the pronoun is the cue's object and there is no clause.
		if k+1 >= s.t1 || !isFinite(d.toks[k+1].tag) {
			return np{}, false
		}
	}
	return subj, true
}

// fallbackSubject finds a subject for cue k when its own noun phrase is
// none: the sentence's subject when k is its first finite verb, the
// subject an earlier verb of the sentence shares ("..., adding that",
// "and warned that"), or an inverted speaker after the cue ("...,
// candidates have more room, said Steve Grubbs"), which it attributes at
// once (done).
func (t *cueClauseTurn) fallbackSubject(k int, subj np) (np, bool, bool) {
	d, s, tk := t.document, t.s, &t.toks[k]
	if !subj.empty() && (d.speakerLike(subj) || d.speakerByPlace(subj, k, s)) {
		return subj, false, false
	}
	subj = np{}
	// "Most of the economists polled by the Courier said": the cue is the
	// sentence's first finite verb, after a subject with a participle
	// phrase.
	if t.firstFinite(s) == k {
		if ss := t.sentenceSubject(s, k); !ss.empty() {
			subj = ss
		} else if ns := d.npStartingAt(d.bodyStart(s), k); !ns.empty() && (d.speakerLike(ns) || ns.t1 == k && ns.t1-ns.t0 == 1 && isUpperStart(d.toks[ns.t0].text) && !d.lex.Indefinites.Has(d.toks[ns.t0].lower)) && !d.isPronounNP(ns) {
			// ("Caltrans told ABC 7 that": one capitalised word right
			// before the cue is its subject, known or not.) "The last man
			// to mount a third-party race says ...": the noun phrase the
			// sentence opens with.
			subj = ns
		}
	}
	if !subj.empty() {
		return subj, false, false
	}
	p := d.skipBack(k-1, s.t0)
	for p > s.t0 && d.toks[p].isQuoteMark() && d.toks[p].q < 0 {
		p--
	}
	if p >= s.t0 && d.toks[p].text == "," && tk.tag != "VBG" && d.invertedSpeaker(k, s) {
		if c, ok := t.clauseFirst(k, np{}); ok && (c.kind != claims.Indirect || d.hasVerb(c.content)) {
			t.led.propose(c)
		}
		return np{}, false, true
	}
	// A participle ("saying", "adding") takes the sentence's subject
	// wherever it stands, after the sentence's opening phrase when it
	// stands in it ("In addition to stating that …, Clinton has vowed").
	if p >= s.t0 && (tk.tag == "VBG" && p > s.t0 || d.toks[p].text == "," || d.toks[p].tag == "CC" || d.toks[p].lower == "by" || d.toks[p].lower == "before" || d.toks[p].lower == "after" || d.toks[p].lower == "while") {
		if !t.prevSubj.empty() {
			return t.prevSubj, true, false
		}
		if ss := t.sentenceSubject(s, k); !ss.empty() {
			return ss, true, false
		}
		if intro := d.introComma(s); tk.tag == "VBG" && intro > k {
			if ss := t.sentenceSubject(s, s.t1); !ss.empty() && ss.t0 > intro {
				return ss, true, false
			}
		}
	}
	return np{}, false, false
}

// special attributes the forms whose content is not the clause after the
// cue: an "as" clause, and a phrasal cue's object ("called for a ban",
// "warned of a recession").
func (t *cueClauseTurn) special(k int, subj np) (int, bool) {
	d, s := t.document, t.s
	if c, ok := t.asClause(k, subj); ok {
		t.led.propose(c)
		return s.t1 - 1, true
	}
	if prep := d.phrasalPrep(k, s); prep > 0 {
		if subj.empty() {
			return k, true
		}
		end := d.trimClauseEnd(prep+1, t.contentEnd(prep+1, s))
		if end-(prep+1) < 2 {
			return k, true
		}
		content := span{d.toks[prep+1].s, d.toks[end-1].e}
		c := t.clauseCand(content, span{d.toks[k].s, d.toks[prep].e}, subj, RuleCueClause)
		if c.kind == claims.Direct {
			c.kind = claims.Partial // the quote is the object, not the whole statement
			c.content = content
		}
		if c.kind == claims.Indirect && !d.hasVerb(span{content.s, d.clauseOwnEnd(prep+1, end)}) {
			// A topic is not a statement: "talked about her childhood",
			// "called for the release", "spoke on condition of anonymity
			// because …" (the verb is the subordinate clause's);
			// "called on the council to act", "warned of “a lost decade”"
			// report what was said.
			return k, true
		}
		t.led.propose(c)
		return end - 1, true
	}
	return k, t.toks[k].cue.Class == lexicon.Phrasal
}

// speakerByPlace reports a common noun phrase that is a speaker by where
// it stands, whatever its noun: after the comma that ends a reported
// clause and before its cue, which ends the sentence ("…, the utility
// said.", "…, the regulator said on Tuesday.").
func (d *document) speakerByPlace(n np, k int, s sentence) bool {
	if n.t0-1 <= s.t0 || d.toks[n.t0-1].text != "," || n.t1 != k || !isDet(d.toks[n.t0]) {
		return false
	}
	h := d.head(n)
	if !isNounTag(h.tag) || d.lex.NotSpeakerHeads.Has(h.lower) {
		return false
	}
	return k+1 >= s.t1 || d.fullStop(k+1) || d.onlyAdjuncts(k+1, s)
}

// clauseOwnEnd returns where the words from token a stop being their own
// phrase: before a subordinate or relative clause that hangs on them
// ("condition of anonymity | because …", "her childhood in a flat | where
// …"), or end.
func (d *document) clauseOwnEnd(a, end int) int {
	for m := a; m < end; m++ {
		switch d.toks[m].lower {
		case "because", "since", "although", "though", "while", "when", "where", "who", "which", "whose", "if", "unless", "as":
			return d.toks[m].s
		}
	}
	return d.toks[end-1].e
}
