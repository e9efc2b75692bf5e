package extract

// Proper names in the token stream: which tokens can be part of a name and
// where a run of name tokens starts and ends ("NATO Secretary-General
// Jürgen van Haaren", "Martin Luther King Jr.", "O'Malley"). The noun
// phrases of np.go and the cast of cast.go are built on these runs.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isNameTok reports a token that can be part of a proper name.
func (d *document) isNameTok(k int) bool {
	t := &d.toks[k]
	if !isUpperStart(t.text) {
		// "al‑Masri", "bin-Salman": a lower-case particle joined to a
		// capitalised name; "D’Souza", "O’Brien", which the tokenizer
		// splits at the apostrophe.
		return hasParticlePrefix(t.text) || k > 0 && d.toks[k-1].e == t.s && isApostropheName(t.text)
	}
	if d.lex.NotNames.Has(t.lower) || t.lower == "may" && d.monthMay(k) {
		return false
	}
	if k == d.sents[t.sent].t0 || k > 0 && isOpenQuoteTok(d.toks[k-1].text) {
		return d.nameOpeningSentence(k)
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

// monthMay reports a "May" that is the month, which not_names.txt cannot
// list for Theresa May's sake: after a preposition or word of time ("in
// May", "since May", "early May") or before a day or year ("May 3").
func (d *document) monthMay(k int) bool {
	if k+1 < len(d.toks) && d.toks[k+1].tag == "CD" {
		return true
	}
	if k == 0 {
		return false
	}
	p := &d.toks[k-1]
	return p.tag == "IN" || d.lex.TimeWords.Has(p.lower) || p.lower == "mid" || p.lower == "next"
}

// nameOpeningSentence reports whether capitalised token k, which opens a
// sentence or a quotation, is a name: only when the tagger says so, the
// article capitalises it mid-sentence too, or it is a title before a name
// ("President Alain Dubois met ...").
func (d *document) nameOpeningSentence(k int) bool {
	t := &d.toks[k]
	if d.lex.SentenceStarters.Has(t.lower) {
		return false
	}
	next := k + 1
	nextCap := next < len(d.toks) && d.toks[next].sent == t.sent && isUpperStart(d.toks[next].text)
	// "President Alain Dubois met ...", "German Chancellor Olaf Scholz
	// and ...": a title, or a word before a capitalised title. "Rome
	// insists", "Al-Masri wrote": a capital, or a capital after a hyphen,
	// which common words do not have. "Anna Berg and ...": a given name
	// before a capitalised word.
	return t.tag == "NNP" || t.tag == "NNPS" || d.caps[t.text] || d.lex.Places.Has(t.lower) || capitalAfterHyphen(t.text) ||
		nextCap && (d.lex.Titles.Has(t.lower) || d.lex.Titles.Has(d.toks[next].lower) || d.lex.GivenNames[t.lower] != 0)
}

// isParticle reports a lower-case name particle ("van", "de", "al"); a
// capitalised one ("Al Moore", "Van Morrison") is a name of its own.
func (d *document) isParticle(k int) bool {
	t := &d.toks[k]
	return d.lex.NameParticles.Has(t.lower) && !isUpperStart(t.text)
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
	// Most words are no such name: their first letter says so.
	if len(s) < 3 || s[0] != 'a' && s[0] != 'e' && s[0] != 'b' && s[0] != 'i' {
		return false
	}
	for _, p := range [...]string{"al-", "al‑", "el-", "el‑", "bin-", "ibn-", "abu-", "ad-", "as-", "ash-"} {
		if len(s) > len(p) && strings.HasPrefix(s, p) && isUpperStart(s[len(p):]) {
			return true
		}
	}
	return false
}

// isInitial reports initials: "J.", "J.D.", "F.D.R.".
func isInitial(s string) bool {
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

// nameRun returns the proper-name run containing token k, as [a, b).
func (d *document) nameRun(k int) (int, int) {
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
func (d *document) nameLink(k, from int, left bool) bool {
	t := &d.toks[k]
	if t.q != d.toks[from].q || t.s < d.toks[from].e && !left || d.lineBreakBetween(min(k, from), max(k, from)) {
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
	// A particle joins only when a name or another particle follows it.
	if d.isParticle(k) && k+1 < len(d.toks) && d.toks[k+1].sent == t.sent && (d.isNameTok(k+1) || d.isParticle(k+1)) {
		return true
	}
	if !left && d.lex.NameSuffixes.Has(t.lower) {
		return true
	}
	// "Department for Environment", "Ministry of Defence": "of" or "for"
	// after an organisation word, before a capitalised one.
	if (t.lower == "of" || t.lower == "for") && d.orgJoin(k) {
		return true
	}
	// "Food and Drug Administration", "Bank of England": a joining word
	// inside an organisation's name, when an organisation word ends it.
	if (t.lower == "and" || t.lower == "of" || t.lower == "for" || t.text == "&") && k > 0 && k+1 < len(d.toks) && d.toks[k+1].sent == t.sent {
		for m := k + 1; m < len(d.toks) && m <= k+orgJoinReach && d.toks[m].sent == t.sent && isUpperStart(d.toks[m].text); m++ {
			if d.lex.OrgSuffixes.Has(d.toks[m].lower) && (m+1 >= len(d.toks) || !isUpperStart(d.toks[m+1].text) || d.toks[m+1].sent != t.sent) {
				return true
			}
		}
	}
	return false
}

// orgJoin reports "of" or "for" at k between an organisation word and a
// capitalised word ("Department for Environment", "Ministry of Defence").
func (d *document) orgJoin(k int) bool {
	if k < 1 || k+1 >= len(d.toks) || d.toks[k+1].sent != d.toks[k].sent || d.toks[k-1].sent != d.toks[k].sent {
		return false
	}
	next := &d.toks[k+1]
	return d.lex.OrgSuffixes.Has(d.toks[k-1].lower) && isUpperStart(d.toks[k-1].text) && isUpperStart(next.text) && !d.lex.SentenceStarters.Has(next.lower) && d.isNameTok(k+1)
}

// initialStop reports a full stop that ends an initial ("William M.
// Daley"), which the tokenizer splits off the letter.
func (d *document) initialStop(k int) bool {
	return k > 0 && d.toks[k].text == "." && len(d.toks[k-1].text) == 1 && isUpperStart(d.toks[k-1].text) && d.toks[k-1].e == d.toks[k].s
}

// fullStop reports a full stop that ends a sentence: not one after an
// initial, nor an abbreviation's before a comma ("Cambridge, Mass., said").
func (d *document) fullStop(k int) bool {
	return d.toks[k].text == "." && !d.initialStop(k) && !(k+1 < len(d.toks) && d.toks[k+1].text == ",")
}

// lineBreakBetween reports a line break between tokens a < b, which no
// name crosses.
func (d *document) lineBreakBetween(a, b int) bool {
	return strings.ContainsAny(d.text[d.toks[a].e:d.toks[b].s], "\n")
}
