package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

// Kind is what a speaker name names.
type Kind uint8

const (
	// Generic: an unnamed speaker ("the company", "a spokesperson",
	// "officials", "The board"), never linked across articles.
	Generic Kind = iota
	// Person: a person's name, linked by first and last name.
	Person
	// Org: an organisation's or a place's name, linked when equal.
	Org
)

// Name is a speaker name as linking reads it.
type Name struct {
	Kind Kind
	// Display is the name as written, without the titles and honorifics
	// before it: what a canonical name is chosen from.
	Display string
	// Tokens are, for a person, the words of the name without titles,
	// honorifics, particles ("van", "al-") and suffixes ("Jr.", "KC"),
	// each folded (claims.FoldWords; a hyphenated or dotted word is one
	// token) and reduced to its spelling skeleton (Skeleton); for an
	// organisation, its folded words without a leading article.
	Tokens []string
	// Gen is a person's generational suffix ("jr", "iii"), or "".
	Gen string
	// Titles are the title words written before a person's name, lower
	// case ("president", "minister"), which Display leaves out.
	Titles []string
	// Org is, for a generic speaker who speaks for a named organisation
	// ("a spokeswoman for Corvane Therapeutics", "a Corvane
	// spokeswoman"), that organisation; nil otherwise.
	Org *Name
}

// Parse reads a speaker name. typ is the speaker's type as the extractor
// gave it (claims.TypePerson, ...; "" when unknown): a hint that the words
// of the name can override, since the extractor types by context.
func (l *Lists) Parse(name, typ string) Name {
	words := strings.Fields(name)
	if len(words) == 0 {
		return Name{}
	}
	head, rest := splitHead(words)
	if typ == claims.TypeGroup || l.generic(head) || len(words) == 1 && l.isTitle(words[0]) {
		return Name{Kind: Generic, Org: l.speaksFor(head, rest)}
	}
	if l.isOrg(words, typ) {
		return l.org(words)
	}
	return l.person(words)
}

// prepositions end the head of a noun phrase ("a spokeswoman | for
// Corvane", "officials | at the ministry") when written in lower case; a
// closed class of English, so code rather than a list.
var prepositions = map[string]bool{
	"for": true, "of": true, "at": true, "from": true, "with": true, "in": true,
	"on": true, "to": true, "by": true, "within": true, "inside": true,
}

// determiners open a noun phrase that names no one in particular ("the
// company", "a spokesperson", "two officials"); a closed class.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true,
	"those": true, "his": true, "her": true, "its": true, "their": true, "our": true,
	"my": true, "your": true, "some": true, "several": true, "many": true, "most": true,
	"all": true, "both": true, "each": true, "every": true, "another": true, "other": true,
	"one": true, "two": true, "three": true, "four": true, "five": true, "few": true, "no": true,
}

// pronouns stand for a speaker the extractor could not name; a closed class.
var pronouns = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "you": true,
}

// splitHead cuts a name before its first lower-case preposition.
func splitHead(words []string) (head, rest []string) {
	for i, w := range words {
		if i > 0 && prepositions[w] {
			return words[:i], words[i+1:]
		}
	}
	return words, nil
}

// generic reports a head phrase that names no one: its head noun in lower
// case ("the company", "EU foreign ministers"), a pronoun, a determiner
// "a"/"an" ("A Spokesperson"), or one capitalised noun for people that
// opened a sentence ("Aides", "Officials").
func (l *Lists) generic(head []string) bool {
	h := head[len(head)-1]
	if lowerStart(h) {
		return true
	}
	hf := fold(h)
	first := strings.ToLower(head[0])
	switch {
	case len(head) == 1:
		return pronouns[hf] || l.personNouns[hf] || l.groupHeads[hf] || l.pluralCommon(hf)
	case first == "a" || first == "an":
		return true
	case determiners[first] && len(head) == 2:
		return l.personNouns[hf] || l.groupHeads[hf]
	}
	return false
}

// pluralCommon reports the plural of a noun for people or organisations
// ("Unions", "Donors", "Shareholders", "Fishermen"): a noun of the lists,
// or one with an agent ending, with a plural -s; or a plural in -men.
func (l *Lists) pluralCommon(w string) bool {
	if strings.HasSuffix(w, "men") && len(w) > 5 {
		return true // fishermen, spokesmen
	}
	sing, ok := strings.CutSuffix(w, "s")
	if !ok || len(sing) < 3 {
		return false
	}
	if l.personNouns[sing] || l.orgNouns[sing] || l.groupHeads[sing] {
		return true
	}
	for _, end := range []string{"er", "or", "ist", "ian", "ant", "ent"} {
		if strings.HasSuffix(sing, end) {
			return true
		}
	}
	return false
}

