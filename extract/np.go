package extract

// The noun phrase a cue rests on: the speaker before a verb ("the ministry
// said"), after it ("said Jane Doe"), or across an apposition ("Jürgen van
// Haaren, NATO's secretary-general, said"). Everything here reads the
// document only.

import (
	"strings"

	"github.com/claims-project/claims"
)

// np is a speaker noun phrase: tokens [t0, t1) and, for a coordinated
// subject ("Scholz and Bédier"), the further conjuncts.
type np struct {
	t0, t1 int
	more   []np
	// rel is 1 + the token of a relative "who" that stands for the
	// phrase before the cue ("Obama, who said"), 0 when none.
	rel int
}

func (n np) empty() bool { return n.t1 <= n.t0 }

// maxConjuncts bounds coordination: "A and B and C and ..." of any
// length costs at most this many conjuncts' worth of parsing.
const maxConjuncts = 3

// skipBack moves left from token k over auxiliaries and adverbs that stand
// between a subject and its verb ("Putin has repeatedly insisted").
func (d *document) skipBack(k, lo int) int {
	// "X went on to say", "X continued to insist": the subject is before
	// the phrase.
	if k-2 >= lo && d.toks[k].lower == "to" && d.toks[k-1].lower == "on" && d.lex.GoForms.Has(d.toks[k-2].lower) {
		k -= 3
	} else if k-1 >= lo && d.toks[k].lower == "to" && (strings.HasPrefix(d.toks[k-1].lower, "continu") || d.toks[k-1].lower == "proceeded" || d.toks[k-1].tag == "VBD" && strings.HasSuffix(d.toks[k-1].lower, "ed")) {
		// "O'Malley interjected to say", "she rose to say".
		k -= 2
	}
	// "56 percent of Cuban-Americans polled said", "the economists
	// surveyed said": a participle after the subject's noun.
	if k-1 >= lo && (d.toks[k].tag == "VBN" || d.toks[k].tag == "VBD") && strings.HasSuffix(d.toks[k].lower, "ed") && (isNounTag(d.toks[k-1].tag) || d.toks[k-1].lower == "those") {
		k-- // (and "all those involved say")
	}
	for n := 0; k >= lo && n < maxSkipped; n++ {
		t := &d.toks[k]
		if o := d.parentheticalOpen(k, lo); o > lo {
			// "Sen. Marco Rubio (R-Fla.) said": a bracketed aside after
			// the subject, as papers tag a legislator's party and state.
			k = o - 1
			continue
		}
		if (t.text == "’s" || t.text == "'s") && k-1 >= lo && d.hasAfterPronoun(k) {
			k-- // "he’s said": "has"
			continue
		}
		// (A day after a preposition is the adjunct's object: "Pence on
		// Thursday blamed" keeps "on Thursday" for subjectBeforeAdjunct.)
		adjunctObject := k-1 >= lo && d.toks[k-1].tag == "IN" && d.lex.NotNames.Has(t.lower)
		if !adjunctObject && (d.lex.AdverbsBeforeCue.Has(t.lower) || t.tag == "RB" && !strings.HasSuffix(t.lower, "n't") || t.tag == "MD") {
			k--
			continue
		}
		break
	}
	return k
}

// parentheticalOpen returns the "(" of a short bracketed aside that
// closes at token k, or -1.
func (d *document) parentheticalOpen(k, lo int) int {
	if d.toks[k].text != ")" {
		return -1
	}
	for m := k - 1; m >= lo && m >= k-parentheticalReach; m-- {
		switch d.toks[m].text {
		case "(":
			return m
		case ")", "“", "”", "\"":
			return -1
		}
	}
	return -1
}

// parentheticalClose returns the ")" of a short bracketed aside that
// opens at token k, or -1.
func (d *document) parentheticalClose(k, hi int) int {
	if d.toks[k].text != "(" {
		return -1
	}
	for m := k + 1; m < hi && m <= k+parentheticalReach; m++ {
		switch d.toks[m].text {
		case ")":
			return m
		case "(", "“", "”", "\"":
			return -1
		}
	}
	return -1
}

