package eval

import (
	"cmp"
	"slices"

	"github.com/claims-project/claims"
)

// The two coverage thresholds the spec asks every report to give.
const (
	Loose  = 0.3
	Strict = 0.8
)

// Options tune scoring. The zero value scores at Loose and Strict.
type Options struct {
	// Thresholds are the coverage thresholds to score at, in report order.
	// A match needs coverage strictly greater than the threshold.
	Thresholds []float64
}

func (o Options) thresholds() []float64 {
	if len(o.Thresholds) == 0 {
		return []float64{Loose, Strict}
	}
	return o.Thresholds
}

// Result is the outcome of scoring a set of articles. Its exported fields
// with JSON tags form the `claims eval --json` report (see the package
// doc); the per-claim outcomes are kept for error listings and for further
// analysis (e.g. confidence calibration) but are not printed.
type Result struct {
	// Thresholds are the coverage thresholds; every per-threshold slice in
	// the result (Breakdown.Scores, GoldOutcome.Match, ...) is indexed in
	// parallel with it.
	Thresholds []float64 `json:"thresholds"`
	// Articles is the number of articles scored.
	Articles int        `json:"articles"`
	All      *Breakdown `json:"all"`
	// ByKind has an entry for each of the three kinds, even when empty.
	ByKind map[claims.Kind]*Breakdown `json:"by_kind"`
	// ConfidenceSplit compares the precision of the more confident half of
	// all predictions with the less confident half, at the first threshold.
	ConfidenceSplit *Split `json:"confidence_split"`
	// GoldFound summarises ArticleResult.GoldFound when the predictor ran
	// on other text than the gold text (HTML mode); nil otherwise.
	GoldFound  *Found           `json:"gold_text_found,omitempty"`
	PerArticle []*ArticleResult `json:"per_article"`
}

// Found summarises how much of the gold texts a predictor found in the
// texts it ran on.
type Found struct {
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
	// MinArticle is the id of the article with the least found.
	MinArticle string `json:"min_article"`
}

func (r *Result) setGoldFound(found []float64) {
	if len(found) == 0 {
		return
	}
	f := &Found{Min: 2}
	for i, v := range found {
		ar := r.PerArticle[i]
		ar.GoldFound = &found[i]
		f.Mean += v / float64(len(found))
		if v < f.Min {
			f.Min, f.MinArticle = v, ar.ID
		}
	}
	r.GoldFound = f
}

// ArticleResult is the outcome for one article.
type ArticleResult struct {
	Article *Article                   `json:"-"`
	ID      string                     `json:"id"`
	All     *Breakdown                 `json:"all"`
	ByKind  map[claims.Kind]*Breakdown `json:"by_kind"`
	// GoldFound is the fraction of the gold text's non-space code points
	// found in the text the predictor ran on (HTML mode: the page's
	// extracted main text); nil when it ran on the gold text itself.
	GoldFound *float64 `json:"gold_text_found,omitempty"`
	// Gold and Predictions are in gold order and prediction order.
	Gold        []GoldOutcome `json:"-"`
	Predictions []PredOutcome `json:"-"`
}

// GoldOutcome is what happened to one gold claim. Slices are indexed by
// threshold (Result.Thresholds).
type GoldOutcome struct {
	Claim claims.Claim
	// Match is the index in ArticleResult.Predictions of the matched
	// prediction, or -1.
	Match []int
	// Coverage is the matched prediction's coverage of the gold span (0
	// when unmatched).
	Coverage []float64
	// SpeakerRight is true when matched and the speaker is right.
	SpeakerRight []bool
	// Best is the prediction covering most of this claim regardless of
	// matching (-1 when none overlaps), and BestCoverage its coverage: it
	// explains a miss ("the nearest prediction covered 25%").
	Best         int
	BestCoverage float64
}

// PredOutcome is what happened to one prediction, with its confidence kept
// in Claim so that calibration can be measured.
type PredOutcome struct {
	Claim claims.Claim
	// Unlocated is true when the prediction could not be placed in the
	// gold text (HTML mode: it lies in text the gold article lacks). It
	// never matches.
	Unlocated bool
	// Match is the index in ArticleResult.Gold of the matched gold claim,
	// or -1, per threshold.
	Match []int
	// SpeakerRight is true when matched and the speaker is right.
	SpeakerRight []bool
}

