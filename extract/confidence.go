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
	"bias":                            0.338,
	"basis=group":                     0.130,
	"basis=name":                      0.606,
	"basis=none":                      -1.173,
	"basis=pronoun":                   0.649,
	"basis=role":                      0.058,
	"content=left":                    0.247,
	"cue=other":                       -0.048,
	"cue=say":                         0.466,
	"farspeaker":                      -0.560,
	"headline":                        0.122,
	"kc=direct|none":                  -0.148,
	"kc=direct|other":                 0.085,
	"kc=direct|say":                   0.184,
	"kc=indirect|other":               -0.240,
	"kc=indirect|say":                 0.131,
	"kc=partial|other":                0.107,
	"kc=partial|say":                  0.151,
	"kind=direct":                     0.121,
	"kind=indirect":                   -0.109,
	"kind=partial":                    0.258,
	"len=long":                        0.427,
	"len=mid":                         0.326,
	"len=short":                       -0.483,
	"longquote":                       0.032,
	"parastart":                       0.072,
	"question":                        -0.241,
	"rl=according-to|long":            -0.021,
	"rl=according-to|mid":             0.054,
	"rl=according-to|short":           -0.018,
	"rl=attribution-then-quote|long":  0.027,
	"rl=attribution-then-quote|mid":   -0.076,
	"rl=attribution-then-quote|short": -0.103,
	"rl=colon-attribution|long":       -0.035,
	"rl=colon-attribution|mid":        0.043,
	"rl=colon-attribution|short":      -0.181,
	"rl=continued-quote|long":         -0.107,
	"rl=continued-quote|mid":          0.021,
	"rl=cue-clause|long":              0.224,
	"rl=cue-clause|mid":               0.085,
	"rl=cue-clause|short":             -0.014,
	"rl=floating-quote|long":          0.621,
	"rl=floating-quote|mid":           0.284,
	"rl=floating-quote|short":         0.048,
	"rl=possessive-statement|long":    -0.012,
	"rl=possessive-statement|mid":     -0.009,
	"rl=possessive-statement|short":   -0.030,
	"rl=quote-then-attribution|long":  0.393,
	"rl=quote-then-attribution|mid":   0.259,
	"rl=quote-then-attribution|short": -0.168,
	"rl=unattributed-quote|long":      -0.662,
	"rl=unattributed-quote|mid":       -0.336,
	"rl=unattributed-quote|short":     -0.017,
	"rule=according-to":               0.015,
	"rule=attribution-then-quote":     -0.152,
	"rule=colon-attribution":          -0.173,
	"rule=continued-quote":            -0.086,
	"rule=cue-clause":                 0.296,
	"rule=floating-quote":             0.952,
	"rule=possessive-statement":       -0.051,
	"rule=quote-then-attribution":     0.484,
	"rule=unattributed-quote":         -1.014,
	"that":                            0.416,
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