// hasAfterPronoun reports a clitic "’s" at k that stands for "has" or
// "is" after a pronoun ("he’s said", "who’s argued"), not a possessive.
func (d *document) hasAfterPronoun(k int) bool {
	p := d.toks[k-1].lower
	return p == "he" || p == "she" || p == "it" || p == "who" || p == "that"
}

// npEndingAt parses a speaker noun phrase ending at token k (inclusive),
// scanning no further left than lo. It handles pronouns, proper names with
// titles, determiner phrases with a following "of/for/at" phrase, and
// appositions between commas.
func (d *document) npEndingAt(k, lo int) np { return d.npEnding(k, lo, 0) }

// npEnding is npEndingAt inside a coordination of depth conjuncts.
func (d *document) npEnding(k, lo, depth int) np {
	if k < lo {
		return np{}
	}
	t := &d.toks[k]
	switch _, pronoun := d.lex.Pronouns[t.lower]; {
	case t.text == ",":
		return d.npBeforeApposition(k, lo, depth)
	case pronoun && (t.tag == "PRP" || t.tag == ""):
		return np{t0: k, t1: k + 1}
	case isDash(t.text):
		// "Murphy — after a knock-on-wood gesture — told me", "The
		// justice -- who has been in a scuffle -- said": skip the aside
		// between dashes.
		for m := k - 1; m >= lo && m > k-asideReach; m-- {
			if d.toks[m].text == t.text {
				return d.npEnding(m-1, lo, depth)
			}
		}
		return np{}
	case t.text == ")":
		// "Rep. Steve Israel (D-N.Y.) said": skip the parenthetical.
		for m := k - 1; m >= lo && m > k-parenReach; m-- {
			if d.toks[m].text == "(" {
				return d.npEnding(m-1, lo, depth)
			}
		}
		return np{}
	case t.lower == "who" && k-1 >= lo:
		// "allies, who have maintained that": the antecedent, which
		// "who" stands for as a pronoun does (resolveNP).
		j := k - 1
		var n np
		if d.toks[j].text == "," {
			// "Alan Berger, a gynecologist from Englewood, N.J., who said":
			// the name before the apposition, not the place inside it.
			n = d.npBeforeApposition(j, lo, depth)
			j--
		}
		if n.empty() {
			n = d.npEnding(j, lo, depth)
		}
		if !n.empty() {
			n.rel = k + 1
		}
		return n
	case d.isNameTok(k):
		return d.npNameEnding(k, lo, depth)
	case isNounTag(t.tag) || isAgeNoun(t.lower):
		return d.npCommonEnding(k, lo, depth)
	case t.tag == "CD":
		return d.npQuantityEnding(k, lo)
	case (t.lower == "them" || t.lower == "us" || t.lower == "those") && k-2 >= lo && d.toks[k-1].lower == "of" &&
		(d.lex.QuantSubjects.Has(d.toks[k-2].lower) || d.toks[k-2].tag == "CD"):
		// "most of them said", "two of us say": the part of a group.
		if n := d.npEnding(k-2, lo, depth); !n.empty() {
			return np{t0: n.t0, t1: k + 1}
		}
		return np{t0: k - 2, t1: k + 1}
	case d.lex.QuantSubjects.Has(t.lower) && (k == lo || d.toks[k-1].text == "," || isDet(d.toks[k-1]) || d.toks[k-1].tag == "RB" || d.toks[k-1].lower == "all" || d.toks[k-1].lower == "both"):
		// "Some said", "Another said", "Most say", "All those involved
		// say": a quantity that stands for people, alone at the head of its
		// clause.
		if k-1 >= lo && (d.toks[k-1].lower == "all" || d.toks[k-1].lower == "both") {
			return np{t0: k - 1, t1: k + 1}
		}
		return np{t0: k, t1: k + 1}
	}
	return np{}
}

