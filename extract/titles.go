package extract

// Titles that are not capitalised name words, and the heads of speaker
// noun phrases. Lower-case titles before a name ("fisheries minister Joe
// Hall", "defence lawyer Carlos Lopez", "Danish trade minister Pia Kjær")
// and titles or roles in apposition after one ("Priya Nair, Minister of
// Transport, Housing and Infrastructure,", "Tom Reid, the union leader,")
// are the person's title, which the cast keeps. The noun phrase readers
// step over them to the name, as they step over what else is no head: a
// prepositional tail ("Dana Moss with the Harbour Health Authority"), an
// organisation before the person in apposition to it, a demonym before a
// noun ("Ukrainian officials").

import (
	"strings"
	"unicode"

	"github.com/claims-project/claims"
)

// maxTitleModifiers bounds the words before a lower-case title's noun
// ("rookie", "fisheries", "Danish trade").
const maxTitleModifiers = 3

// maxTitleApposition bounds the words of a title in apposition.
const maxTitleApposition = 12

// titleBefore returns the first token of a lower-case title that ends
// just before token k, scanning left no further than lo; k when there is
// none. The word before the name must be a title or a noun for a person
// ("minister", "lawyer", "farmer", "harbour master"); before it may stand
// nouns and adjectives and a capitalised demonym.
func (d *document) titleBefore(k, lo int) int {
	h := k - 1
	if h < lo || !d.titleNoun(h) {
		return k
	}
	a := h
	for m := h - 1; m >= lo && h-m <= maxTitleModifiers; m-- {
		t := &d.toks[m]
		switch {
		case d.lex.Demonyms.Has(t.lower) && isUpperStart(t.text):
			return m // "Danish trade minister": a demonym opens the title
		case d.titleModifier(m):
			a = m
			continue
		}
		break
	}
	return a
}

// titleNoun reports a lower-case word that can head a title before a
// name: a title word or a noun for a person.
func (d *document) titleNoun(k int) bool {
	t := &d.toks[k]
	if isUpperStart(t.text) || !isWord(t.text) || !(t.tag == "" || t.tag == "NN") {
		return false
	}
	return d.lex.Titles.Has(t.lower) || d.lex.PersonNouns.Has(t.lower) || isAgentNoun(t.lower)
}

// titleModifier reports a lower-case word that can stand before a title
// noun: a noun or an adjective, not a determiner, preposition, verb or
// cue.
func (d *document) titleModifier(k int) bool {
	t := &d.toks[k]
	if isUpperStart(t.text) || !isWord(t.text) || isDet(*t) || isPrepTail(t.lower) || len(t.lower) < 3 {
		return false
	}
	if _, cue := d.lex.Cue(t.lower); cue {
		return false
	}
	if _, pron := d.lex.Pronouns[t.lower]; pron {
		return false
	}
	switch t.tag {
	case "NN", "NNS", "JJ", "VBN", "VBG": // "sporting director", "managing editor"
		return true
	case "":
		return !d.lex.Subordinators.Has(t.lower) && !d.lex.AdverbsBeforeCue.Has(t.lower) && t.lower != "and" && t.lower != "or"
	}
	return false
}

// lowerTitle returns the title a person's name run [a, b) of sentence s
// has outside it: lower case before it, or in apposition after it; "" for
// none.
func (d *document) lowerTitle(s *sentence, a, b int) string {
	if t0 := d.titleBefore(a, s.t0); t0 < a {
		return d.text[d.toks[t0].s:d.toks[a-1].e]
	}
	if t0, t1, ok := d.appositiveTitle(b); ok {
		return d.text[d.toks[t0].s:d.toks[t1-1].e]
	}
	if t0, t1, ok := d.appositiveRole(b); ok {
		return d.text[d.toks[t0].s:d.toks[t1-1].e]
	}
	return ""
}

// appositiveRole returns the tokens [t0, t1) of a lower-case role in
// apposition after the name that ends before token b, without its
// article: "Tom Reid, the union leader," → "union leader"; "Jake Tate, a
// rookie defenceman from Oslo," → "rookie defenceman from Oslo";
// "van Haaren, NATO's secretary-general," → "NATO's secretary-general".
// The role's last word before any preposition is a title or a noun for a
// person, and a comma or a full stop closes it.
func (d *document) appositiveRole(b int) (t0, t1 int, ok bool) {
	if b+1 >= len(d.toks) || d.toks[b].text != "," {
		return 0, 0, false
	}
	s := d.sents[d.toks[b].sent]
	k := b + 1
	if t := d.toks[k].lower; t == "a" || t == "an" || t == "the" {
		k++
	}
	t0 = k
	if k+1 < s.t1 && d.isNameTok(k) {
		// "NATO's secretary-general": a possessor before the role.
		if _, e := d.nameRun(k); e < s.t1 && (d.toks[e].text == "’s" || d.toks[e].text == "'s") {
			k = e + 1
		}
	}
	head := -1
	for ; k < s.t1 && k-t0 < maxTitleApposition && (d.titleModifier(k) || d.titleNoun(k)); k++ {
		if d.titleNoun(k) {
			head = k
		}
	}
	if head < 0 || head != k-1 {
		return 0, 0, false
	}
	if k < s.t1 && isPrepTail(d.toks[k].lower) {
		// "of the union", "from Oslo": up to the closing comma.
		for k < s.t1 && k-t0 < maxTitleApposition && d.toks[k].text != "," && !d.fullStop(k) && !strings.HasPrefix(d.toks[k].tag, "VB") && d.toks[k].lower != "who" {
			k++
		}
	}
	if k >= s.t1 || d.toks[k].text != "," && !d.fullStop(k) {
		return 0, 0, false
	}
	return t0, k, true
}

