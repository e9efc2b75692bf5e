package extract

import "testing"

// TestEveryRuleHasWeight fails when a rule has no weight of its own in the
// confidence model: a rule added or renamed since the last fit. Refit
// (go run ./extract/internal/fitconf).
func TestEveryRuleHasWeight(t *testing.T) {
	for _, r := range rules() {
		if fittedWeights.Rule[r.id()].Any == 0 {
			t.Errorf("rule %s has no confidence weight: refit", r.id())
		}
	}
}

// TestConfidenceTerms checks that the terms Explain reports are the ones
// score adds, by rebuilding the score from the terms and the weights by
// name.
func TestConfidenceTerms(t *testing.T) {
	f := features{rule: RuleCueClause, basis: basisPronoun, kind: 2, band: bandMid, cue: cueSay, that: true, farSpeaker: true}
	want := []string{"bias", "rule=cue-clause", "basis=pronoun", "kind=indirect", "len=mid", "rl=cue-clause|mid", "kc=indirect|say", "cue=say", "that", "farspeaker"}
	got := f.terms()
	if len(got) != len(want) {
		t.Fatalf("terms %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("term %d: %q, want %q", i, got[i], want[i])
		}
	}
	w := confWeights{Bias: 1, That: 2, FarSpeaker: -3}
	w.Rule[RuleCueClause].Len[bandMid] = 0.5
	if s := w.score(f); s != 0.62 {
		t.Errorf("score = %v, want 0.62 (z = 0.5)", s)
	}
}
