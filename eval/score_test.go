package eval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

// text100 is a gold text long enough for hand-placed spans; its content
// does not matter to scoring, only the offsets do.
var text100 = strings.Repeat("abcdefghij", 10)

func claim(kind claims.Kind, start, end int, sp *claims.Speaker) claims.Claim {
	return claims.Claim{Kind: kind, Start: start, End: end, Text: text100[start:end], Speaker: sp}
}

func spk(name string, start, end int) *claims.Speaker {
	s := &claims.Speaker{Name: name, Start: start, End: end}
	if end > start {
		s.Mention = text100[start:end]
	}
	return s
}

func article(cs ...claims.Claim) *Article {
	return goldArticle("t", text100, cs...)
}

// goldArticle is an article labelled with cs, in their gold form.
func goldArticle(id, text string, cs ...claims.Claim) *Article {
	a := &Article{Gold: claims.Gold{ID: id, Text: text, Claims: []claims.GoldClaim{}}}
	for _, c := range cs {
		a.Claims = append(a.Claims, claims.GoldClaimOf(c))
	}
	return a
}

// goldClaims returns a's gold claims in the form predictions take.
func goldClaims(a *Article) []claims.Claim {
	cs := make([]claims.Claim, 0, len(a.Claims))
	for _, g := range a.Claims {
		cs = append(cs, g.Claim())
	}
	return cs
}

func TestCoverageThresholds(t *testing.T) {
	// Gold span 10..20 (10 code points); the prediction covers n of them.
	// Exactly 3/10 and 8/10 are NOT matches: the spec says strictly greater.
	tests := []struct {
		name           string
		start, end     int
		loose, strict  bool
		coverageAtBest float64
	}{
		{"no overlap", 20, 30, false, false, 0},
		{"2 of 10", 18, 30, false, false, 0.2},
		{"3 of 10 (= 0.3)", 17, 30, false, false, 0.3},
		{"4 of 10", 16, 30, true, false, 0.4},
		{"7 of 10", 0, 17, true, false, 0.7},
		{"8 of 10 (= 0.8)", 0, 18, true, false, 0.8},
		{"9 of 10", 11, 40, true, true, 0.9},
		{"exact", 10, 20, true, true, 1},
		{"superset", 0, 50, true, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := article(claim(claims.Direct, 10, 20, nil))
			ar := ScoreArticle(a, []claims.Claim{claim(claims.Direct, tt.start, tt.end, nil)}, []float64{Loose, Strict})
			g := ar.Gold[0]
			if got := g.Match[0] >= 0; got != tt.loose {
				t.Errorf("match at 0.3 = %v, want %v", got, tt.loose)
			}
			if got := g.Match[1] >= 0; got != tt.strict {
				t.Errorf("match at 0.8 = %v, want %v", got, tt.strict)
			}
			if got := ar.Predictions[0].Matched(0); got != tt.loose {
				t.Errorf("prediction matched at 0.3 = %v, want %v", got, tt.loose)
			}
			if math.Abs(g.BestCoverage-tt.coverageAtBest) > 1e-12 {
				t.Errorf("best coverage = %v, want %v", g.BestCoverage, tt.coverageAtBest)
			}
		})
	}
}

func TestCoverageBoundaryOtherDenominators(t *testing.T) {
	// 0.3 and 0.8 reached exactly with other lengths must not match either.
	for _, n := range []int{10, 20, 30, 40, 50, 60, 70, 80, 90, 100} {
		for _, th := range []float64{Loose, Strict} {
			k := int(math.Round(th * float64(n)))
			a := article(claim(claims.Direct, 0, n, nil))
			at := ScoreArticle(a, []claims.Claim{claim(claims.Direct, 0, k, nil)}, []float64{th})
			above := ScoreArticle(a, []claims.Claim{claim(claims.Direct, 0, k+1, nil)}, []float64{th})
			if at.Gold[0].Match[0] >= 0 {
				t.Errorf("len %d: coverage %d/%d matched at threshold %v", n, k, n, th)
			}
			if above.Gold[0].Match[0] < 0 {
				t.Errorf("len %d: coverage %d/%d did not match at threshold %v", n, k+1, n, th)
			}
		}
	}
}

