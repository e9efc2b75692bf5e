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
// coverage 0.3; refit them when a sieve changes materially. A missing
// feature weighs 0.
var confidenceWeights = map[string]float64{
	"bias":                            0.250,
	"basis=group":                     0.203,
	"basis=name":                      0.579,
	"basis=none":                      -1.340,
	"basis=pronoun":                   0.686,
	"basis=role":                      0.072,
	"content=left":                    0.668,
	"cue=other":                       -0.035,
	"cue=say":                         0.526,
	"farspeaker":                      -0.616,
	"headline":                        0.129,
	"kc=direct|none":                  -0.290,
	"kc=direct|other":                 0.167,
	"kc=direct|say":                   0.121,
	"kc=indirect|other":               -0.308,
	"kc=indirect|say":                 0.178,
	"kc=partial|other":                0.106,
	"kc=partial|say":                  0.227,
	"kind=direct":                     -0.002,
	"kind=indirect":                   -0.130,
	"kind=partial":                    0.333,
	"len=long":                        0.525,
	"len=mid":                         0.306,
	"len=short":                       -0.630,
	"longquote":                       0.006,
	"parastart":                       0.092,
	"question":                        -0.249,
	"rl=according-to|long":            0.089,
	"rl=according-to|mid":             -0.023,
	"rl=according-to|short":           -0.027,
	"rl=attribution-then-quote|long":  0.087,
	"rl=attribution-then-quote|mid":   -0.024,
	"rl=attribution-then-quote|short": -0.177,
	"rl=colon-attribution|long":       -0.029,
	"rl=colon-attribution|mid":        0.083,
	"rl=colon-attribution|short":      -0.146,
	"rl=continued-quote|long":         -0.114,
	"rl=continued-quote|mid":          0.029,
	"rl=cue-clause|long":              0.253,
	"rl=cue-clause|mid":               0.100,
	"rl=cue-clause|short":             -0.034,
	"rl=floating-quote|long":          0.611,
	"rl=floating-quote|mid":           0.389,
	"rl=floating-quote|short":         0.024,
	"rl=quote-then-attribution|long":  0.320,
	"rl=quote-then-attribution|mid":   0.247,
	"rl=quote-then-attribution|short": -0.234,
	"rl=unattributed-quote|long":      -0.692,
	"rl=unattributed-quote|mid":       -0.497,
	"rl=unattributed-quote|short":     -0.036,
	"rule=according-to":               0.039,
	"rule=attribution-then-quote":     -0.114,
	"rule=colon-attribution":          -0.092,
	"rule=continued-quote":            -0.085,
	"rule=cue-clause":                 0.319,
	"rule=floating-quote":             1.024,
	"rule=quote-then-attribution":     0.334,
	"rule=unattributed-quote":         -1.225,
	"that":                            0.506,
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
