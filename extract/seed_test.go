package extract

import (
	"context"
	"os"
	"strings"
	"testing"
)

// seedPath is the article the project was conceived from. It is third-party
// text and stays outside the repository; the test runs where it sits
// beside the checkout (as on developers' machines and in CI) and is skipped
// elsewhere.
const seedPath = "../../shared/seed/ceasefire-2025-05-20.txt"

// TestSeedArticle holds the README's promise about the seed: every quoted
// statement that has a speaker comes out with that speaker, and the scare
// quotes near the end do not come out.
func TestSeedArticle(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed article not beside the checkout: %v", err)
	}
	claims, err := testExtractorIn(t).Extract(context.Background(), string(b))
	if err != nil {
		t.Fatal(err)
	}
	speakerOf := func(quote string) string {
		for _, c := range claims {
			for _, q := range c.Quotes {
				if strings.Contains(q.Text, quote) {
					if c.Speaker == nil {
						return "(none)"
					}
					return c.Speaker.Name
				}
			}
		}
		return "(not found)"
	}
	want := map[string]string{
		"immediately start negotiations toward a ceasefire": "Donald Trump",
		"generally on the right track":                      "Vladimir Putin",
		"30‑day truce":                                      "Donald Trump",
		"some progress is being made":                       "Donald Trump",
		"immediate talks":                                   "Donald Trump",
		"big egos involved":                                 "Donald Trump",
		"back away":                                         "Donald Trump",
		"this is not my war.":                               "Donald Trump",
		"make it much worse":                                "Donald Trump",
		"develop a unified text":                            "Vladimir Putin",
		"principles of settlement":                          "Vladimir Putin",
		"the necessity of direct dialogue":                  "Vladimir Putin",
		"no deadlines":                                      "Aides",
		"the devil is in the details.":                      "Aides",
		"direct negotiations with Russia in any format":     "Volodymyr Zelenskiy",
		"irreversible":                                      "Olaf Scholz",
		"words must be matched by actions":                  "Jürgen van Haaren",
		"a just peace":                                      "EU foreign ministers",
		"on equal terms":                                    "Vladimir Putin",
		"eliminate the root causes of this crisis":          "Vladimir Putin",
		"historical realities":                              "Vladimir Putin",
	}
	for quote, speaker := range want {
		if got := speakerOf(quote); got != speaker {
			t.Errorf("“%s”: speaker %s, want %s", quote, got, speaker)
		}
	}
	// Reported speech without quotation marks, by how its content opens.
	indirect := map[string]string{
		"a credible threat of escalation":            "the Biden administration and many NATO allies",
		"Russia was prepared to work with Ukraine":   "Vladimir Putin",
		"certain preconditions be met":               "Moscow",
		"a memorandum must resolve":                  "Russian officials",
		"a cessation of hostilities must be coupled": "Volodymyr Zelenskiy",
		"talks could not presuppose":                 "Volodymyr Zelenskiy",
		"Russian forces continue to receive":         "Jürgen van Haaren",
		"a ceasefire signed today could unravel":     "Analysts",
		"diplomatic engagement alone offered":        "Donald Trump",
		"he had relayed this framework to Ukrainian": "Donald Trump",
	}
	for opening, speaker := range indirect {
		got := "(not found)"
		for _, c := range claims {
			if strings.HasPrefix(c.Text, opening) {
				got = "(none)"
				if c.Speaker != nil {
					got = c.Speaker.Name
				}
			}
		}
		if got != speaker {
			t.Errorf("“%s…”: speaker %s, want %s", opening, got, speaker)
		}
	}
	for _, scare := range []string{"immediate negotiations", "peace memoranda", "principles", "timing"} {
		for _, c := range claims {
			for _, q := range c.Quotes {
				if q.Text == scare {
					t.Errorf("scare quote “%s” came out as part of %q", scare, c.Text)
				}
			}
		}
	}
}
