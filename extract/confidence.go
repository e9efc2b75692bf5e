package extract

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Confidence is a logistic model over what the extractor knows about a
// claim when it emits it: the sieve that found it, what the speaker rests
// on, the kind, the cue, the length of the content and where it stands.
// The weights were fitted on the PolNeAR training split (never on dev or
// on our corpus) to predict whether a claim matches a gold claim at
// coverage 0.3 and its speaker is right; refit them when a sieve changes materially. A missing
// feature weighs 0. extract/fitconf.py fits them:
//
//	claims eval --gold ../shared/data/polnear/train.jsonl --predictions /tmp/p.jsonl
//	python3 extract/fitconf.py ../shared/data/polnear/train.jsonl /tmp/p.jsonl
var confidenceWeights = map[string]float64{
	"bias":                            0.299,
	"basis=group":                     0.084,
	"basis=name":                      0.595,
	"basis=none":                      -1.179,
	"basis=pronoun":                   0.718,
	"basis=role":                      0.018,
	"content=left":                    0.363,
	"cue=other":                       -0.070,
	"cue=say":                         0.443,
	"farspeaker":                      -0.594,
	"headline":                        0.145,
	"kc=direct|none":                  -0.137,
	"kc=direct|other":                 0.091,
	"kc=direct|say":                   0.116,
	"kc=indirect|other":               -0.263,
	"kc=indirect|say":                 0.170,
	"kc=partial|other":                0.102,
	"kc=partial|say":                  0.157,
	"kind=direct":                     0.071,
	"kind=indirect":                   -0.093,
	"kind=partial":                    0.259,
	"len=long":                        0.467,
	"len=mid":                         0.320,
	"len=short":                       -0.550,
	"longquote":                       0.045,
	"parastart":                       0.102,
	"question":                        -0.237,
	"rl=according-to|long":            0.001,
	"rl=according-to|mid":             -0.041,
	"rl=according-to|short":           -0.016,
	"rl=attribution-then-quote|long":  0.063,
	"rl=attribution-then-quote|mid":   -0.068,
	"rl=attribution-then-quote|short": -0.177,
	"rl=colon-attribution|long":       -0.034,
	"rl=colon-attribution|mid":        0.052,
	"rl=colon-attribution|short":      -0.174,
	"rl=continued-quote|long":         -0.110,
	"rl=continued-quote|mid":          0.023,
	"rl=cue-clause|long":              0.184,
	"rl=cue-clause|mid":               0.084,
	"rl=cue-clause|short":             0.106,
	"rl=floating-quote|long":          0.630,
	"rl=floating-quote|mid":           0.329,
	"rl=floating-quote|short":         0.053,
	"rl=possessive-statement|long":    -0.010,
	"rl=possessive-statement|mid":     -0.008,
	"rl=possessive-statement|short":   -0.039,
	"rl=quote-then-attribution|long":  0.425,
	"rl=quote-then-attribution|mid":   0.310,
	"rl=quote-then-attribution|short": -0.285,
	"rl=unattributed-quote|long":      -0.683,
	"rl=unattributed-quote|mid":       -0.361,
	"rl=unattributed-quote|short":     -0.018,
	"rule=according-to":               -0.056,
	"rule=attribution-then-quote":     -0.183,
	"rule=colon-attribution":          -0.155,
	"rule=continued-quote":            -0.087,
	"rule=cue-clause":                 0.374,
	"rule=floating-quote":             1.013,
	"rule=possessive-statement":       -0.057,
	"rule=quote-then-attribution":     0.451,
	"rule=unattributed-quote":         -1.062,
	"that":                            0.426,
}

// sayCues are the plain reporting cues, which the model trusts most.
var sayCues = set("said", "says", "say", "saying", "told", "tells", "tell", "telling", "according to")

// confidence scores a finished claim. before holds the five code points
// before its content, and headline says whether it is in the first
// paragraph. The features here and in fitconf.py must stay the same.
func confidence(c *Claim, before string, headline bool) float64 {
	w := confidenceWeights
	n := len(strings.Fields(c.Text))
	lb := "long"
	switch {
	case n < 6:
		lb = "short"
	case n < 15:
		lb = "mid"
	}
	cueClass := "none"
	if c.Cue != nil {
		cueClass = "other"
		if sayCues[strings.ToLower(c.Cue.Text)] {
			cueClass = "say"
		}
	}
	z := w["bias"] + w["rule="+c.Rule] + w["basis="+c.SpeakerBasis] + w["kind="+string(c.Kind)] +
		w["len="+lb] + w["rl="+c.Rule+"|"+lb] + w["kc="+string(c.Kind)+"|"+cueClass]
	if cueClass != "none" {
		z += w["cue="+cueClass]
	}
	if c.Cue != nil && c.Cue.Start > c.Start {
		z += w["content=left"]
	}
	if headline {
		z += w["headline"]
	}
	if c.Kind == Direct && n >= 25 {
		z += w["longquote"]
	}
	if strings.HasSuffix(strings.TrimSpace(c.Text), "?") {
		z += w["question"]
	}
	if strings.HasSuffix(strings.ToLower(strings.TrimSpace(before)), "that") {
		z += w["that"]
	}
	if c.Start < 3 || strings.Contains(lastRunes(before, 3), "\n") {
		z += w["parastart"]
	}
	if s := c.Speaker; s != nil && c.Cue != nil && abs(s.Start-c.Cue.End) > 40 && abs(c.Cue.Start-s.End) > 40 {
		z += w["farspeaker"]
	}
	// Two decimals are all the precision the model has.
	return math.Round(100/(1+math.Exp(-z))) / 100
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