// isWord reports a token of letters, with hyphens inside ("vice-chair").
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '-' && r != '‑' {
			return false
		}
	}
	return true
}

// appositiveTitle returns the tokens [t0, t1) of a title in apposition
// after the name that ends before token b ("Priya Nair, Minister of
// Transport, Housing and Infrastructure, said"): a capitalised title word
// and what its "of" or "for" governs, up to the comma or full stop that
// closes it. ok is false when no title stands there.
func (d *document) appositiveTitle(b int) (t0, t1 int, ok bool) {
	if b+1 >= len(d.toks) || d.toks[b].text != "," {
		return 0, 0, false
	}
	t0 = b + 1
	s := d.sents[d.toks[b].sent]
	if !isUpperStart(d.toks[t0].text) || !d.lex.Titles.Has(d.toks[t0].lower) {
		return 0, 0, false
	}
	m := t0 + 1
	for m < s.t1 && m-t0 < maxTitleApposition {
		t := &d.toks[m]
		joins := t.lower == "of" || t.lower == "for" || t.lower == "and" || t.lower == "the" || t.text == "&" || isDash(t.text)
		list := t.text == "," && m+1 < s.t1 && isUpperStart(d.toks[m+1].text) && !d.isNameRunStart(m+1)
		if !isUpperStart(t.text) && !joins && !list {
			break
		}
		m++
	}
	if m >= s.t1 || d.toks[m].text != "," && !d.fullStop(m) {
		return 0, 0, false
	}
	return t0, m, true
}

// isNameRunStart reports a capitalised token after a comma that opens a
// person's name of its own rather than continuing a list of portfolios:
// it is followed by a comma-free run of two name words and then a verb.
func (d *document) isNameRunStart(k int) bool {
	a, b := d.nameRun(k)
	return a == k && b-a >= 2 && b < len(d.toks) && strings.HasPrefix(d.toks[b].tag, "VB")
}

// demonymBeforeNoun reports a capitalised demonym at k that premodifies a
// lower-case noun ("Ukrainian politicians", "Turkish media"): the noun
// heads the phrase, not the demonym.
func (d *document) demonymBeforeNoun(k, hi int) bool {
	a, b := d.nameRun(k)
	if a != k || b != k+1 || b >= hi || !d.lex.Demonyms.Has(d.toks[k].lower) {
		return false
	}
	t := &d.toks[b]
	return !isUpperStart(t.text) && isWord(t.text) && (t.tag == "" || isNounTag(t.tag) || t.tag == "JJ")
}

// npCore returns the part of a speaker noun phrase before its first
// prepositional tail ("Dana Moss" of "Dana Moss with the Harbour Health
// Authority", "a spokeswoman" of "a spokeswoman for the ministry"), or n
// itself when it has none. A preposition inside a name ("Bank of
// England") is no tail.
func (d *document) npCore(n np) np {
	for p := n.t0 + 1; p < n.t1-1; p++ {
		if !isPrepTail(d.toks[p].lower) {
			continue
		}
		if d.isNameTok(p - 1) {
			if _, b := d.nameRun(p - 1); b > p {
				continue // "Bank of England"
			}
		}
		return np{t0: n.t0, t1: p}
	}
	return n
}

// nameBeforeTitle reads "Priya Nair, Minister of Transport, Housing and
// Infrastructure," before comma k: a name whose title in apposition ends
// at k, whatever commas the title holds.
func (d *document) nameBeforeTitle(k, lo int) (np, bool) {
	for c := k - 2; c > lo && k-c <= maxTitleApposition; c-- {
		if d.toks[c].text != "," || !d.isNameTok(c-1) {
			continue
		}
		if _, t1, ok := d.appositiveTitle(c); ok && t1 == k {
			if a, b := d.nameRun(c - 1); b == c && a >= lo {
				return np{t0: a, t1: b}, true
			}
		}
	}
	return np{}, false
}

// orgBeforePerson reports an organisation's name n before an apposition
// (c, j] that is a person's name: "The director of the federal Consumer
// Banking Bureau, Adaeze O. Nwachukwu, said" — an organisation has no
// person for an apposition, so the phrase is the person's role.
func (d *document) orgBeforePerson(n np, c, j int) bool {
	if !d.isNameTok(n.t1-1) || !d.isNameTok(c+1) {
		return false
	}
	a, b := d.nameRun(c + 1)
	if a != c+1 || b != j+1 {
		return false
	}
	return d.nameType(np{t0: n.t0, t1: n.t1}, np{}) == claims.TypeOrg && d.nameType(np{t0: a, t1: b}, np{}) == claims.TypePerson
}
