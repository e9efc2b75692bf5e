package eval

import (
	"slices"
	"strings"

	"github.com/claims-project/claims"
)

// SpeakerRight reports whether pred is a right speaker for a claim whose
// gold speaker is gold, by formats.md's rule: both are nil; or both have a
// mention and the mention ranges overlap; or their names, compared as
// nameWords folds them, are equal, or the words of one are the last words
// of the other ("Trump" and "Donald Trump", "the judge" and "the Nova
// Scotia judge"; but not "Bill Clinton" and "Hillary Clinton").
//
// (Until December 2026 formats.md let any two names with the same last
// word count as equal, which let a quote given to the wrong member of a
// family pass.)
func SpeakerRight(gold, pred *claims.Speaker) bool {
	if gold == nil || pred == nil {
		return gold == nil && pred == nil
	}
	if gold.HasMention() && pred.HasMention() && gold.Start < pred.End && pred.Start < gold.End {
		return true
	}
	g, p := nameWords(gold.Name), nameWords(pred.Name)
	if len(g) == 0 || len(p) == 0 {
		return false
	}
	if len(g) < len(p) {
		g, p = p, g
	}
	return slices.Equal(g[len(g)-len(p):], p)
}

// nameWords folds a speaker name as formats.md compares names: by the
// program's one name rule (claims.NameWords: case, diacritics, punctuation
// and leading honorifics ignored), with full stops left out rather than
// splitting words, so that initials with and without stops are one ("J.D."
// and "JD"); without the articles "the", "a" and "an"; and without a
// generational suffix at the end, so that "Smith" names "John Smith Jr.".
func nameWords(name string) []string {
	ws := claims.NameWords(strings.ReplaceAll(name, ".", ""))
	out := ws[:0:0]
	for _, w := range ws {
		if w != "the" && w != "a" && w != "an" {
			out = append(out, w)
		}
	}
	for len(out) > 1 && claims.IsGenerational(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return out
}