// quantityModifiers stand before a number that is a subject ("more than 4
// in 10", "nearly 30").
// A determiner or "all but" makes a number a noun phrase of its own ("the
// two write", "all but two said", "all five say").
var quantityModifiers = map[string]bool{"more": true, "less": true, "fewer": true, "than": true, "about": true, "nearly": true,
	"almost": true, "roughly": true, "some": true, "over": true, "under": true, "just": true, "only": true, "around": true,
	"the": true, "all": true, "those": true, "these": true}

// npQuantityEnding reads a number that stands for people, as poll reports
// use it: "More than 4 in 10 said", "three out of five say", "43 said".
func (d *document) npQuantityEnding(k, lo int) np {
	a := k
	switch {
	case a-2 >= lo && d.toks[a-1].lower == "in" && d.toks[a-2].tag == "CD":
		a -= 2
	case a-3 >= lo && d.toks[a-1].lower == "of" && d.toks[a-2].lower == "out" && d.toks[a-3].tag == "CD":
		a -= 3
	}
	if a-2 >= lo && d.toks[a-1].lower == "but" && d.toks[a-2].lower == "all" {
		a -= 2 // "all but two said"; "but six in 10 said" is a clause
	}
	for a-1 >= lo && quantityModifiers[d.toks[a-1].lower] {
		a--
	}
	if a-1 >= 0 && d.toks[a-1].text == "," {
		return np{} // an age in apposition: "Denise Okoro, 51, who ..."
	}
	if a == k && a-1 >= lo && d.isNameTok(a-1) && d.toks[a-1].e < d.toks[a].s {
		// "ABC 7 is reporting", "Article 33 affirms": the number ends a
		// name.
		if st, _ := d.nameRun(a - 1); st >= lo {
			return np{t0: st, t1: k + 1}
		}
	}
	return np{t0: a, t1: k + 1}
}

// npBeforeApposition reads the speaker before the apposition that comma k
// closes: "van Haaren, NATO's secretary-general, said" and "Ms. Lee, 42, a
// nurse from Leeds, said".
func (d *document) npBeforeApposition(k, lo, depth int) np {
	if n, ok := d.nameBeforeTitle(k, lo); ok {
		return n
	}
	q := d.toks[k].q
	j := k - 1
	for hops := 0; hops < appositionHops && j >= lo; hops++ {
		c := j
		for c >= lo && d.toks[c].text != "," && k-c < appositionReach && d.toks[c].q == q {
			c--
		}
		if c < lo || d.toks[c].text != "," {
			return np{}
		}
		if d.appositionHasVerb(c, j) {
			return np{}
		}
		if c-1 >= lo && d.isNameTok(c-1) && d.lex.Places.Has(strings.ToLower(d.text[d.toks[c+1].s:d.toks[j].e])) {
			// "from Englewood, New Jersey,": the state is the town's, not an
			// apposition; the speaker is further back.
			j = c - 1
			continue
		}
		if n, ok := d.speakerBeforeApposition(c, j, lo, depth); ok {
			return n
		}
		j = c - 1
	}
	return np{}
}

// appositionHasVerb reports a finite verb in the apposition (c, j]: an
// apposition is a noun phrase, while a relative clause ("who voted for the
// cut") or a participle ("speaking on condition of anonymity") may hold
// verbs, and other words with verbs are a clause, not an apposition.
func (d *document) appositionHasVerb(c, j int) bool {
	if c+1 > j || isClauseApposition(d.toks[c+1]) {
		return false
	}
	for m := c + 1; m <= j; m++ {
		t := &d.toks[m]
		if t.lower == "that" || t.lower == "who" || t.lower == "which" || t.lower == "whom" {
			return false // "the founder of the project that encourages ..."
		}
		// ("a firm called Gavekal": a participle the tagger read as a past
		// tense after its noun.)
		calledName := t.tag == "VBD" && m > c+1 && (d.toks[m-1].tag == "NN" || d.toks[m-1].tag == "NNS") && strings.HasSuffix(t.lower, "ed") && m+1 <= j && isUpperStart(d.toks[m+1].text)
		if strings.HasPrefix(t.tag, "VB") && t.tag != "VBN" && t.tag != "VBG" && t.text != "’s" && t.text != "'s" && !calledName {
			return true
		}
	}
	return false
}

