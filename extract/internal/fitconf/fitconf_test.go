package main

import (
	"go/parser"
	"go/token"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/claims-project/claims/extract"
)

// TestFit checks the descent on a problem whose answer is known: a term
// that always means right gets a large positive weight, one that always
// means wrong a large negative one, and one that means nothing stays near
// zero.
func TestFit(t *testing.T) {
	var samples []sample
	for i := range 200 {
		noise := []string{}
		if i%2 == 0 {
			noise = append(noise, "noise")
		}
		samples = append(samples,
			sample{terms: append([]string{"bias", "good"}, noise...), right: true},
			sample{terms: append([]string{"bias", "bad"}, noise...), right: false})
	}
	w := fit(samples, fitOptions{iters: 400, rate: 0.5, l2: 0.001})
	if w["good"] < 1 || w["bad"] > -1 || math.Abs(w["noise"]) > 0.1 {
		t.Errorf("weights %v", w)
	}
}

// TestRender checks that the generated file is the layout the extractor
// reads: every rule by its constant, every term in its place.
func TestRender(t *testing.T) {
	w := map[string]float64{"bias": 0.5, "rule=cue-clause": 0.25, "rl=floating-quote|long": -0.125, "kc=partial|say": 1, "farspeaker": -2}
	src, err := render(w, "train.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "w.go", src, 0); err != nil {
		t.Fatalf("not Go: %v\n%s", err, src)
	}
	s := strings.Join(strings.Fields(string(src)), " ") // gofmt aligns with spaces
	for _, want := range []string{"Bias: 0.500", "RuleCueClause: {Any: 0.250, Len: [numBands]float64{0.000, 0.000, 0.000}}",
		"RuleFloatingQuote: {Any: 0.000, Len: [numBands]float64{0.000, 0.000, -0.125}}", "{0.000, 1.000, 0.000}", "FarSpeaker: -2.000"} {
		if !strings.Contains(s, want) {
			t.Errorf("generated file lacks %q:\n%s", want, s)
		}
	}
	for _, id := range extract.Rules() {
		if !strings.Contains(s, constName(id)+":") {
			t.Errorf("no weights for %s", constName(id))
		}
	}
}

// TestShippedWeightsMatchLayout checks that the weights the extractor
// ships with name every rule, as a file this command writes does.
func TestShippedWeightsMatchLayout(t *testing.T) {
	shipped, err := os.ReadFile("../../confidence_weights.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range extract.Rules() {
		if !strings.Contains(string(shipped), constName(id)+":") {
			t.Errorf("confidence_weights.go has no weights for %s", constName(id))
		}
	}
}