func TestGreedyOrder(t *testing.T) {
	// Gold 1 = 0..10, gold 2 = 8..18. Prediction X = 2..18 covers gold 1
	// by 8/10 and gold 2 by 10/10; Y = 0..5 covers gold 1 by 5/10.
	// Greedy in gold order gives X to gold 1 (0.8 > 0.5), leaving gold 2
	// nothing (Y does not touch it) although X→2, Y→1 would match both.
	a := article(claim(claims.Direct, 0, 10, nil), claim(claims.Direct, 8, 18, nil))
	preds := []claims.Claim{claim(claims.Direct, 0, 5, nil), claim(claims.Direct, 2, 18, nil)}
	ar := ScoreArticle(a, preds, []float64{Loose})
	if got := []int{ar.Gold[0].Match[0], ar.Gold[1].Match[0]}; got[0] != 1 || got[1] != -1 {
		t.Errorf("gold matches = %v, want [1 -1]", got)
	}
	if got := []int{ar.Predictions[0].Match[0], ar.Predictions[1].Match[0]}; got[0] != -1 || got[1] != 0 {
		t.Errorf("prediction matches = %v, want [-1 0]", got)
	}
	if c := ar.Gold[0].Coverage[0]; c != 0.8 {
		t.Errorf("coverage = %v, want 0.8", c)
	}
	s := ar.All.Scores[0]
	if s.MatchedGold != 1 || *s.Precision != 0.5 || *s.Recall != 0.5 {
		t.Errorf("figures = %+v", s)
	}
}

func TestGreedyTieGoesToEarlierPrediction(t *testing.T) {
	a := article(claim(claims.Direct, 10, 20, nil))
	preds := []claims.Claim{claim(claims.Direct, 5, 15, nil), claim(claims.Direct, 15, 25, nil)}
	ar := ScoreArticle(a, preds, []float64{Loose})
	if ar.Gold[0].Match[0] != 0 {
		t.Errorf("matched prediction %d, want 0 (tie goes to the earlier)", ar.Gold[0].Match[0])
	}
}

func TestMatchedPredictionNotReused(t *testing.T) {
	// Two gold claims inside one long prediction: only the first gets it.
	a := article(claim(claims.Direct, 0, 10, nil), claim(claims.Direct, 10, 20, nil))
	ar := ScoreArticle(a, []claims.Claim{claim(claims.Direct, 0, 20, nil)}, []float64{Loose})
	if ar.Gold[0].Match[0] != 0 || ar.Gold[1].Match[0] != -1 {
		t.Errorf("matches = %d %d, want 0 -1", ar.Gold[0].Match[0], ar.Gold[1].Match[0])
	}
	// The miss is explained by the best prediction being taken.
	if ar.Gold[1].Best != 0 || ar.Gold[1].BestCoverage != 1 {
		t.Errorf("best = %d %v", ar.Gold[1].Best, ar.Gold[1].BestCoverage)
	}
}