// speakerBeforeApposition returns the speaker of an apposition (c, j]
// whose opening comma is c: the noun phrase before the comma, unless that
// is a role and the apposition names its holder ("His lawyer, Gerald
// Finch, said"). It reports false when the words before the comma are no
// speaker, and the caller may look further left.
func (d *document) speakerBeforeApposition(c, j, lo, depth int) (np, bool) {
	n := d.npEnding(c-1, lo, depth)
	if n.empty() || !d.speakerLike(n) && !isDet(d.toks[n.t0]) {
		return np{}, false
	}
	// "The guard, Terrence Oduya, told": any determiner phrase before a
	// name in apposition is a role.
	role := !d.isNameTok(n.t1-1) || n.t0-1 >= lo && isPrepTail(d.toks[n.t0-1].lower) || n.t0-2 >= lo && isPrepTail(d.toks[n.t0-2].lower) && isDet(d.toks[n.t0-1]) ||
		d.orgBeforePerson(n, c, j)
	if role && j > c && d.isNameTok(j) {
		if ap := d.npEnding(j, c+1, depth); !ap.empty() && ap.t0 == c+1 && d.isNameTok(ap.t0) {
			// "Ó Briain and his Spanish counterpart, Nerea Etxeberria,
			// argued": the first conjunct leads.
			if n.t0-2 >= lo && d.toks[n.t0-1].lower == "and" && d.isNameTok(n.t0-2) {
				if first := d.npEnding(n.t0-2, lo, depth); !first.empty() {
					first.more = append(first.more, ap)
					return first, true
				}
			}
			return ap, true
		}
		// "The panel’s president, Swiss lawyer Béatrice Aebischer-Rüegg,
		// said": the name after its title.
		if ap := d.npEnding(j, c+1, depth); !ap.empty() && d.isNameTok(ap.t0) && d.titleBefore(ap.t0, c+1) == c+1 {
			return ap, true
		}
		// "That editor, Juno Castellane of the publisher Harrow & Finch,
		// said": the name opens the apposition.
		if d.isNameTok(c + 1) {
			if a, b := d.nameRun(c + 1); a == c+1 && b <= j+1 {
				return np{t0: a, t1: b}, true
			}
		}
	}
	if !d.speakerLike(n) {
		return np{}, false
	}
	return d.leadingConjunct(n, lo, depth), true
}

// leadingConjunct returns the first conjunct of "Declan and his brother
// Ross, the bassist, insist", with n as a further one, or n itself.
func (d *document) leadingConjunct(n np, lo, depth int) np {
	m := n.t0 - 1
	for m > lo && n.t0-m <= conjunctModifiers && (d.toks[m].tag == "PRP$" || isDet(d.toks[m]) || d.toks[m].tag == "NN" || d.toks[m].tag == "JJ") {
		m--
	}
	if m > lo && d.toks[m].lower == "and" && d.isNameTok(m-1) {
		if first := d.npEnding(m-1, lo, depth); !first.empty() && d.isNameTok(first.t1-1) {
			first.more = append(first.more, n)
			return first
		}
	}
	return n
}

// npNameEnding reads a proper name that ends at token k.
func (d *document) npNameEnding(k, lo, depth int) np {
	a, b := d.nameRun(k)
	if b != k+1 {
		return np{}
	}
	a = max(a, lo)
	// "researchers at the Nørrebro Institute said": the people, not the
	// institution, are the subject.
	p := a - 1
	if p-1 >= lo && isDet(d.toks[p]) {
		p--
	}
	if p-1 >= lo && isPrepTail(d.toks[p].lower) && (d.lex.PersonNouns.Has(d.toks[p-1].lower) || d.lex.Titles.Has(d.toks[p-1].lower)) {
		if h := d.npEnding(p-1, lo, depth); !h.empty() && !d.isNameTok(h.t1-1) {
			return np{t0: h.t0, t1: b}
		}
	}
	// "Dana Moss with the Harbour Health Authority said": the person
	// before the tail (resolveNP reads the head).
	if p-1 >= lo && p < a && isPrepTail(d.toks[p].lower) && d.toks[p].lower != "in" && d.isNameTok(p-1) {
		if a2, b2 := d.nameRun(p - 1); b2 == p && a2 >= lo && d.nameType(np{t0: a2, t1: b2}, np{}) == claims.TypePerson {
			return np{t0: a2, t1: b}
		}
	}
	return d.extendCoordination(np{t0: a, t1: b}, lo, depth)
}