// speaksFor finds the organisation a generic speaker speaks for: the
// complement of a spokesperson ("a spokeswoman for Corvane Therapeutics")
// or the capitalised words before one ("a Corvane spokeswoman").
func (l *Lists) speaksFor(head, rest []string) *Name {
	n := len(head)
	if n == 0 || !l.spokespeople[fold(head[n-1])] && !(n >= 2 && l.spokespeople[fold(head[n-2])+" "+fold(head[n-1])]) {
		return nil
	}
	if len(rest) > 0 {
		if determiners[strings.ToLower(rest[0])] {
			rest = rest[1:]
		}
		return l.namedOrg(rest)
	}
	var mods []string
	for _, w := range head[:n-1] {
		if !determiners[strings.ToLower(w)] && !lowerStart(w) && !l.demonyms[fold(w)] {
			mods = append(mods, w)
		}
	}
	return l.namedOrg(mods)
}

// namedOrg is words as an organisation's name when they name one: they
// start with a capital and carry no title or honorific of a person.
func (l *Lists) namedOrg(words []string) *Name {
	if len(words) == 0 || lowerStart(words[0]) {
		return nil
	}
	for _, w := range words {
		lw := strings.ToLower(strings.TrimRight(w, ",."))
		if l.titles[lw] || l.titles[lw+"."] || claims.IsHonorific(lw) {
			return nil
		}
	}
	n := l.org(words)
	if len(n.Tokens) == 0 {
		return nil
	}
	return &n
}

// isOrg reports a name that is an organisation's or a place's: so typed,
// or with the marks of one (an "&", an organisation suffix, a preposition
// inside, a leading "The", one acronym).
func (l *Lists) isOrg(words []string, typ string) bool {
	if typ == claims.TypeOrg || typ == claims.TypeGPE {
		return true
	}
	last := fold(words[len(words)-1])
	switch {
	case typ == "" && (l.orgSuffixes[last] || l.orgNouns[last] && len(words) > 1):
		// Only untyped: a person typed by the extractor may be called
		// White or Bank.
		return true
	case strings.EqualFold(words[0], "the") && len(words) > 1:
		return true
	case len(words) == 1:
		return isAcronym(words[0]) || l.orgNouns[last]
	}
	for i, w := range words {
		if strings.Contains(w, "&") || i > 0 && (w == "and" || prepositions[w]) {
			return true
		}
	}
	return false
}

// org reads an organisation's name: its folded words without a leading
// article.
func (l *Lists) org(words []string) Name {
	if len(words) > 1 && strings.EqualFold(words[0], "the") {
		words = words[1:]
	}
	return Name{Kind: Org, Display: strings.Join(words, " "), Tokens: claims.FoldWords(strings.Join(words, " "))}
}

// person reads a person's name: titles and honorifics before it and
// suffixes after it dropped, particles left out of the tokens, each word
// one token reduced to its skeleton.
func (l *Lists) person(words []string) Name {
	n := Name{Kind: Person}
	for len(words) > 1 {
		w := strings.ToLower(strings.Trim(words[len(words)-1], ",."))
		if !l.suffixes[w] && !l.suffixes[w+"."] {
			break
		}
		if claims.IsGenerational(w) && n.Gen == "" {
			n.Gen = w
		}
		words = words[:len(words)-1]
		words[len(words)-1] = strings.TrimRight(words[len(words)-1], ",")
	}
	words, n.Titles = l.stripTitles(words)
	n.Display = strings.Join(words, " ")
	if n.Gen != "" {
		n.Display += " " + genDisplay(n.Gen)
	}
	for _, w := range words {
		if t := l.token(w); t != "" {
			n.Tokens = append(n.Tokens, t)
		}
	}
	if len(n.Tokens) == 0 {
		// Only particles ("Van", "De"): they are the name.
		for _, w := range words {
			if t := Skeleton(strings.Join(claims.FoldWords(w), "")); t != "" {
				n.Tokens = append(n.Tokens, t)
			}
		}
	}
	if len(n.Tokens) == 0 {
		return Name{}
	}
	return n
}

// genDisplay spells a generational suffix as names carry it.
func genDisplay(g string) string {
	switch g {
	case "jr", "sr":
		return strings.ToUpper(g[:1]) + g[1:] + "."
	}
	return strings.ToUpper(g)
}

