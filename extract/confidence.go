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
	"bias":                            0.360,
	"basis=group":                     0.106,
	"basis=name":                      0.664,
	"basis=none":                      -1.168,
	"basis=pronoun":                   0.565,
	"basis=role":                      0.120,
	"content=left":                    0.375,
	"cue=other":                       -0.029,
	"cue=say":                         0.461,
	"farspeaker":                      -0.368,
	"headline":                        0.078,
	"kc=direct|none":                  -0.146,
	"kc=direct|other":                 0.119,
	"kc=direct|say":                   0.133,
	"kc=indirect|other":               -0.279,
	"kc=indirect|say":                 0.189,
	"kc=partial|other":                0.132,
	"kc=partial|say":                  0.139,
	"kind=direct":                     0.106,
	"kind=indirect":                   -0.090,
	"kind=partial":                    0.270,
	"len=long":                        0.422,
	"len=mid":                         0.347,
	"len=short":                       -0.482,
	"longquote":                       0.083,
	"parastart":                       -0.069,
	"question":                        -0.166,
	"rl=according-to|long":            -0.052,
	"rl=according-to|mid":             0.033,
	"rl=according-to|short":           -0.025,
	"rl=attribution-then-quote|long":  0.041,
	"rl=attribution-then-quote|mid":   -0.125,
	"rl=attribution-then-quote|short": -0.149,
	"rl=colon-attribution|long":       -0.035,
	"rl=colon-attribution|mid":        0.057,
	"rl=colon-attribution|short":      -0.151,
	"rl=continued-quote|long":         -0.108,
	"rl=continued-quote|mid":          0.022,
	"rl=cue-clause|long":              0.204,
	"rl=cue-clause|mid":               0.101,
	"rl=cue-clause|short":             0.025,
	"rl=floating-quote|long":          0.578,
	"rl=floating-quote|mid":           0.268,
	"rl=floating-quote|short":         0.076,
	"rl=possessive-statement|long":    -0.025,
	"rl=possessive-statement|mid":     -0.034,
	"rl=possessive-statement|short":   -0.083,
	"rl=quote-then-attribution|long":  0.476,
	"rl=quote-then-attribution|mid":   0.332,
	"rl=quote-then-attribution|short": -0.159,
	"rl=unattributed-quote|long":      -0.657,
	"rl=unattributed-quote|mid":       -0.308,
	"rl=unattributed-quote|short":     -0.017,
	"rule=according-to":               -0.044,
	"rule=attribution-then-quote":     -0.232,
	"rule=colon-attribution":          -0.129,
	"rule=continued-quote":            -0.085,
	"rule=cue-clause":                 0.331,
	"rule=floating-quote":             0.921,
	"rule=possessive-statement":       -0.142,
	"rule=quote-then-attribution":     0.649,
	"rule=unattributed-quote":         -0.982,
	"that":                            0.361,
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
