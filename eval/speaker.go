package eval

import "github.com/claims-project/claims"

// SpeakerRight reports whether pred is a right speaker for a claim whose
// gold speaker is gold. It is right when both are nil; when both have a
// mention and the mention ranges overlap; or when the names, folded by
// claims.NormalizeName (the program's one name rule, so that the scorer
// and the store agree on who is who), are equal or end in the same last
// name (claims.LastName, which skips "Jr." and the like).
//
// The same-last-name rule is the one formats.md gave until December 2026;
// formats.md now asks that the words of one name be the last words of the
// other, so that "Bill Clinton" no longer passes for "Hillary Clinton".
// Changing it here changes reported figures, and is left to a change of
// its own.
func SpeakerRight(gold, pred *claims.Speaker) bool {
	if gold == nil || pred == nil {
		return gold == nil && pred == nil
	}
	if gold.HasMention() && pred.HasMention() && gold.Start < pred.End && pred.Start < gold.End {
		return true
	}
	gn, pn := claims.NormalizeName(gold.Name), claims.NormalizeName(pred.Name)
	if gn == "" || pn == "" {
		return false
	}
	return gn == pn || claims.LastName(gn) == claims.LastName(pn)
}
