package store

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial spells out letters that Unicode decomposition leaves alone, so
// that "Ødegaard" and "Odegaard" meet. Keys are lower case.
var foldSpecial = map[rune]string{
	'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th",
}

// honorifics are dropped when they lead a name: the spec's scorer ignores
// them, and users type "Putin", not "Mr. Putin".
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "messrs": true,
	"dr": true, "prof": true, "professor": true, "sir": true, "dame": true,
	"madam": true, "madame": true, "mme": true, "mlle": true, "m": true,
	"rev": true, "reverend": true, "hon": true,
}

// NameTokens folds a name into lookup tokens: lower case, diacritics
// stripped, apostrophes removed ("O'Brien" → "obrien"), every other
// non-letter, non-digit a separator, leading honorifics dropped unless
// nothing else is left. The result is the same for every spelling a user or
// an article is likely to use for one person.
func NameTokens(name string) []string {
	toks := foldWords(name)
	i := 0
	for i < len(toks)-1 && honorifics[toks[i]] {
		i++
	}
	return toks[i:]
}

// foldWords splits s into lower-case, diacritic-free words.
func foldWords(s string) []string {
	var toks []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			toks = append(toks, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// Combining marks left over from decomposition: the diacritics.
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`' || r == '´':
			// Apostrophes join, so O'Brien is one token.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			lr := unicode.ToLower(r)
			if s, ok := foldSpecial[lr]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(lr)
			}
		default:
			flush()
		}
	}
	flush()
	return toks
}

// NormalizeName is NameTokens joined by single spaces: the form names are
// grouped and compared by.
func NormalizeName(name string) string { return strings.Join(NameTokens(name), " ") }

// namesMatch is the alias rule for a query against a stored name, both as
// tokens: every query token is in the name ("Putin" finds "Vladimir Putin"),
// or the name is a short form of the query ending in the same word
// ("Vladimir Putin" finds an article that only ever says "Mr. Putin").
func namesMatch(query, name []string) bool {
	if len(query) == 0 || len(name) == 0 {
		return false
	}
	if subset(query, name) {
		return true
	}
	return query[len(query)-1] == name[len(name)-1] && subset(name, query)
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// containsPhrase reports whether the words of phrase occur consecutively in
// text, both folded by foldWords.
func containsPhrase(text, phrase []string) bool {
	if len(phrase) == 0 {
		return true
	}
outer:
	for i := 0; i+len(phrase) <= len(text); i++ {
		for j, w := range phrase {
			if text[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}
