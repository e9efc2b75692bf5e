package groups

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/claims-project/claims"
)

// Class says which words of a claim its group compares, and with which
// other claims it may group at all.
type Class byte

const (
	// Quoted: a direct or partial claim, compared by its quoted words.
	Quoted Class = 'q'
	// Reported: an indirect claim, compared by its whole text, and
	// grouped only with indirect claims nearly identical to it.
	Reported Class = 'r'
)

// Text is the words of a claim as grouping compares them: folded by
// claims.FoldSegments, in the stretches an editor's ellipsis or bracketed
// insertion leaves, with contractions spelled out ("don't" is "do not",
// data/contractions.txt). A partial claim's quotes are stretches of one
// Text.
type Text struct {
	Class    Class      `json:"c"`
	Segments [][]string `json:"s"`
}

// TextOf is the Text of claim c: its quoted words for a direct or partial
// claim (the content of a direct claim when it lists no quote), its text
// for an indirect one. ok is false when no word is left (a quote of only
// punctuation), and such a claim is in a group of its own.
func TextOf(c *claims.Claim) (t Text, ok bool) {
	t.Class = Quoted
	switch {
	case c.Kind == claims.Indirect:
		t.Class = Reported
		t.Segments = claims.FoldSegments(c.Text)
	case len(c.Quotes) > 0:
		for _, q := range c.Quotes {
			t.Segments = append(t.Segments, claims.FoldSegments(q.Text)...)
		}
	default:
		t.Segments = claims.FoldSegments(c.Text)
	}
	for i, seg := range t.Segments {
		t.Segments[i] = expand(seg)
	}
	return t, len(t.Segments) > 0
}

// Words is the number of words in t.
func (t Text) Words() int {
	n := 0
	for _, s := range t.Segments {
		n += len(s)
	}
	return n
}

// Key is t as one string: equal keys are the same wording after
// normalisation. Words are joined by spaces, stretches by " | ".
func (t Text) Key() string {
	var b strings.Builder
	b.WriteByte(byte(t.Class))
	for i, s := range t.Segments {
		if i > 0 {
			b.WriteString(" |")
		}
		for _, w := range s {
			b.WriteByte(' ')
			b.WriteString(w)
		}
	}
	return b.String()
}

// String is t for people: the words, stretches joined by " … ".
func (t Text) String() string {
	parts := make([]string, len(t.Segments))
	for i, s := range t.Segments {
		parts[i] = strings.Join(s, " ")
	}
	return strings.Join(parts, " … ")
}

// VariantID names one wording of one speaker: the same scope and the same
// Key give the same id in every store and every order of ingest. Scope is
// the speaker's identity (see Scope).
func VariantID(scope string, t Text) string {
	h := sha256.New()
	h.Write([]byte(scope))
	h.Write([]byte{0})
	h.Write([]byte(t.Key()))
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// GroupID names the group whose earliest occurrence is the claim with id
// claimID, with wording variantID: a group keeps its id as it gains later
// occurrences, and the same set of articles gives the same ids in any
// order of ingest. The wording is part of it because one claim id may be
// stored twice for a while (an article replaced by a staged Put keeps its
// old claims, under a pending mark, until the new ones are visible) with
// different words, in different groups.
func GroupID(claimID, variantID string) string {
	sum := sha256.Sum256([]byte("group\x00" + claimID + "\x00" + variantID))
	return "g_" + hex.EncodeToString(sum[:6])
}

// Scope is the speaker identity a claim groups under: claims of different
// scopes never share a group, so that two people saying the same words
// (a slogan) stay apart. It is node, the speaker as its caller identifies
// them (the store gives the speaker's node in linking, "" when linking
// reads no person or organisation there), else the speaker's name as
// claims.NormalizeName folds it. A claim without a speaker has no scope
// ("") and groups with nothing.
func Scope(c *claims.Claim, node string) string {
	if c.Speaker == nil {
		return ""
	}
	if node != "" {
		return node
	}
	if n := claims.NormalizeName(c.Speaker.Name); n != "" {
		return "n:" + n
	}
	return ""
}