// npCommonEnding reads a common-noun phrase that ends at noun k: [det|poss]
// [adj|noun]* noun, optionally after "of/for/at/from + phrase" ("a
// spokeswoman for the ministry").
func (d *document) npCommonEnding(k, lo, depth int) np {
	a := d.premodifiersBefore(k, lo)
	// "experts and diplomats", "aides and advisers": one group. "the Biden
	// administration and many NATO allies": a name may premodify the first
	// conjunct's head noun.
	if a-2 >= lo && d.toks[a-1].lower == "and" && isNounTag(d.toks[a-2].tag) && !d.isNameTok(a-2) && !d.toks[a-2].isQuoteMark() {
		a = d.premodifiersBefore(a-2, lo)
	}
	// A prepositional tail: walk over "for/of/at/from/with" to the head
	// noun before it.
	if a-2 >= lo && isPrepTail(d.toks[a-1].lower) && isNounTag(d.toks[a-2].tag) && (d.lex.PersonNouns.Has(d.toks[a-2].lower) || d.lex.GroupHeads.Has(d.toks[a-2].lower) && d.toks[a-1].lower == "of") {
		if h := d.npEnding(a-2, lo, depth); !h.empty() {
			return d.extendCoordination(np{t0: h.t0, t1: k + 1}, lo, depth)
		}
	}
	return d.extendCoordination(np{t0: a, t1: k + 1}, lo, depth)
}

// premodifiersBefore returns the first token of the noun phrase whose head
// is k: back over adjectives, nouns and a determiner.
func (d *document) premodifiersBefore(k, lo int) int {
	a := k
	for a-1 >= lo && d.npInner(a-1) {
		a--
	}
	if a-1 >= lo && isDet(d.toks[a-1]) {
		a--
	}
	return a
}

// extendCoordination adds conjuncts to the left: "Scholz and Bédier",
// "Scholz, Bédier and Costa". depth is how many conjuncts are being read.
func (d *document) extendCoordination(n np, lo, depth int) np {
	k := n.t0 - 1
	if k-1 < lo || d.toks[k].lower != "and" || depth >= maxConjuncts {
		return n
	}
	prev := d.npEnding(k-1, lo, depth+1)
	if prev.empty() || !d.isNameTok(prev.t1-1) || !d.isNameTok(n.t1-1) {
		return n
	}
	// The first conjunct is the speaker; the rest follow in order.
	out := np{t0: prev.t0, t1: prev.t1}
	out.more = append(append(out.more, prev.more...), np{t0: n.t0, t1: n.t1})
	return out
}

// singular undoes the regular English plural: families → family, polls →
// poll. Irregular plurals are in the word lists themselves.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

func isClauseApposition(t tok) bool {
	return t.lower == "who" || t.lower == "which" || t.lower == "whose" || t.lower == "whom" || t.tag == "VBG" || t.tag == "VBN"
}

// isParticipleForm reports a lower-case -ed or -ing form, which after a
// noun starts a modifier ("an official briefed on the plan") even when the
// tagger calls it a noun.
func isParticipleForm(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) && !isUpperStart(w)
}

func isPrepTail(w string) bool {
	return w == "for" || w == "of" || w == "at" || w == "from" || w == "with" || w == "in"
}

