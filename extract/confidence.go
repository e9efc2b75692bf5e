package extract

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/claims-project/claims"
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
	"bias":                            0.375,
	"basis=group":                     0.146,
	"basis=name":                      0.650,
	"basis=none":                      -1.161,
	"basis=pronoun":                   0.532,
	"basis=role":                      0.133,
	"content=left":                    0.365,
	"cue=other":                       -0.022,
	"cue=say":                         0.470,
	"farspeaker":                      -0.395,
	"headline":                        0.079,
	"kc=direct|none":                  -0.147,
	"kc=direct|other":                 0.119,
	"kc=direct|say":                   0.143,
	"kc=indirect|other":               -0.270,
	"kc=indirect|say":                 0.180,
	"kc=partial|other":                0.128,
	"kc=partial|say":                  0.147,
	"kind=direct":                     0.115,
	"kind=indirect":                   -0.090,
	"kind=partial":                    0.275,
	"len=long":                        0.439,
	"len=mid":                         0.344,
	"len=short":                       -0.483,
	"longquote":                       0.094,
	"parastart":                       -0.061,
	"question":                        -0.161,
	"rl=according-to|long":            -0.062,
	"rl=according-to|mid":             0.032,
	"rl=according-to|short":           -0.025,
	"rl=attribution-then-quote|long":  0.101,
	"rl=attribution-then-quote|mid":   -0.133,
	"rl=attribution-then-quote|short": -0.146,
	"rl=colon-attribution|long":       -0.039,
	"rl=colon-attribution|mid":        0.055,
	"rl=colon-attribution|short":      -0.153,
	"rl=continued-quote|long":         -0.097,
	"rl=continued-quote|mid":          0.022,
	"rl=cue-clause|long":              0.184,
	"rl=cue-clause|mid":               0.108,
	"rl=cue-clause|short":             0.031,
	"rl=floating-quote|long":          0.576,
	"rl=floating-quote|mid":           0.275,
	"rl=floating-quote|short":         0.074,
	"rl=possessive-statement|long":    -0.025,
	"rl=possessive-statement|mid":     -0.034,
	"rl=possessive-statement|short":   -0.083,
	"rl=quote-then-attribution|long":  0.471,
	"rl=quote-then-attribution|mid":   0.329,
	"rl=quote-then-attribution|short": -0.163,
	"rl=unattributed-quote|long":      -0.671,
	"rl=unattributed-quote|mid":       -0.310,
	"rl=unattributed-quote|short":     -0.017,
	"rule=according-to":               -0.055,
	"rule=attribution-then-quote":     -0.178,
	"rule=colon-attribution":          -0.137,
	"rule=continued-quote":            -0.074,
	"rule=cue-clause":                 0.322,
	"rule=floating-quote":             0.925,
	"rule=possessive-statement":       -0.143,
	"rule=quote-then-attribution":     0.637,
	"rule=unattributed-quote":         -0.998,
	"that":                            0.361,
}

// sayCues are the plain reporting cues, which the model trusts most.
var sayCues = set("said", "says", "say", "saying", "told", "tells", "tell", "telling", "according to")

// confidence scores a finished claim. before holds the five code points
// before its content, and headline says whether it is in the first
// paragraph. The features here and in fitconf.py must stay the same.
func confidence(c *claims.Claim, before string, headline bool) float64 {
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
	if c.Kind == claims.Direct && n >= 25 {
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
