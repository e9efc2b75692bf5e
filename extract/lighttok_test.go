package extract

import (
	"reflect"
	"testing"
)

func TestLightTokenize(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"“We moved everyone out by dawn.”", []string{"“", "We", "moved", "everyone", "out", "by", "dawn", ".", "”"}},
		{"Mr. Lee (42) said: don’t!", []string{"Mr.", "Lee", "(", "42", ")", "said", ":", "don’t", "!"}},
		{"  Jean‑Luc  Ó Briain, U.S.  ", []string{"Jean‑Luc", "Ó", "Briain", ",", "U.S."}},
		{"It ended in the U.S. Then it rained.", []string{"It", "ended", "in", "the", "U.S.", "Then", "it", "rained", "."}},
		{"In America’s system, Putin's aides", []string{"In", "America", "’s", "system", ",", "Putin", "'s", "aides"}},
		{"paranoia,”Clinton said. “No,”he", []string{"paranoia", ",", "”", "Clinton", "said", ".", "“", "No", ",", "”", "he"}},
		{"", nil},
	}
	for _, tc := range cases {
		var got []string
		for _, tk := range lightTokenize(nil, tc.text) {
			if tc.text[tk.Start:tk.End()] != tk.Text {
				t.Fatalf("%q: token %q at %d does not match the text", tc.text, tk.Text, tk.Start)
			}
			got = append(got, tk.Text)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: tokens %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMayHoldCue(t *testing.T) {
	ex := testExtractorIn(t)
	for text, want := range map[string]bool{
		"The bridge will close, officials SAID.": true,
		"According to the police, it rained.":    true,
		"Headline: more rain":                    true,
		"The bridge will close on Monday.":       false,
		"She believes it will rain.":             false, // a belief, outside the speech scope
		"":                                       false,
	} {
		if got := ex.mayHoldCue(text); got != want {
			t.Errorf("mayHoldCue(%q) = %v, want %v", text, got, want)
		}
	}
}
