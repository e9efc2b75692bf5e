package eval

import (
	"strings"
	"unicode"

	"github.com/claims-project/claims"
	"golang.org/x/text/unicode/norm"
)

// SpeakerRight reports whether pred is a right speaker for a claim whose
// gold speaker is gold, by the four rules of the spec: both nil; mention
// ranges overlap (only when both have a mention); normalised names equal;
// or the names' last words equal (normalised).
func SpeakerRight(gold, pred *claims.Speaker) bool {
	if gold == nil || pred == nil {
		return gold == nil && pred == nil
	}
	if gold.HasMention() && pred.HasMention() && gold.Start < pred.End && pred.Start < gold.End {
		return true
	}
	gn, pn := NormalizeName(gold.Name), NormalizeName(pred.Name)
	if gn == "" || pn == "" {
		return false
	}
	return gn == pn || lastWord(gn) == lastWord(pn)
}

// honorifics are dropped from the front of a name; compared after
// normalisation, so "Mr." and "mr" are the same entry. Single letters are
// left out on purpose: they are more often initials ("M. Dupont").
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "miss": true, "mister": true,
	"dr": true, "prof": true, "sir": true, "dame": true, "lord": true, "lady": true,
	"rev": true, "mme": true, "mlle": true, "herr": true, "frau": true,
}

// suffixes are generational suffixes skipped when taking a name's last
// word: without this "John Smith Jr." would match every other "... Jr."
// and never "Smith".
var suffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// NormalizeName folds a speaker name for comparison: lower case, no
// diacritics, no punctuation (so "J.D." is "jd" and "O’Brien" "obrien"),
// single spaces, and leading honorifics removed as long as a word remains.
func NormalizeName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining mark left by NFD: a diacritic
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(foldLetter(r))
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			// punctuation and symbols vanish without splitting words,
			// except dashes, which join parts of one name ("Smith-Jones")
			// and so are dropped the same way.
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 1 && honorifics[words[0]] {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// foldLetter lowercases r and spells out letters that NFD does not
// decompose into a base letter plus a mark.
func foldLetter(r rune) string {
	r = unicode.ToLower(r)
	switch r {
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ı':
		return "i"
	case 'þ':
		return "th"
	}
	return string(r)
}

// lastWord returns the last word of a normalised name that is not a
// generational suffix (the whole last word if every word is one).
func lastWord(n string) string {
	words := strings.Fields(n)
	if len(words) == 0 {
		return ""
	}
	for i := len(words) - 1; i >= 0; i-- {
		if !suffixes[words[i]] {
			return words[i]
		}
	}
	return words[len(words)-1]
}