func TestSpeakerRight(t *testing.T) {
	named := func(name string) *claims.Speaker { return &claims.Speaker{Name: name} }
	tests := []struct {
		name       string
		gold, pred *claims.Speaker
		want       bool
	}{
		{"both null", nil, nil, true},
		{"gold null, predicted", nil, named("Tom Reyes"), false},
		{"gold named, predicted null", named("Tom Reyes"), nil, false},
		{"mentions overlap, names differ", spk("Margaret Okafor", 10, 13), spk("she", 12, 20), true},
		{"mentions identical", spk("Tom Reyes", 30, 33), spk("he", 30, 33), true},
		{"mentions adjacent, no overlap", spk("Tom Reyes", 10, 13), spk("Ann Lee", 13, 16), false},
		{"gold without mention at 0..0 vs mention at 0..3", spk("Tom Reyes", 0, 0), spk("Ann Lee", 0, 3), false},
		{"gold without mention, same name", named("Tom Reyes"), spk("Tom Reyes", 50, 53), true},
		{"names equal ignoring case", named("TOM REYES"), named("tom reyes"), true},
		{"names equal ignoring diacritics", named("Jürgen van Haaren"), named("Jurgen van Haaren"), true},
		{"names equal ignoring honorific", named("Dr. Ann Lee-Park"), named("Ann Lee-Park"), true},
		{"names equal ignoring dashes", named("Abd al‑Rahman"), named("Abd al-Rahman"), true}, // U+2011 and U+002D
		// Names are folded by claims.NormalizeName, whose words split at
		// punctuation: a hyphenated name ends in its last part.
		{"hyphenated last name", named("Ann Lee-Park"), named("Park"), true},
		{"initials", named("J.D. Vance"), named("JD Vance"), true},
		{"last word equal", named("Margaret Okafor"), named("Okafor"), true},
		{"last word equal with honorific", named("Margaret Okafor"), named("Mrs. Okafor"), true},
		{"last word equal ignoring diacritics", named("Zoë Ångström"), named("Angstrom"), true},
		{"last word differs", named("Margaret Okafor"), named("Margaret Smith"), false},
		// formats.md: the words of one name are the last words of the
		// other; the same last name alone is not enough.
		{"same surname, other given name", named("Hillary Clinton"), named("Bill Clinton"), false},
		{"same surname, other given name, reversed", named("Bill Clinton"), named("Hillary Clinton"), false},
		{"longer suffix", named("Hillary Rodham Clinton"), named("Rodham Clinton"), true},
		{"articles ignored", named("the Nova Scotia judge"), named("the judge"), true},
		{"articles ignored, one side", named("The New York Times"), named("New York Times"), true},
		{"a role is not its holder's surname", named("the judge"), named("Judge Maria Lopez"), false},
		{"first word only", named("Margaret Okafor"), named("Margaret"), false},
		{"suffix skipped", named("Robert Hale Jr."), named("Hale"), true},
		{"suffix alone does not match", named("Robert Hale Jr."), named("Ann Brook Jr."), false},
		{"unnamed groups by last words", named("city officials"), named("officials"), true},
		{"unnamed groups, other words", named("city officials"), named("state officials"), false},
		{"empty predicted name", named("Tom Reyes"), named(""), false},
		{"punctuation-only name", named("Tom Reyes"), named("—"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SpeakerRight(tt.gold, tt.pred); got != tt.want {
				t.Errorf("SpeakerRight(%+v, %+v) = %v, want %v", tt.gold, tt.pred, got, tt.want)
			}
		})
	}
}