// stripTitles drops the titles, honorifics and demonyms before a
// person's name ("U.S. President Donald Trump", "Mr. Putin", "Russian
// President Vladimir Putin"), as long as one of them is a title or an
// honorific and a word is left; and the words of a role before a full
// name whose last title word leaves two words after it ("Kremlin
// spokesman Dmitri Sokolov", "Water Minister Marcus Whitfield"). It
// returns the words left and the title words dropped, lower case.
func (l *Lists) stripTitles(words []string) (rest, titles []string) {
	cut := 0
	for i, w := range words[:len(words)-1] {
		if l.isTitle(w) {
			cut = i + 1
			continue
		}
		if !l.demonyms[strings.ToLower(strings.Trim(w, ",."))] && !isAcronym(w) {
			break
		}
	}
	for i := len(words) - 3; i >= cut; i-- {
		if l.isTitle(words[i]) {
			cut = i + 1
			break
		}
	}
	for _, w := range words[:cut] {
		lw := strings.ToLower(strings.Trim(w, ","))
		if l.titles[lw] || l.titles[strings.TrimSuffix(lw, ".")] {
			titles = append(titles, strings.TrimSuffix(lw, "."))
		}
	}
	return words[cut:], titles
}

// isTitle reports a title or an honorific ("Mr.", "President").
func (l *Lists) isTitle(w string) bool {
	lw := strings.ToLower(strings.TrimRight(w, ","))
	bare := strings.TrimSuffix(lw, ".")
	return l.titles[lw] || l.titles[bare] || claims.IsHonorific(bare) || claims.IsNameAffix(bare) && bare != "jr" && bare != "sr"
}

// token is one word of a person's name as a token: "" for a particle,
// a particle before a hyphen dropped ("al-Sisi" is "sisi").
func (l *Lists) token(w string) string {
	lw := strings.ToLower(w)
	if l.particles[lw] || l.particles[strings.TrimRight(lw, ".")] {
		return ""
	}
	if p, rest, ok := strings.Cut(lw, "-"); ok && rest != "" && (l.particles[p] || l.particles[p+"-"]) {
		w = w[len(p)+1:]
	}
	return Skeleton(strings.Join(claims.FoldWords(w), ""))
}

// fold is a single word folded as names are.
func fold(w string) string { return strings.Join(claims.FoldWords(w), " ") }

// lowerStart reports a word that starts with a lower-case letter, a
// particle before a hyphen or an apostrophe aside ("al-Sisi", "d'Estaing"
// are capitalised; "co-founder" is not).
func lowerStart(w string) bool {
	if p, rest, ok := strings.Cut(w, "-"); ok && rest != "" && isParticlePrefix(p) {
		w = rest
	}
	if i := strings.IndexAny(w, "'’"); i > 0 && i <= 2 && i+1 < len(w) {
		w = w[i+1:]
	}
	for _, r := range w {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
	}
	return false
}

// isParticlePrefix reports the particles written before a hyphen in
// Arabic names ("al-", "el-", "bin-"): a closed class.
func isParticlePrefix(p string) bool {
	switch strings.ToLower(p) {
	case "al", "el", "ul", "bin", "ibn", "abu", "ben":
		return true
	}
	return false
}

// isAcronym reports a word of two or more capitals and no lower-case
// letter ("NATO", "EU", "U.S.").
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			n++
		}
	}
	return n >= 2
}

// Key is the node a name is linked as: a person's tokens (with its
// generational suffix after "#"), an organisation's words after "@".
func (n Name) Key() string {
	switch n.Kind {
	case Person:
		k := strings.Join(n.Tokens, " ")
		if n.Gen != "" {
			k += "#" + n.Gen
		}
		return k
	case Org:
		return "@" + strings.Join(n.Tokens, " ")
	}
	return ""
}

// Bucket is what every name a name may link to shares: a person's last
// token, an organisation's first word after "@". Linking never looks
// beyond a bucket, except where the alias file joins two.
func (n Name) Bucket() string {
	switch {
	case n.Kind == Person:
		return n.Tokens[len(n.Tokens)-1]
	case n.Kind == Org && len(n.Tokens) > 0:
		return "@" + n.Tokens[0]
	}
	return ""
}

// Full reports a person's name with a first name (not an initial) and a
// last name.
func (n Name) Full() bool {
	return n.Kind == Person && len(n.Tokens) >= 2 && utf8.RuneCountInString(n.Tokens[0]) > 1
}

// Initialled reports a person's name whose first name is an initial ("J.
// Smith").
func (n Name) Initialled() bool {
	return n.Kind == Person && len(n.Tokens) >= 2 && utf8.RuneCountInString(n.Tokens[0]) == 1
}

// ParseKey rebuilds the parts of a name linking uses (kind, tokens,
// generation) from its Key, so that a store need keep only keys.
func ParseKey(key string) Name {
	if rest, ok := strings.CutPrefix(key, "@"); ok {
		return Name{Kind: Org, Tokens: strings.Fields(rest), Display: rest}
	}
	toks, gen, _ := strings.Cut(key, "#")
	n := Name{Kind: Person, Tokens: strings.Fields(toks), Gen: gen, Display: toks}
	if len(n.Tokens) == 0 {
		return Name{}
	}
	return n
}