// Matched reports whether the prediction matched a gold claim at threshold
// index t.
func (p *PredOutcome) Matched(t int) bool { return p.Match[t] >= 0 }

// Breakdown holds the counts and figures for one group of claims (all of
// them, or one kind).
type Breakdown struct {
	Gold      int `json:"gold"`
	Predicted int `json:"predicted"`
	// Scores has one entry per threshold.
	Scores []Figures `json:"scores"`
}

// Figures are the counts and rates at one threshold. A rate whose
// denominator is zero is nil (JSON null): "no data", not 0 or 100%.
//
// In a per-kind breakdown, gold claims are grouped by their gold kind and
// predictions by their predicted kind, so MatchedGold (the recall
// numerator) and MatchedPredicted (the precision numerator) can differ:
// a gold direct quote matched by a prediction labelled partial counts for
// direct recall and for partial precision. Precision by gold kind would be
// undefined for false alarms, which have no gold kind.
type Figures struct {
	Threshold float64 `json:"threshold"`
	// MatchedGold: gold claims of the group that were matched.
	MatchedGold int `json:"matched_gold"`
	// MatchedPredicted: predictions of the group that were matched.
	MatchedPredicted int `json:"matched_predicted"`
	// SpeakerRightGold / SpeakerRightPredicted: of those, how many have
	// the right speaker.
	SpeakerRightGold      int `json:"speaker_right_gold"`
	SpeakerRightPredicted int `json:"speaker_right_predicted"`

	Precision       *float64 `json:"precision"`
	Recall          *float64 `json:"recall"`
	F1              *float64 `json:"f1"`
	SpeakerAccuracy *float64 `json:"speaker_accuracy"`
	E2EPrecision    *float64 `json:"e2e_precision"`
	E2ERecall       *float64 `json:"e2e_recall"`
	E2EF1           *float64 `json:"e2e_f1"`
}

// Split is the confidence split: predictions sorted by confidence
// (descending, ties kept in article and prediction order), the first half
// (rounded up) is Top and the rest Bottom.
type Split struct {
	Threshold float64 `json:"threshold"`
	Top       Half    `json:"top"`
	Bottom    Half    `json:"bottom"`
}

// Half is one half of a confidence split.
type Half struct {
	Predicted int      `json:"predicted"`
	Matched   int      `json:"matched"`
	Precision *float64 `json:"precision"`
	// Right counts the matched predictions whose speaker is right too, and
	// E2EPrecision is Right / Predicted: confidence claims both, so both
	// are reported.
	Right         int      `json:"right"`
	E2EPrecision  *float64 `json:"e2e_precision"`
	MinConfidence float64  `json:"min_confidence"`
	MaxConfidence float64  `json:"max_confidence"`
}

// Score scores predictions against gold articles; preds[i] are the
// predictions for arts[i], with offsets into arts[i].Text, or Start = End
// = Unlocated for a prediction that is not in it. It never fails: bad
// predicted offsets simply match nothing.
func Score(arts []*Article, preds [][]claims.Claim, opt Options) *Result {
	ts := opt.thresholds()
	res := &Result{
		Thresholds: slices.Clone(ts),
		Articles:   len(arts),
		All:        newBreakdown(ts),
		ByKind:     newKindBreakdowns(ts),
	}
	for i, a := range arts {
		var p []claims.Claim
		if i < len(preds) {
			p = preds[i]
		}
		ar := ScoreArticle(a, p, ts)
		res.PerArticle = append(res.PerArticle, ar)
		res.All.add(ar.All)
		for k, b := range ar.ByKind {
			res.ByKind[k].add(b)
		}
	}
	res.All.finish()
	for _, b := range res.ByKind {
		b.finish()
	}
	res.ConfidenceSplit = ConfidenceSplit(res, 0)
	return res
}

// Unlocated is the Start and End of a predicted claim that a Predictor
// could not place in the gold text; such a claim counts as a prediction
// that matches nothing.
const Unlocated = -1

// ScoreArticle scores one article at the given thresholds.
func ScoreArticle(a *Article, preds []claims.Claim, thresholds []float64) *ArticleResult {
	ar := newArticleResult(a, preds, thresholds)
	for t, th := range thresholds {
		ar.match(t, th)
	}
	ar.tally()
	return ar
}