func TestSpeakerAccuracyAndEndToEnd(t *testing.T) {
	// Four gold claims, five predictions: three match (one with the wrong
	// speaker), one gold is missed, two predictions are false alarms.
	a := article(
		claim(claims.Direct, 0, 10, spk("Tom Reyes", 50, 53)),
		claim(claims.Direct, 10, 20, nil),
		claim(claims.Indirect, 20, 30, spk("Ann Lee", 60, 63)),
		claim(claims.Indirect, 70, 80, spk("Ann Lee", 60, 63)),
	)
	preds := []claims.Claim{
		claim(claims.Direct, 0, 10, spk("Reyes", 50, 53)),      // right by mention
		claim(claims.Direct, 10, 20, nil),                      // right: both null
		claim(claims.Indirect, 20, 30, spk("Bo Chan", 40, 43)), // wrong
		claim(claims.Direct, 35, 45, nil),                      // false alarm
		claim(claims.Indirect, 85, 95, nil),                    // false alarm
	}
	r := Score([]*Article{a}, [][]claims.Claim{preds}, Options{})
	s := r.All.Scores[0]
	want := Figures{Threshold: Loose, MatchedGold: 3, MatchedPredicted: 3, SpeakerRightGold: 2, SpeakerRightPredicted: 2}
	if s.MatchedGold != want.MatchedGold || s.MatchedPredicted != want.MatchedPredicted || s.SpeakerRightGold != want.SpeakerRightGold || s.SpeakerRightPredicted != want.SpeakerRightPredicted {
		t.Fatalf("counts = %+v", s)
	}
	checkRate(t, "precision", s.Precision, 3.0/5)
	checkRate(t, "recall", s.Recall, 3.0/4)
	checkRate(t, "f1", s.F1, 2*0.6*0.75/(0.6+0.75))
	checkRate(t, "speaker accuracy", s.SpeakerAccuracy, 2.0/3)
	checkRate(t, "e2e precision", s.E2EPrecision, 2.0/5)
	checkRate(t, "e2e recall", s.E2ERecall, 2.0/4)
	checkRate(t, "e2e f1", s.E2EF1, 2*0.4*0.5/(0.4+0.5))
	// Per kind: direct gold 2, predicted 3; indirect gold 2, predicted 2.
	d, i := r.ByKind[claims.Direct].Scores[0], r.ByKind[claims.Indirect].Scores[0]
	checkRate(t, "direct precision", d.Precision, 2.0/3)
	checkRate(t, "direct recall", d.Recall, 2.0/2)
	checkRate(t, "direct speaker", d.SpeakerAccuracy, 1)
	checkRate(t, "indirect precision", i.Precision, 1.0/2)
	checkRate(t, "indirect recall", i.Recall, 1.0/2)
	checkRate(t, "indirect speaker", i.SpeakerAccuracy, 0)
	checkRate(t, "indirect e2e recall", i.E2ERecall, 0)
	if p := r.ByKind[claims.Partial]; p.Gold != 0 || p.Predicted != 0 || p.Scores[0].Precision != nil || p.Scores[0].Recall != nil || p.Scores[0].F1 != nil {
		t.Errorf("partial (empty) = %+v %+v, want no data", p, p.Scores[0])
	}
}

func TestPerKindUsesGoldKindForRecallAndPredictedKindForPrecision(t *testing.T) {
	a := article(claim(claims.Direct, 0, 10, nil))
	ar := ScoreArticle(a, []claims.Claim{claim(claims.Partial, 0, 10, nil)}, []float64{Loose})
	d, p := ar.ByKind[claims.Direct], ar.ByKind[claims.Partial]
	if d.Gold != 1 || d.Predicted != 0 || d.Scores[0].MatchedGold != 1 || d.Scores[0].MatchedPredicted != 0 {
		t.Errorf("direct = %+v %+v", d, d.Scores[0])
	}
	checkRate(t, "direct recall", d.Scores[0].Recall, 1)
	if d.Scores[0].Precision != nil {
		t.Errorf("direct precision = %v, want none (no direct predictions)", *d.Scores[0].Precision)
	}
	checkRate(t, "direct f1", d.Scores[0].F1, 0) // no direct predictions: a failure to label direct
	checkRate(t, "partial precision", p.Scores[0].Precision, 1)
	if p.Scores[0].Recall != nil {
		t.Errorf("partial recall = %v, want none (no partial gold)", *p.Scores[0].Recall)
	}
	checkRate(t, "all f1", ar.All.Scores[0].F1, 1)
}

func TestNoPredictions(t *testing.T) {
	r := Score([]*Article{article(claim(claims.Direct, 0, 10, nil))}, [][]claims.Claim{nil}, Options{})
	s := r.All.Scores[0]
	if s.Precision != nil || s.E2EPrecision != nil || s.SpeakerAccuracy != nil {
		t.Errorf("rates over zero predictions should be absent: %+v", s)
	}
	checkRate(t, "recall", s.Recall, 0)
	checkRate(t, "f1", s.F1, 0)
	if r.ConfidenceSplit.Top.Predicted != 0 || r.ConfidenceSplit.Top.Precision != nil {
		t.Errorf("split = %+v", r.ConfidenceSplit)
	}
}

