package eval

import (
	"fmt"
	"strings"

	"github.com/claims-project/claims"
)

// Mistake types.
const (
	Miss         = "miss"          // a gold claim no prediction matched
	FalseAlarm   = "false_alarm"   // a prediction that matched no gold claim
	WrongSpeaker = "wrong_speaker" // a match whose speaker is wrong
)

// Mistake is one error of the predictor, with enough context for a person
// to see why it was counted.
type Mistake struct {
	Type    string `json:"type"`
	Article string `json:"article"`
	// Kind is the gold kind (misses, wrong speakers) or the predicted kind
	// (false alarms).
	Kind claims.Kind `json:"kind"`
	// Start and End locate the claim in the gold text: the gold span for
	// misses and wrong speakers, the predicted span for false alarms
	// (Unlocated when it is not in the gold text).
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Context is the text around the claim, within its paragraph, with
	// the claim between ⟦ and ⟧.
	Context   string        `json:"context"`
	Gold      *claims.Claim `json:"gold,omitempty"`
	Predicted *claims.Claim `json:"predicted,omitempty"`
	// Why says in words why this counts as a mistake.
	Why string `json:"why"`
	// For wrong speakers: the gold and the predicted speaker in words,
	// with the context of their mentions.
	ExpectedSpeaker  string `json:"expected_speaker,omitempty"`
	PredictedSpeaker string `json:"predicted_speaker,omitempty"`
}

// Mistakes lists up to a limit of each type of mistake at one threshold,
// in gold-file order, with the total of each.
type Mistakes struct {
	Threshold          float64   `json:"threshold"`
	TotalMisses        int       `json:"total_misses"`
	TotalFalseAlarms   int       `json:"total_false_alarms"`
	TotalWrongSpeakers int       `json:"total_wrong_speakers"`
	Misses             []Mistake `json:"misses"`
	FalseAlarms        []Mistake `json:"false_alarms"`
	WrongSpeakers      []Mistake `json:"wrong_speakers"`
}

// FindMistakes collects the mistakes of r at threshold index t, keeping
// at most limit of each type (all when limit < 0).
func FindMistakes(r *Result, t, limit int) *Mistakes {
	m := &Mistakes{Threshold: r.Thresholds[t], Misses: []Mistake{}, FalseAlarms: []Mistake{}, WrongSpeakers: []Mistake{}}
	keep := func(n int) bool { return limit < 0 || n < limit }
	for _, ar := range r.PerArticle {
		rt := newRuneText(ar.Article.Text)
		for i := range ar.Gold {
			g := &ar.Gold[i]
			switch {
			case g.Match[t] < 0:
				m.TotalMisses++
				if keep(len(m.Misses)) {
					m.Misses = append(m.Misses, missOf(ar, rt, g, m.Threshold))
				}
			case !g.SpeakerRight[t]:
				m.TotalWrongSpeakers++
				if keep(len(m.WrongSpeakers)) {
					p := ar.Predictions[g.Match[t]].Claim
					gc := g.Claim
					m.WrongSpeakers = append(m.WrongSpeakers, Mistake{
						Type: WrongSpeaker, Article: ar.ID, Kind: gc.Kind, Start: gc.Start, End: gc.End, Text: gc.Text,
						Context: contextOf(rt, gc.Start, gc.End), Gold: &gc, Predicted: &p,
						Why:             "no speaker rule holds (mentions overlap, same name, one name the last words of the other, both none)",
						ExpectedSpeaker: describeSpeaker(rt, gc.Speaker), PredictedSpeaker: describeSpeaker(rt, p.Speaker),
					})
				}
			}
		}
		for j := range ar.Predictions {
			p := &ar.Predictions[j]
			if p.Match[t] >= 0 {
				continue
			}
			m.TotalFalseAlarms++
			if keep(len(m.FalseAlarms)) {
				m.FalseAlarms = append(m.FalseAlarms, falseAlarmOf(ar, rt, p, t, m.Threshold))
			}
		}
	}
	return m
}