// newArticleResult sets up the outcomes of a's gold claims and of preds,
// all unmatched, with each gold claim's best prediction found.
func newArticleResult(a *Article, preds []claims.Claim, thresholds []float64) *ArticleResult {
	ar := &ArticleResult{
		Article:     a,
		ID:          a.ID,
		All:         newBreakdown(thresholds),
		ByKind:      newKindBreakdowns(thresholds),
		Gold:        make([]GoldOutcome, len(a.Claims)),
		Predictions: make([]PredOutcome, len(preds)),
	}
	nt := len(thresholds)
	for i, g := range a.Claims {
		ar.Gold[i] = GoldOutcome{Claim: g.Claim(), Match: filled(nt, -1), Coverage: make([]float64, nt), SpeakerRight: make([]bool, nt), Best: -1}
	}
	for j, p := range preds {
		ar.Predictions[j] = PredOutcome{Claim: p, Unlocated: p.Start == Unlocated && p.End == Unlocated, Match: filled(nt, -1), SpeakerRight: make([]bool, nt)}
	}
	for i := range ar.Gold {
		g := &ar.Gold[i]
		for j := range preds {
			if in := overlap(g.Claim, preds[j]); in > 0 && (g.Best < 0 || in > overlap(g.Claim, preds[g.Best])) {
				g.Best = j
			}
		}
		if g.Best >= 0 {
			g.BestCoverage = coverage(g.Claim, preds[g.Best])
		}
	}
	return ar
}

// match matches gold claims with predictions at threshold index t, whose
// value is th, and judges the speakers of the matches.
func (ar *ArticleResult) match(t int, th float64) {
	// Greedy in gold order: each gold claim takes the unmatched prediction
	// with the largest intersection (all candidates share the denominator
	// |gold|); ties go to the earlier prediction.
	for i := range ar.Gold {
		g := &ar.Gold[i]
		best, bestIn := -1, 0
		for j := range ar.Predictions {
			if ar.Predictions[j].Match[t] >= 0 {
				continue
			}
			if in := overlap(g.Claim, ar.Predictions[j].Claim); in > bestIn {
				best, bestIn = j, in
			}
		}
		if best < 0 {
			continue
		}
		p := &ar.Predictions[best]
		cov := coverage(g.Claim, p.Claim)
		if !(cov > th) {
			continue
		}
		right := SpeakerRight(g.Claim.Speaker, p.Claim.Speaker)
		g.Match[t], g.Coverage[t], g.SpeakerRight[t] = best, cov, right
		p.Match[t], p.SpeakerRight[t] = i, right
	}
}

// tally counts the outcomes into the article's breakdowns, gold claims by
// their gold kind and predictions by their predicted kind, and computes
// the rates.
func (ar *ArticleResult) tally() {
	for i := range ar.Gold {
		g := &ar.Gold[i]
		for _, b := range ar.groups(g.Claim.Kind) {
			b.count(true, g.Match, g.SpeakerRight)
		}
	}
	for j := range ar.Predictions {
		p := &ar.Predictions[j]
		for _, b := range ar.groups(p.Claim.Kind) {
			b.count(false, p.Match, p.SpeakerRight)
		}
	}
	ar.All.finish()
	for _, b := range ar.ByKind {
		b.finish()
	}
}

// groups returns the breakdowns a claim of kind k counts in: "all", and
// its kind's unless the kind is outside the spec (a prediction's may be).
func (ar *ArticleResult) groups(k claims.Kind) []*Breakdown {
	if b := ar.ByKind[k]; b != nil {
		return []*Breakdown{ar.All, b}
	}
	return []*Breakdown{ar.All}
}

// count adds to b one gold claim (gold) or one prediction (!gold), with
// its match and speaker judgement at each threshold.
func (b *Breakdown) count(gold bool, match []int, right []bool) {
	if gold {
		b.Gold++
	} else {
		b.Predicted++
	}
	for t := range b.Scores {
		s := &b.Scores[t]
		matched, rightN := &s.MatchedPredicted, &s.SpeakerRightPredicted
		if gold {
			matched, rightN = &s.MatchedGold, &s.SpeakerRightGold
		}
		if match[t] >= 0 {
			*matched++
		}
		if right[t] {
			*rightN++
		}
	}
}