func TestUnlocatedPredictionIsAFalseAlarm(t *testing.T) {
	a := article(claim(claims.Direct, 0, 10, nil))
	pred := claim(claims.Direct, 0, 10, nil)
	pred.Start, pred.End = Unlocated, Unlocated
	ar := ScoreArticle(a, []claims.Claim{pred}, []float64{Loose})
	if !ar.Predictions[0].Unlocated || ar.Predictions[0].Matched(0) || ar.Gold[0].Best != -1 {
		t.Errorf("unlocated prediction: %+v, gold %+v", ar.Predictions[0], ar.Gold[0])
	}
}

func TestConfidenceSplit(t *testing.T) {
	a := article(claim(claims.Direct, 0, 10, nil), claim(claims.Direct, 20, 30, nil), claim(claims.Direct, 40, 50, nil))
	conf := func(c claims.Claim, v float64) claims.Claim { c.Confidence = v; return c }
	preds := []claims.Claim{
		conf(claim(claims.Direct, 60, 70, nil), 0.2), // false alarm, low
		conf(claim(claims.Direct, 0, 10, nil), 0.9),  // match, high
		conf(claim(claims.Direct, 20, 30, nil), 0.8), // match, high
		conf(claim(claims.Direct, 80, 90, nil), 0.7), // false alarm, middle: rounds into top
		conf(claim(claims.Direct, 40, 50, nil), 0.1), // match, low
	}
	r := Score([]*Article{a}, [][]claims.Claim{preds}, Options{})
	cs := r.ConfidenceSplit
	if cs.Threshold != Loose || cs.Top.Predicted != 3 || cs.Top.Matched != 2 || cs.Bottom.Predicted != 2 || cs.Bottom.Matched != 1 {
		t.Fatalf("split = %+v", cs)
	}
	checkRate(t, "top", cs.Top.Precision, 2.0/3)
	checkRate(t, "bottom", cs.Bottom.Precision, 1.0/2)
	if cs.Top.MinConfidence != 0.7 || cs.Top.MaxConfidence != 0.9 || cs.Bottom.MinConfidence != 0.1 || cs.Bottom.MaxConfidence != 0.2 {
		t.Errorf("confidence ranges = %+v", cs)
	}
}

// goldAsPredictions returns each article's gold claims as predictions.
func goldAsPredictions(arts []*Article) [][]claims.Claim {
	out := make([][]claims.Claim, len(arts))
	for i, a := range arts {
		out[i] = goldClaims(a)
	}
	return out
}

// checkPerfect asserts that every figure with data is 100% and that every
// figure of a group with gold claims has data.
func checkPerfect(t *testing.T, where string, b *Breakdown) {
	t.Helper()
	if b.Gold != b.Predicted {
		t.Errorf("%s: gold %d, predicted %d", where, b.Gold, b.Predicted)
	}
	for _, s := range b.Scores {
		if s.MatchedGold != b.Gold || s.SpeakerRightGold != b.Gold || s.MatchedPredicted != b.Predicted || s.SpeakerRightPredicted != b.Predicted {
			t.Errorf("%s at %v: counts %+v of %d", where, s.Threshold, s, b.Gold)
		}
		for name, v := range map[string]*float64{"P": s.Precision, "R": s.Recall, "F1": s.F1, "speaker": s.SpeakerAccuracy, "e2e P": s.E2EPrecision, "e2e R": s.E2ERecall, "e2e F1": s.E2EF1} {
			switch {
			case v == nil && b.Gold > 0:
				t.Errorf("%s at %v: %s has no value", where, s.Threshold, name)
			case v != nil && *v != 1:
				t.Errorf("%s at %v: %s = %v, want 1", where, s.Threshold, name, *v)
			}
		}
	}
}

func checkSelfScore(t *testing.T, arts []*Article) {
	t.Helper()
	r := Score(arts, goldAsPredictions(arts), Options{})
	checkPerfect(t, "all", r.All)
	total := 0
	for _, a := range arts {
		total += len(a.Claims)
	}
	if r.All.Gold != total {
		t.Errorf("all.gold = %d, want %d", r.All.Gold, total)
	}
	for k, b := range r.ByKind {
		checkPerfect(t, string(k), b)
	}
	for _, ar := range r.PerArticle {
		checkPerfect(t, ar.ID, ar.All)
	}
	if m := FindMistakes(r, 0, -1); m.TotalMisses+m.TotalFalseAlarms+m.TotalWrongSpeakers != 0 {
		t.Errorf("self-score has mistakes: %+v", m)
	}
}

