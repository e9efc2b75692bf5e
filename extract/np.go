package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds the noun phrase a cue rests on: the speaker before a verb
// ("the ministry said"), after it ("said Jane Doe"), or across an
// apposition ("Jürgen van Haaren, NATO's secretary-general, said").

// np is a speaker noun phrase: tokens [t0, t1) and, for a coordinated
// subject ("Scholz and Bédier"), the further conjuncts.
type np struct {
	t0, t1 int
	more   []np
}

func (n np) empty() bool { return n.t1 <= n.t0 }

var nameParticles = set("van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "la", "le", "al", "al-", "el", "bin", "bint", "ibn", "ter", "ten", "dos", "das", "y", "st.", "mc", "o'")

var nameSuffixes = set("jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "phd", "md", "kc", "qc", "mp", "mep", "obe", "mbe", "cbe")

// postNominals follow a name without being part of it ("Oluwaseun
// Adeyemi-Clarke KC"); the canonical name leaves them out.
var postNominals = set("kc", "qc", "mp", "mep", "obe", "mbe", "cbe", "phd", "md")

// notNames are capitalised words that are never names of speakers.
var notNames = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "june", "july", "august", "september", "october",
	"november", "december", "i")

// sentenceStarters are capitalised words that begin sentences without being
// names.
var sentenceStarters = set("the", "a", "an", "in", "on", "at", "but", "and", "or", "yet", "so", "he", "she", "they", "it", "we", "i", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "for", "from", "with", "after", "before", "as", "when", "while", "if", "since", "although", "though", "still", "instead", "meanwhile", "however", "despite", "by", "to", "of", "speaking", "addressing", "according", "asked", "there", "then", "now", "first", "second", "third", "last", "what", "why", "how", "who", "where", "some", "many", "most", "several", "both", "all", "each", "every", "no", "not", "one", "two", "under", "over", "within", "without", "among", "about", "around", "outside", "inside", "during", "until", "unlike", "like", "even", "only", "just", "also", "mr.", "ms.", "mrs.", "dr.")

// isNameTok reports a token that can be part of a proper name.
func (d *doc) isNameTok(k int) bool {
	t := &d.toks[k]
	if !isUpperStart(t.text) {
		// "al‑Masri", "bin-Salman": a lower-case particle joined to a
		// capitalised name; "D’Souza", "O’Brien", which the tokenizer
		// splits at the apostrophe.
		return hasParticlePrefix(t.text) || k > 0 && d.toks[k-1].e == t.s && isApostropheName(t.text)
	}
	if notNames[t.lower] {
		return false
	}
	if k == d.sents[t.sent].t0 || k > 0 && isOpenQuoteTok(d.toks[k-1].text) {
		// A capitalised word opening a sentence is a name only when the
		// tagger says so, the article capitalises it mid-sentence too, or
		// it is a title before a name ("President Alain Dubois met ...").
		if sentenceStarters[t.lower] {
			return false
		}
		next := k + 1
		nextCap := next < len(d.toks) && d.toks[next].sent == t.sent && isUpperStart(d.toks[next].text)
		// "President Alain Dubois met ...", "German Chancellor Olaf Scholz
		// and ...": a title, or a word before a capitalised title.
		// "Rome insists", "Al-Masri wrote": a capital, or a capital after a
		// hyphen, which common words do not have.
		return t.tag == "NNP" || t.tag == "NNPS" || d.caps[t.text] || gpeNames[t.lower] || capitalAfterHyphen(t.text) ||
			nextCap && (titleWords[t.lower] || titleWords[d.toks[next].lower])
	}
	if t.tag == "NNP" || t.tag == "NNPS" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	if !unicode.IsLetter(r) {
		return false
	}
	return t.tag == "" || t.tag == "NN" || t.tag == "NNS" || t.tag == "JJ" || t.tag == "VBN" || t.tag == "FW" || t.tag == "VB" || t.tag == "VBP" || t.tag == "VBZ"
}

// isParticle reports a lower-case name particle ("van", "de", "al"); a
// capitalised one ("Al Moore", "Van Morrison") is a name of its own.
func (d *doc) isParticle(k int) bool {
	t := &d.toks[k]
	return nameParticles[t.lower] && !isUpperStart(t.text)
}

func isApostropheName(s string) bool {
	for _, a := range [...]string{"’", "'"} {
		if len(s) > len(a) && strings.HasPrefix(s, a) && isUpperStart(s[len(a):]) {
			return true
		}
	}
	return false
}

func hasParticlePrefix(s string) bool {
	for _, p := range [...]string{"al-", "al‑", "el-", "el‑", "bin-", "ibn-", "abu-", "ad-", "as-", "ash-"} {
		if len(s) > len(p) && strings.HasPrefix(s, p) && isUpperStart(s[len(p):]) {
			return true
		}
	}
	return false
}

func isInitial(s string) bool {
	// "J.", "J.D.", "F.D.R."
	if len(s) < 2 || s[len(s)-1] != '.' {
		return false
	}
	for i := 0; i < len(s); i += 2 {
		if i+1 >= len(s) || !(s[i] >= 'A' && s[i] <= 'Z') || s[i+1] != '.' {
			return false
		}
	}
	return true
}

func isOpenQuoteTok(s string) bool {
	return s == "“" || s == "\"" || s == "‘" || s == "'" || s == "«" || s == "„" || s == "(" || s == "—" || s == "–"
}

// nameRun returns the proper-name run containing token k, as [a, b).
func (d *doc) nameRun(k int) (int, int) {
	s := d.sents[d.toks[k].sent]
	a, b := k, k+1
	for a > s.t0 && d.nameLink(a-1, a, true) {
		a--
	}
	for b < s.t1 && d.nameLink(b, b-1, false) {
		b++
	}
	// Trim dangling particles.
	for a < b && d.isParticle(a) {
		a++
	}
	for b > a && d.isParticle(b-1) {
		b--
	}
	return a, b
}

// nameLink reports whether token k continues the name that token from
// belongs to (k is left of from when left is true).
func (d *doc) nameLink(k, from int, left bool) bool {
	t := &d.toks[k]
	if t.q != d.toks[from].q || t.s < d.toks[from].e && !left || adjacentGap(d.text, min(k, from), max(k, from), d) {
		return false
	}
	if d.isNameTok(k) {
		return true
	}
	// The tokenizer splits initials ("T." → "T", "."): a full stop after a
	// single capital joins the name when a name follows.
	if d.initialStop(k) && k+1 < len(d.toks) && d.toks[k+1].sent == t.sent && d.isNameTok(k+1) {
		return true
	}
	if d.isParticle(k) {
		// A particle joins only when a name follows it on the other side.
		next := k + 1
		if !left {
			next = k + 1
		}
		if next < len(d.toks) && d.toks[next].sent == t.sent && (d.isNameTok(next) || d.isParticle(next)) {
			return true
		}
	}
	if !left && nameSuffixes[t.lower] {
		return true
	}
	// "Food and Drug Administration", "Bank of England": a joining word
	// inside an organisation's name, when an organisation word ends it.
	if (t.lower == "and" || t.lower == "of" || t.lower == "for" || t.text == "&") && k > 0 && k+1 < len(d.toks) && d.toks[k+1].sent == t.sent {
		for m := k + 1; m < len(d.toks) && m <= k+4 && d.toks[m].sent == t.sent && isUpperStart(d.toks[m].text); m++ {
			if orgSuffixWords[d.toks[m].lower] && (m+1 >= len(d.toks) || !isUpperStart(d.toks[m+1].text) || d.toks[m+1].sent != t.sent) {
				return true
			}
		}
	}
	if !left && t.text == "," && k+1 < len(d.toks) && nameSuffixes[d.toks[k+1].lower] {
		return false
	}
	return false
}

// initialStop reports a full stop that ends an initial ("William M.
// Daley"), which the tokenizer splits off the letter.
func (d *doc) initialStop(k int) bool {
	return k > 0 && d.toks[k].text == "." && len(d.toks[k-1].text) == 1 && isUpperStart(d.toks[k-1].text) && d.toks[k-1].e == d.toks[k].s
}

// fullStop reports a full stop that ends a sentence: not one after an
// initial, nor an abbreviation's before a comma ("Cambridge, Mass., said").
func (d *doc) fullStop(k int) bool {
	return d.toks[k].text == "." && !d.initialStop(k) && !(k+1 < len(d.toks) && d.toks[k+1].text == ",")
}

// adjacentGap reports a line break or other separator between tokens a < b
// that no name crosses.
func adjacentGap(text string, a, b int, d *doc) bool {
	return strings.ContainsAny(text[d.toks[a].e:d.toks[b].s], "\n")
}

var goForms = set("went", "goes", "go", "going", "gone")

// skipBack moves left from token k over auxiliaries and adverbs that stand
// between a subject and its verb ("Putin has repeatedly insisted").
func (d *doc) skipBack(k, lo int) int {
	// "X went on to say", "X continued to insist": the subject is before
	// the phrase.
	if k-2 >= lo && d.toks[k].lower == "to" && d.toks[k-1].lower == "on" && goForms[d.toks[k-2].lower] {
		k -= 3
	} else if k-1 >= lo && d.toks[k].lower == "to" && (d.toks[k-1].lower == "continued" || d.toks[k-1].lower == "continues" || d.toks[k-1].lower == "continue" || d.toks[k-1].lower == "proceeded" || d.toks[k-1].tag == "VBD" && strings.HasSuffix(d.toks[k-1].lower, "ed")) {
		// "O'Malley interjected to say", "she rose to say".
		k -= 2
	}
	for n := 0; k >= lo && n < 8; n++ {
		t := &d.toks[k]
		if (t.text == "’s" || t.text == "'s") && k-1 >= lo && d.hasAfterPronoun(k) {
			k-- // "he’s said": "has"
			continue
		}
		if adverbsBeforeCue[t.lower] || t.tag == "RB" && !strings.HasSuffix(t.lower, "n't") || t.tag == "MD" {
			k--
			continue
		}
		break
	}
	return k
}

// npEndingAt parses a speaker noun phrase ending at token k (inclusive),
// scanning no further left than lo. It handles pronouns, proper names with
// titles, determiner phrases with a following "of/for/at" phrase, and
// appositions between commas.
func (d *doc) npEndingAt(k, lo int) np {
	if k < lo {
		return np{}
	}
	t := &d.toks[k]
	// Apposition: "van Haaren, NATO's secretary-general, said" and
	// "Ms. Lee, 42, a nurse from Leeds, said".
	if t.text == "," {
		j := k - 1
		for hops := 0; hops < 3 && j >= lo; hops++ {
			c := j
			for c >= lo && d.toks[c].text != "," && k-c < 30 && d.toks[c].q == t.q {
				c--
			}
			if c < lo || d.toks[c].text != "," {
				return np{}
			}
			// An apposition is a noun phrase; a relative clause ("who
			// voted for the cut") or a participle ("speaking on condition
			// of anonymity") may hold verbs.
			if c+1 <= j && !isClauseApposition(d.toks[c+1]) {
				for m := c + 1; m <= j; m++ {
					if d.toks[m].lower == "that" || d.toks[m].lower == "who" || d.toks[m].lower == "which" {
						break // "the founder of the project that encourages ..."
					}
					// ("a firm called Gavekal": a participle the tagger
					// read as a past tense after its noun.)
					if strings.HasPrefix(d.toks[m].tag, "VB") && d.toks[m].tag != "VBN" && d.toks[m].tag != "VBG" && d.toks[m].text != "’s" && d.toks[m].text != "'s" && !(d.toks[m].tag == "VBD" && m > c+1 && (d.toks[m-1].tag == "NN" || d.toks[m-1].tag == "NNS") && strings.HasSuffix(d.toks[m].lower, "ed") && m+1 <= j && isUpperStart(d.toks[m+1].text)) {
						return np{}
					}
				}
			}
			// Words between commas form the apposition; the speaker is
			// before the first comma, unless that is a role and the
			// apposition names its holder ("His lawyer, Gerald Finch, said").
			if n := d.npEndingAt(c-1, lo); !n.empty() && (d.speakerLike(n) || isDet(d.toks[n.t0])) {
				// "The guard, Terrence Oduya, told": any determiner phrase
				// before a name in apposition is a role.
				role := !d.isNameTok(n.t1-1) || n.t0-1 >= lo && isPrepTail(d.toks[n.t0-1].lower) || n.t0-2 >= lo && isPrepTail(d.toks[n.t0-2].lower) && isDet(d.toks[n.t0-1])
				if role && j > c && d.isNameTok(j) {
					if ap := d.npEndingAt(j, c+1); !ap.empty() && ap.t0 == c+1 && d.isNameTok(ap.t0) {
						// "Ó Briain and his Spanish counterpart, Nerea
						// Etxeberria, argued": the first conjunct leads.
						if n.t0-2 >= lo && d.toks[n.t0-1].lower == "and" && d.isNameTok(n.t0-2) {
							first := d.npEndingAt(n.t0-2, lo)
							if !first.empty() {
								first.more = append(first.more, ap)
								return first
							}
						}
						return ap
					}
					// "That editor, Juno Castellane of the publisher
					// Harrow & Finch, said": the name opens the apposition.
					if d.isNameTok(c + 1) {
						if a, b := d.nameRun(c + 1); a == c+1 && b <= j+1 {
							return np{t0: a, t1: b}
						}
					}
				}
				if d.speakerLike(n) {
					// "Declan and his brother Ross, the bassist, insist":
					// the first conjunct leads.
					m := n.t0 - 1
					for m > lo && n.t0-m <= 3 && (d.toks[m].tag == "PRP$" || isDet(d.toks[m]) || d.toks[m].tag == "NN" || d.toks[m].tag == "JJ") {
						m--
					}
					if m > lo && d.toks[m].lower == "and" && d.isNameTok(m-1) {
						if first := d.npEndingAt(m-1, lo); !first.empty() && d.isNameTok(first.t1-1) {
							first.more = append(first.more, n)
							return first
						}
					}
					return n
				}
			}
			j = c - 1
		}
		return np{}
	}
	if _, ok := speakerPronouns[t.lower]; ok && (t.tag == "PRP" || t.tag == "") {
		return np{t0: k, t1: k + 1}
	}
	if isDash(t.text) {
		// "Murphy — after a knock-on-wood gesture — told me", "The
		// justice -- who has been in a scuffle -- said": skip the aside
		// between dashes.
		for m := k - 1; m >= lo && m > k-30; m-- {
			if d.toks[m].text == t.text {
				return d.npEndingAt(m-1, lo)
			}
		}
		return np{}
	}
	if t.text == ")" {
		// "Rep. Steve Israel (D-N.Y.) said": skip the parenthetical.
		for m := k - 1; m >= lo && m > k-10; m-- {
			if d.toks[m].text == "(" {
				return d.npEndingAt(m-1, lo)
			}
		}
		return np{}
	}
	if t.lower == "who" && k-1 >= lo {
		// "allies, who have maintained that": the antecedent.
		j := k - 1
		if d.toks[j].text == "," {
			j--
		}
		return d.npEndingAt(j, lo)
	}
	if d.isNameTok(k) {
		a, b := d.nameRun(k)
		if b != k+1 {
			return np{}
		}
		a = max(a, lo)
		n := np{t0: a, t1: b}
		// "researchers at the Nørrebro Institute said": the people, not
		// the institution, are the subject.
		p := a - 1
		if p-1 >= lo && isDet(d.toks[p]) {
			p--
		}
		if p-1 >= lo && isPrepTail(d.toks[p].lower) && (personNouns[d.toks[p-1].lower] || titleWords[d.toks[p-1].lower]) {
			if h := d.npEndingAt(p-1, lo); !h.empty() && !d.isNameTok(h.t1-1) {
				return np{t0: h.t0, t1: b}
			}
		}
		// "the Kremlin", "the New York Post": keep the article off the
		// name but let a determiner-noun phrase before a name stand.
		n = d.extendCoordination(n, lo)
		return n
	}
	// Common-noun phrase: [det|poss] [adj|noun]* noun, optionally after
	// "of/for/at/from + phrase" ("a spokeswoman for the ministry").
	if !isNounTag(t.tag) {
		return np{}
	}
	a := k
	for a-1 >= lo && d.npInner(a-1) {
		a--
	}
	if a-1 >= lo && isDet(d.toks[a-1]) {
		a--
	}
	// "experts and diplomats", "aides and advisers": one group.
	if a-2 >= lo && d.toks[a-1].lower == "and" && isNounTag(d.toks[a-2].tag) && !d.isNameTok(a-2) {
		b := a - 2
		// "the Biden administration and many NATO allies": a name may
		// premodify the first conjunct's head noun.
		for b-1 >= lo && d.npInner(b-1) {
			b--
		}
		if b-1 >= lo && isDet(d.toks[b-1]) {
			b--
		}
		a = b
	}
	// A prepositional tail: walk over "for/of/at/from/with" to the head
	// noun before it.
	if a-2 >= lo && isPrepTail(d.toks[a-1].lower) && isNounTag(d.toks[a-2].tag) && (personNouns[d.toks[a-2].lower] || groupHeads[d.toks[a-2].lower] && d.toks[a-1].lower == "of") {
		h := d.npEndingAt(a-2, lo)
		if !h.empty() {
			return d.extendCoordination(np{t0: h.t0, t1: k + 1}, lo)
		}
	}
	return d.extendCoordination(np{t0: a, t1: k + 1}, lo)
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
	return t.lower == "who" || t.lower == "which" || t.lower == "whose" || t.tag == "VBG" || t.tag == "VBN"
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

func (d *doc) npInner(k int) bool {
	t := &d.toks[k]
	switch t.tag {
	case "NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "CD", "POS", "VBN", "HYPH":
		return true
	}
	return t.text == "-" || t.text == "’s" || t.text == "'s" || isUpperStart(t.text) && !sentenceStarters[t.lower]
}

func isNounTag(tag string) bool {
	return tag == "NN" || tag == "NNS" || tag == "NNP" || tag == "NNPS"
}

func isDet(t tok) bool {
	return t.tag == "DT" || t.tag == "PRP$" || t.lower == "the" || t.lower == "a" || t.lower == "an" || t.tag == "CD" || t.lower == "several" || t.lower == "many" || t.lower == "some"
}

// extendCoordination adds conjuncts to the left: "Scholz and Bédier",
// "Scholz, Bédier and Costa".
func (d *doc) extendCoordination(n np, lo int) np {
	k := n.t0 - 1
	if k-1 < lo || d.toks[k].lower != "and" || d.coordDepth >= 3 {
		return n
	}
	// Bounded: "A and B and C and ..." of any length costs at most three
	// conjuncts' worth of parsing.
	d.coordDepth++
	prev := d.npEndingAt(k-1, lo)
	d.coordDepth--
	if prev.empty() || !d.isNameTok(prev.t1-1) || !d.isNameTok(n.t1-1) {
		return n
	}
	// The first conjunct is the speaker; the rest follow in order.
	out := np{t0: prev.t0, t1: prev.t1}
	out.more = append(append(out.more, prev.more...), np{t0: n.t0, t1: n.t1})
	return out
}

// npStartingAt parses a speaker noun phrase starting at token k ("said
// Jane Doe", "said the minister", "said a spokeswoman for the ministry").
func (d *doc) npStartingAt(k, hi int) np {
	if k >= hi {
		return np{}
	}
	t := &d.toks[k]
	if _, ok := speakerPronouns[t.lower]; ok {
		return np{t0: k, t1: k + 1}
	}
	if (d.isNameTok(k) || d.isParticle(k) && k+1 < hi && d.isNameTok(k+1)) && !sentenceStarters[t.lower] {
		var a, b int
		if d.isParticle(k) {
			// "said de Oliveira": the run starts at the particle.
			_, b = d.nameRun(k + 1)
			a = k
		} else {
			a, b = d.nameRun(k)
		}
		if a != k {
			return np{}
		}
		b = min(b, hi)
		// "Montreal coach Benoît Lavallée", "Rheinhafen’s sporting
		// director, Jens-Uwe Brinkhoff": a name that premodifies a title
		// held by the named speaker.
		m := b
		if m < hi && (d.toks[m].text == "’s" || d.toks[m].text == "'s") {
			m++
		}
		t0 := m
		for m < hi && m < t0+4 && (titleWords[d.toks[m].lower] || d.toks[m].tag == "JJ" || d.toks[m].tag == "NN") && !isUpperStart(d.toks[m].text) {
			m++
		}
		if m > t0 {
			if m < hi && d.toks[m].text == "," {
				m++
			}
			if m < hi && d.isNameTok(m) {
				if a2, b2 := d.nameRun(m); a2 == m {
					return np{t0: m, t1: min(b2, hi)}
				}
			}
			if t0 > b {
				// "Rheinhafen’s sporting director": the role itself.
				return np{t0: k, t1: m}
			}
		}
		return np{t0: k, t1: b}
	}
	j := k
	if isDet(*t) {
		j++
	}
	// Premodifiers and nouns; the phrase ends at its last noun ("the most
	// recent data available from the FBI" → "the most recent data").
	lastNoun := -1
	for m := j; m < hi && d.toks[m].text != "," && (d.npInner(m) || d.toks[m].tag == "RBS" || d.toks[m].tag == "RB" && m == j) && d.toks[m].tag != "VBN" && d.toks[m].tag != "VBG" && !(m > j && lastNoun >= 0 && isParticipleForm(d.toks[m].lower)); m++ {
		if isNounTag(d.toks[m].tag) || isUpperStart(d.toks[m].text) && m > k || strings.HasSuffix(d.toks[m].lower, "-old") {
			// "the Norwegian": a capitalised demonym heads the phrase.
			lastNoun = m
		}
	}
	if lastNoun < 0 {
		return np{}
	}
	j = lastNoun + 1
	// "said his lawyer, Sven Bakkali.": the apposition names the role.
	if j+1 < hi && d.toks[j].text == "," && d.isNameTok(j+1) {
		if a, b := d.nameRun(j + 1); a == j+1 && (b == hi || d.toks[b].text == "," || d.toks[b].text == ".") {
			return np{t0: a, t1: b}
		}
	}
	// "a spokeswoman for the ministry": take the tail too.
	// "a count by the Gazette": a document's author.
	if j+1 < hi && (isPrepTail(d.toks[j].lower) || d.toks[j].lower == "by" && docNouns[d.toks[j-1].lower]) && (personNouns[d.toks[j-1].lower] || docNouns[d.toks[j-1].lower]) {
		if tail := d.npStartingAt(j+1, hi); !tail.empty() {
			return np{t0: k, t1: tail.t1}
		}
	}
	return np{t0: k, t1: j}
}

// head returns the head token of a noun phrase: its last noun.
func (d *doc) head(n np) *tok {
	for k := n.t1 - 1; k >= n.t0; k-- {
		if isPrepTail(d.toks[k].lower) {
			// "a spokeswoman for the ministry": the head is before "for".
			return d.head(np{t0: n.t0, t1: k})
		}
	}
	return &d.toks[n.t1-1]
}

// speakerLike reports whether a noun phrase can be a speaker: a pronoun, a
// proper name, or a common noun that denotes people, an organisation or a
// document.
func (d *doc) speakerLike(n np) bool {
	if n.empty() {
		return false
	}
	h := d.head(n)
	if _, ok := speakerPronouns[h.lower]; ok && n.t1-n.t0 == 1 {
		return true
	}
	if notSpeakerHeads[h.lower] && !d.isNameTok(n.t1-1) {
		return false
	}
	if d.isNameTok(n.t1 - 1) {
		return true
	}
	w := h.lower
	if groupHeads[w] || quantSubjects[w] {
		return true // "a majority of her backers say", "nearly half said"
	}
	if personNouns[w] || orgNouns[w] || docNouns[w] || personNouns[singular(w)] || orgNouns[singular(w)] || docNouns[singular(w)] {
		return true
	}
	// Agent nouns not in the list: "economists", "campaigners".
	// "the 46-year-old", "the businessman".
	if strings.HasSuffix(w, "-old") || strings.HasSuffix(w, "‑old") {
		return true
	}
	for _, suf := range [...]string{"ers", "ists", "ians", "ors", "ants", "ents", "er", "ist", "ian", "or", "ant", "ent", "man", "woman", "men", "women"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

func isDash(w string) bool { return w == "--" || w == "—" || w == "–" || w == "-" }

// capitalAfterHyphen reports a word with a capital after a hyphen inside
// it ("Al-Masri", "Ibérica-Solar"), as names have and common words do not.
func capitalAfterHyphen(w string) bool {
	for i := 1; i+1 < len(w); i++ {
		if w[i] == '-' && 'A' <= w[i+1] && w[i+1] <= 'Z' {
			return true
		}
	}
	return false
}

// groupHeads head a phrase whose members speak: "a team of astronomers",
// "a group of senators", "a majority of economists".
var groupHeads = set("team", "group", "panel", "coalition", "consortium", "number", "majority",
	"minority", "handful", "pair", "trio", "dozens", "hundreds", "thousands", "delegation", "board")

// quantSubjects stand for people when they are a reporting verb's subject,
// as in poll reports ("most said", "52 percent say").
var quantSubjects = set("half", "most", "many", "some", "few", "several", "third", "thirds",
	"quarter", "quarters", "fifth", "fifths", "percent", "%")

// hasAfterPronoun reports a clitic "’s" at k that stands for "has" or
// "is" after a pronoun ("he’s said", "who’s argued"), not a possessive.
func (d *doc) hasAfterPronoun(k int) bool {
	p := d.toks[k-1].lower
	return p == "he" || p == "she" || p == "it" || p == "who" || p == "that"
}
