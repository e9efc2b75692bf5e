package extract

// Stage 4, confidence: a small logistic model over what the extractor
// knows of a claim when it emits it: the rule that found it, what the
// speaker rests on, the kind, the cue, the length of the content and where
// it stands. The features are computed here once (confidenceFeatures), for
// scoring and, through Explain, for the fitter extract/internal/fitconf,
// which learns the weights on PolNeAR train (never on dev or on our
// corpus) and writes them to confidence_weights.go:
//
//	go run ./extract/internal/fitconf -gold ../shared/data/polnear/train.jsonl
//
// The target is formats.md's meaning of confidence: the claim matches a
// gold claim at coverage 0.3 and its speaker is right. Refit when a rule
// changes materially.

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

// lengthBand is a claim's length in words: short (< 6), mid (< 15), long.
type lengthBand uint8

const (
	bandShort lengthBand = iota
	bandMid
	bandLong
	numBands
)

var bandNames = [numBands]string{"short", "mid", "long"}

// cueBand is what the cue is: none, a plain "say" cue (lexicon
// plain_cues.txt), or another.
type cueBand uint8

const (
	cueNone cueBand = iota
	cueSay
	cueOther
	numCueBands
)

var cueBandNames = [numCueBands]string{"none", "say", "other"}

// kindIndex orders claims.Kinds for the weight tables.
func kindIndex(k claims.Kind) int {
	for i, kk := range claims.Kinds {
		if kk == k {
			return i
		}
	}
	return 0
}

// Thresholds of the features, in words and code points.
const (
	shortWords     = 6  // a claim of fewer words is short
	midWords       = 15 // of fewer, mid-length
	longQuoteWords = 25 // a direct quote of this many words is long
	farSpeakerCP   = 40 // a speaker further than this from the cue is far
	beforeCP       = 5  // how much text before the content the features read
)

// features are the confidence model's inputs for one claim.
type features struct {
	rule                  RuleID
	basis                 basis
	kind                  int // index into claims.Kinds
	band                  lengthBand
	cue                   cueBand
	contentLeft, headline bool // the content stands before its cue; in the first paragraph
	longQuote, question   bool
	that, paraStart       bool // "that" just before the content; the content opens a paragraph
	farSpeaker            bool
}

// confidenceFeatures computes the features of claim c (code-point offsets),
// found by rule id with a speaker resting on b. before holds the beforeCP
// code points before its content, and headline says whether it is in the
// article's first paragraph.
func (d *document) confidenceFeatures(c *claims.Claim, id RuleID, b basis, before string, headline bool) features {
	f := features{rule: id, basis: b, kind: kindIndex(c.Kind), headline: headline, band: bandLong}
	n := len(strings.Fields(c.Text))
	switch {
	case n < shortWords:
		f.band = bandShort
	case n < midWords:
		f.band = bandMid
	}
	if c.Cue != nil {
		f.cue = cueOther
		if d.lex.PlainCues.Has(strings.ToLower(c.Cue.Text)) {
			f.cue = cueSay
		}
		f.contentLeft = c.Cue.Start > c.Start
	}
	f.longQuote = c.Kind == claims.Direct && n >= longQuoteWords
	f.question = strings.HasSuffix(strings.TrimSpace(c.Text), "?")
	f.that = strings.HasSuffix(strings.ToLower(strings.TrimSpace(before)), "that")
	f.paraStart = c.Start < 3 || strings.Contains(lastRunes(before, 3), "\n")
	if s := c.Speaker; s != nil && c.Cue != nil {
		f.farSpeaker = abs(s.Start-c.Cue.End) > farSpeakerCP && abs(c.Cue.Start-s.End) > farSpeakerCP
	}
	return f
}

// confWeights are the fitted weights, laid out by feature.
type confWeights struct {
	Bias    float64
	Rule    [numRules]ruleWeights // by RuleID
	Basis   [numBases]float64
	Kind    [3]float64              // by kindIndex
	Len     [numBands]float64       // by lengthBand
	KindCue [3][numCueBands]float64 // by kindIndex and cueBand
	Cue     [numCueBands]float64    // by cueBand; cueNone weighs nothing
	ContentLeft, Headline, LongQuote,
	Question, That, ParaStart, FarSpeaker float64
}

// ruleWeights weigh a rule, and the rule with each length band.
type ruleWeights struct {
	Any float64
	Len [numBands]float64
}

// score returns the model's confidence for f, rounded to two decimals:
// all the precision the model has.
func (w *confWeights) score(f features) float64 {
	z := w.Bias + w.Rule[f.rule].Any + w.Basis[f.basis] + w.Kind[f.kind] +
		w.Len[f.band] + w.Rule[f.rule].Len[f.band] + w.KindCue[f.kind][f.cue]
	if f.cue != cueNone {
		z += w.Cue[f.cue]
	}
	for _, t := range [...]struct {
		on bool
		w  float64
	}{{f.contentLeft, w.ContentLeft}, {f.headline, w.Headline}, {f.longQuote, w.LongQuote}, {f.question, w.Question},
		{f.that, w.That}, {f.paraStart, w.ParaStart}, {f.farSpeaker, w.FarSpeaker}} {
		if t.on {
			z += t.w
		}
	}
	return math.Round(100/(1+math.Exp(-z))) / 100
}

// terms names the weights f switches on, in the order score sums them:
// the names the fitter learns a weight for.
func (f features) terms() []string {
	kind, band, cue := string(claims.Kinds[f.kind]), bandNames[f.band], cueBandNames[f.cue]
	out := []string{"bias", "rule=" + f.rule.String(), "basis=" + f.basis.String(), "kind=" + kind,
		"len=" + band, "rl=" + f.rule.String() + "|" + band, "kc=" + kind + "|" + cue}
	if f.cue != cueNone {
		out = append(out, "cue="+cue)
	}
	for _, t := range [...]struct {
		on   bool
		name string
	}{{f.contentLeft, "content=left"}, {f.headline, "headline"}, {f.longQuote, "longquote"}, {f.question, "question"},
		{f.that, "that"}, {f.paraStart, "parastart"}, {f.farSpeaker, "farspeaker"}} {
		if t.on {
			out = append(out, t.name)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// lastRunes returns the last n code points of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}