func (d *document) npInner(k int) bool {
	t := &d.toks[k]
	switch t.tag {
	case "NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "CD", "POS", "VBN", "HYPH":
		return true
	}
	return t.text == "-" || t.text == "’s" || t.text == "'s" || isUpperStart(t.text) && !d.lex.SentenceStarters.Has(t.lower)
}

func isNounTag(tag string) bool {
	return tag == "NN" || tag == "NNS" || tag == "NNP" || tag == "NNPS"
}

func isDet(t tok) bool {
	return t.tag == "DT" || t.tag == "PRP$" || t.lower == "the" || t.lower == "a" || t.lower == "an" || t.tag == "CD" || t.lower == "several" || t.lower == "many" || t.lower == "some"
}

func isDash(w string) bool { return w == "--" || w == "—" || w == "–" || w == "-" }

// head returns the head token of a noun phrase: its last noun.
func (d *document) head(n np) *tok {
	for k := n.t1 - 1; k >= n.t0; k-- {
		// ("a poll by the Public Policy Institute": the poll.)
		if isPrepTail(d.toks[k].lower) || d.toks[k].lower == "by" && k > n.t0 && d.lex.DocNouns.Has(d.toks[k-1].lower) {
			// "a spokeswoman for the ministry": the head is before "for".
			return d.head(np{t0: n.t0, t1: k})
		}
	}
	return &d.toks[n.t1-1]
}

// agentSuffixes end agent nouns that no list holds: "economists",
// "campaigners", "the businessman".
var agentSuffixes = [...]string{"ers", "ists", "ians", "ors", "ants", "ents", "er", "ist", "ian", "or", "ant", "ent", "man", "woman", "men", "women"}

// speakerLike reports whether a noun phrase can be a speaker: a pronoun, a
// proper name, or a common noun that denotes people, an organisation or a
// document.
func (d *document) speakerLike(n np) bool {
	if n.empty() {
		return false
	}
	if n.t1-n.t0 > 2 && d.toks[n.t0+1].lower == "of" && !d.partitiveStarting(n.t0, n.t1).empty() {
		return true // "one of two witnesses" speaks if the witnesses do
	}
	h := d.head(n)
	if _, ok := d.lex.Pronouns[h.lower]; ok && n.t1-n.t0 == 1 {
		return true
	}
	if d.lex.NotSpeakerHeads.Has(h.lower) && !d.isNameTok(n.t1-1) {
		return false
	}
	if d.isNameTok(n.t1 - 1) {
		return true
	}
	if h.tag == "CD" {
		// A number that stands for people ("4 in 10 said", "all five
		// say", "42% said"), but not a number alone or a sum ("$6 million
		// attacking").
		return (n.t1-n.t0 > 1 || strings.HasSuffix(h.text, "%")) && !d.isMoney(n)
	}
	w := h.lower
	if d.lex.GroupHeads.Has(w) || d.lex.QuantSubjects.Has(w) {
		return true // "a majority of her backers say", "nearly half said"
	}
	lx := d.lex
	if lx.PersonNouns.Has(w) || lx.OrgNouns.Has(w) || lx.DocNouns.Has(w) || lx.PersonNouns.Has(singular(w)) || lx.OrgNouns.Has(singular(w)) || lx.DocNouns.Has(singular(w)) {
		return true
	}
	// "the 46-year-old".
	if isAgeNoun(w) {
		return true
	}
	for _, suf := range agentSuffixes {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// isAgeNoun reports an age used as a noun ("the 26-year-old"), which the
// tagger reads as an adjective or a number.
func isAgeNoun(w string) bool {
	return strings.HasSuffix(w, "-old") || strings.HasSuffix(w, "‑old")
}

// isMoney reports a noun phrase that is a sum: a currency sign in it or
// right before it ("$6 million", "£40,000").
func (d *document) isMoney(n np) bool {
	for k := max(n.t0-1, 0); k < n.t1; k++ {
		if d.toks[k].tag == "$" || d.toks[k].text == "$" || d.toks[k].text == "£" || d.toks[k].text == "€" {
			return true
		}
	}
	return false
}