func TestSelfScoreCorpus(t *testing.T) {
	arts, err := ReadGoldFS(corpus.Files, corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) == 0 {
		t.Fatal("corpus has no articles")
	}
	checkSelfScore(t, arts)
}

func TestSelfScoreHandMade(t *testing.T) {
	arts, err := ReadGold(strings.NewReader(goodLine+"\n"+`{"id":"b","text":"Nothing said here.","claims":[]}`), "g.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	checkSelfScore(t, arts)
}

// slowPredictor returns gold claims after a random delay, so that
// articles finish out of order.
type slowPredictor struct{ running, peak atomic.Int32 }

func (p *slowPredictor) Predict(ctx context.Context, a *Article) ([]claims.Claim, error) {
	n := p.running.Add(1)
	defer p.running.Add(-1)
	for {
		old := p.peak.Load()
		if n <= old || p.peak.CompareAndSwap(old, n) {
			break
		}
	}
	time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond)
	if a.ID == "fail" {
		return nil, errors.New("boom")
	}
	return goldClaims(a), ctx.Err()
}

func TestEvaluateOrderAndErrors(t *testing.T) {
	var arts []*Article
	for i := range 40 {
		a := article(claim(claims.Direct, i, i+10, nil))
		a.ID = fmt.Sprintf("a%02d", i)
		arts = append(arts, a)
	}
	p := &slowPredictor{}
	r, err := Evaluate(context.Background(), arts, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, ar := range r.PerArticle {
		if ar.ID != arts[i].ID || ar.Predictions[0].Claim.Start != i {
			t.Fatalf("result %d is %s (start %d), want gold order", i, ar.ID, ar.Predictions[0].Claim.Start)
		}
	}
	checkPerfect(t, "all", r.All)
	if peak := p.peak.Load(); peak < 1 {
		t.Errorf("peak concurrency %d", peak)
	}

	bad := article()
	bad.ID, bad.File, bad.Line = "fail", "g.jsonl", 7
	_, err = Evaluate(context.Background(), append(arts, bad), &slowPredictor{}, Options{})
	if err == nil || !strings.Contains(err.Error(), `article "fail" (g.jsonl:7): boom`) {
		t.Errorf("err = %v", err)
	}
}

type fixedExtractor []claims.Claim

func (f fixedExtractor) Extract(ctx context.Context, text string) ([]claims.Claim, error) {
	return f, nil
}

func TestTextPredictorChecksOffsets(t *testing.T) {
	a := goldArticle("x", "“Ja,” sagte Öl.")
	good := claims.Claim{Kind: claims.Direct, Text: "Ja", Start: 1, End: 3,
		Speaker: &claims.Speaker{Name: "Öl", Mention: "Öl", Start: 12, End: 14}}
	if _, err := (TextPredictor{fixedExtractor{good}}).Predict(context.Background(), a); err != nil {
		t.Fatalf("good claim rejected: %v", err)
	}
	tests := []struct {
		name string
		edit func(*claims.Claim)
		want string
	}{
		{"byte offsets", func(c *claims.Claim) { c.Start, c.End = 3, 5 }, "content"},
		{"out of range", func(c *claims.Claim) { c.End = 99 }, "out of range"},
		{"reversed", func(c *claims.Claim) { c.Start, c.End = 3, 1 }, "out of range"},
		{"mention", func(c *claims.Claim) { s := *c.Speaker; s.Start = 11; c.Speaker = &s }, "speaker mention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.edit(&c)
			_, err := (TextPredictor{fixedExtractor{c}}).Predict(context.Background(), a)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func checkRate(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = none, want %v", name, want)
		return
	}
	if math.Abs(*got-want) > 1e-12 {
		t.Errorf("%s = %v, want %v", name, *got, want)
	}
}
