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
	"bias":                            0.239,
	"basis=group":                     0.207,
	"basis=name":                      0.581,
	"basis=none":                      -1.355,
	"basis=pronoun":                   0.675,
	"basis=role":                      0.083,
	"content=left":                    0.552,
	"cue=other":                       -0.040,
	"cue=say":                         0.530,
	"farspeaker":                      -0.611,
	"headline":                        0.133,
	"kc=direct|none":                  -0.300,
	"kc=direct|other":                 0.180,
	"kc=direct|say":                   0.162,
	"kc=indirect|other":               -0.312,
	"kc=indirect|say":                 0.149,
	"kc=partial|other":                0.092,
	"kc=partial|say":                  0.219,
	"kind=direct":                     0.042,
	"kind=indirect":                   -0.163,
	"kind=partial":                    0.311,
	"len=long":                        0.479,
	"len=mid":                         0.325,
	"len=short":                       -0.613,
	"longquote":                       0.019,
	"parastart":                       0.006,
	"question":                        -0.246,
	"rl=according-to|long":            -0.039,
	"rl=according-to|mid":             -0.013,
	"rl=according-to|short":           -0.015,
	"rl=attribution-then-quote|long":  0.099,
	"rl=attribution-then-quote|mid":   -0.028,
	"rl=attribution-then-quote|short": -0.194,
	"rl=colon-attribution|long":       -0.021,
	"rl=colon-attribution|mid":        0.085,
	"rl=colon-attribution|short":      -0.145,
	"rl=continued-quote|long":         -0.112,
	"rl=continued-quote|mid":          0.029,
	"rl=cue-clause|long":              0.254,
	"rl=cue-clause|mid":               0.104,
	"rl=cue-clause|short":             -0.006,
	"rl=floating-quote|long":          0.623,
	"rl=floating-quote|mid":           0.376,
	"rl=floating-quote|short":         0.021,
	"rl=quote-then-attribution|long":  0.372,
	"rl=quote-then-attribution|mid":   0.272,
	"rl=quote-then-attribution|short": -0.239,
	"rl=unattributed-quote|long":      -0.698,
	"rl=unattributed-quote|mid":       -0.500,
	"rl=unattributed-quote|short":     -0.036,
	"rule=according-to":               -0.067,
	"rule=attribution-then-quote":     -0.122,
	"rule=colon-attribution":          -0.081,
	"rule=continued-quote":            -0.082,
	"rule=cue-clause":                 0.352,
	"rule=floating-quote":             1.020,
	"rule=quote-then-attribution":     0.405,
	"rule=unattributed-quote":         -1.235,
	"that":                            0.522,
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