// overlap is |gold ∩ pred| in code points.
func overlap(g, p claims.Claim) int {
	return max(0, min(g.End, p.End)-max(g.Start, p.Start))
}

// coverage is |gold ∩ pred| / |gold|. Gold spans are never empty (the
// reader rejects them); a hand-made empty one is covered by nothing.
func coverage(g, p claims.Claim) float64 {
	if g.End <= g.Start {
		return 0
	}
	// Division, not multiplication by the threshold: the quotient of two
	// small integers is the double nearest the exact ratio, so 3/10 == 0.3
	// exactly and "strictly greater" behaves at the boundary.
	return float64(overlap(g, p)) / float64(g.End-g.Start)
}

func filled(n, v int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func newBreakdown(ts []float64) *Breakdown {
	b := &Breakdown{Scores: make([]Figures, len(ts))}
	for i, t := range ts {
		b.Scores[i].Threshold = t
	}
	return b
}

func newKindBreakdowns(ts []float64) map[claims.Kind]*Breakdown {
	m := make(map[claims.Kind]*Breakdown, len(claims.Kinds))
	for _, k := range claims.Kinds {
		m[k] = newBreakdown(ts)
	}
	return m
}

// add sums o's counts into b; rates are recomputed by finish.
func (b *Breakdown) add(o *Breakdown) {
	b.Gold += o.Gold
	b.Predicted += o.Predicted
	for t := range b.Scores {
		s, os := &b.Scores[t], &o.Scores[t]
		s.MatchedGold += os.MatchedGold
		s.MatchedPredicted += os.MatchedPredicted
		s.SpeakerRightGold += os.SpeakerRightGold
		s.SpeakerRightPredicted += os.SpeakerRightPredicted
	}
}

// finish computes the rates from the counts.
func (b *Breakdown) finish() {
	for t := range b.Scores {
		s := &b.Scores[t]
		s.Precision = ratio(s.MatchedPredicted, b.Predicted)
		s.Recall = ratio(s.MatchedGold, b.Gold)
		s.F1 = f1(s.Precision, s.Recall)
		s.SpeakerAccuracy = ratio(s.SpeakerRightGold, s.MatchedGold)
		s.E2EPrecision = ratio(s.SpeakerRightPredicted, b.Predicted)
		s.E2ERecall = ratio(s.SpeakerRightGold, b.Gold)
		s.E2EF1 = f1(s.E2EPrecision, s.E2ERecall)
	}
}

func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	v := float64(num) / float64(den)
	return &v
}

// f1 is the harmonic mean of p and r. A missing side counts as 0 when the
// other exists (no predictions but gold to find is a failure, not "no
// data"); with both missing there is nothing to score.
func f1(p, r *float64) *float64 {
	if p == nil && r == nil {
		return nil
	}
	var pv, rv float64
	if p != nil {
		pv = *p
	}
	if r != nil {
		rv = *r
	}
	v := 0.0
	if pv+rv > 0 {
		v = 2 * pv * rv / (pv + rv)
	}
	return &v
}

// ConfidenceSplit computes the confidence split of r at threshold index t
// (nil if t is out of range).
func ConfidenceSplit(r *Result, t int) *Split {
	if t < 0 || t >= len(r.Thresholds) {
		return nil
	}
	var all []*PredOutcome
	for _, a := range r.PerArticle {
		for j := range a.Predictions {
			all = append(all, &a.Predictions[j])
		}
	}
	slices.SortStableFunc(all, func(x, y *PredOutcome) int { return cmp.Compare(y.Claim.Confidence, x.Claim.Confidence) })
	top := (len(all) + 1) / 2
	return &Split{Threshold: r.Thresholds[t], Top: half(all[:top], t), Bottom: half(all[top:], t)}
}

func half(ps []*PredOutcome, t int) Half {
	h := Half{Predicted: len(ps)}
	for i, p := range ps {
		if p.Matched(t) {
			h.Matched++
			if p.SpeakerRight[t] {
				h.Right++
			}
		}
		c := p.Claim.Confidence
		if i == 0 || c < h.MinConfidence {
			h.MinConfidence = c
		}
		if i == 0 || c > h.MaxConfidence {
			h.MaxConfidence = c
		}
	}
	h.Precision = ratio(h.Matched, h.Predicted)
	h.E2EPrecision = ratio(h.Right, h.Predicted)
	return h
}