func missOf(ar *ArticleResult, rt *runeText, g *GoldOutcome, th float64) Mistake {
	gc := g.Claim
	mk := Mistake{Type: Miss, Article: ar.ID, Kind: gc.Kind, Start: gc.Start, End: gc.End, Text: gc.Text,
		Context: contextOf(rt, gc.Start, gc.End), Gold: &gc}
	switch {
	case g.Best < 0:
		mk.Why = "no prediction overlaps it"
	case g.BestCoverage > th:
		p := ar.Predictions[g.Best].Claim
		mk.Predicted = &p
		mk.Why = fmt.Sprintf("the prediction covering most of it (%s) was matched to an earlier gold claim", pct(g.BestCoverage))
	default:
		p := ar.Predictions[g.Best].Claim
		mk.Predicted = &p
		mk.Why = fmt.Sprintf("the nearest prediction covers only %s of it (a match needs more than %s): %q",
			pct(g.BestCoverage), pct(th), clip(p.Text, 80))
	}
	return mk
}

func falseAlarmOf(ar *ArticleResult, rt *runeText, p *PredOutcome, t int, th float64) Mistake {
	pc := p.Claim
	mk := Mistake{Type: FalseAlarm, Article: ar.ID, Kind: pc.Kind, Start: pc.Start, End: pc.End, Text: pc.Text, Predicted: &pc}
	if p.Unlocated {
		mk.Context = "⟦" + pc.Text + "⟧"
		mk.Why = "its text is not in the gold article (page boilerplate, or text the gold article lacks)"
		return mk
	}
	mk.Context = contextOf(rt, pc.Start, pc.End)
	best, bestIn := -1, 0
	for i := range ar.Gold {
		if in := overlap(ar.Gold[i].Claim, pc); in > bestIn {
			best, bestIn = i, in
		}
	}
	if best < 0 {
		mk.Why = "it overlaps no gold claim"
		return mk
	}
	g := &ar.Gold[best]
	gc := g.Claim
	mk.Gold = &gc
	if g.Match[t] >= 0 {
		mk.Why = fmt.Sprintf("the gold claim it overlaps most (%q) was matched to another prediction", clip(gc.Text, 80))
	} else {
		mk.Why = fmt.Sprintf("it covers only %s of the gold claim it overlaps most (a match needs more than %s): %q",
			pct(coverage(gc, pc)), pct(th), clip(gc.Text, 80))
	}
	return mk
}

// describeSpeaker renders a speaker as `"Name" (mention "he" at 10..12)`.
func describeSpeaker(rt *runeText, sp *claims.Speaker) string {
	if sp == nil {
		return "no speaker (null)"
	}
	if !sp.HasMention() {
		return fmt.Sprintf("%q (no mention)", sp.Name)
	}
	return fmt.Sprintf("%q (mention %q at %d..%d: %s)", sp.Name, sp.Mention, sp.Start, sp.End, contextOfWidth(rt, sp.Start, sp.End, 30))
}

// contextWidth is how many code points of context are shown on each side.
const contextWidth = 70

func contextOf(rt *runeText, start, end int) string {
	return contextOfWidth(rt, start, end, contextWidth)
}

// contextOfWidth returns up to width code points each side of [start,
// end), stopping at paragraph breaks, with the range marked ⟦…⟧ and a
// long range shortened in the middle.
func contextOfWidth(rt *runeText, start, end, width int) string {
	n := rt.Len()
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	lo := start
	for lo > 0 && start-lo < width && rt.Slice(lo-1, lo) != "\n" {
		lo--
	}
	hi := end
	for hi < n && hi-end < width && rt.Slice(hi, hi+1) != "\n" {
		hi++
	}
	span := rt.Slice(start, end)
	if end-start > 3*width {
		span = rt.Slice(start, start+width) + " … " + rt.Slice(end-width, end)
	}
	var b strings.Builder
	if lo > 0 && rt.Slice(lo-1, lo) != "\n" {
		b.WriteString("…")
	}
	b.WriteString(rt.Slice(lo, start))
	b.WriteString("⟦")
	b.WriteString(span)
	b.WriteString("⟧")
	b.WriteString(rt.Slice(end, hi))
	if hi < n && rt.Slice(hi, hi+1) != "\n" {
		b.WriteString("…")
	}
	return strings.ReplaceAll(b.String(), "\n", "⏎")
}

func pct(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
