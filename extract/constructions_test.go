package extract

import (
	"context"
	"testing"

	"github.com/claims-project/claims"
)

// want is one expected claim: its content text, kind, speaker name ("" for
// speaker null; an unresolved pronoun keeps its own words) and cue text (""
// for none).
type want struct {
	kind    claims.Kind
	text    string
	speaker string
	cue     string
}

// constructionCases holds one focused case per construction of the corpus
// list (corpus/README.md), numbered as there. Each case lists every claim
// the text holds; an extra or missing claim fails it.
var constructionCases = []struct {
	n    int
	name string
	text string
	want []want
}{
	{1, "quote then attribution", "Lede.\n\nJane Doe, the harbour master, spoke first. “We will rebuild the pier,” she said.\n\n“It is late,” said Jane Doe.\n\n“Nothing has changed,” Doe told reporters on Tuesday.",
		[]want{{claims.Direct, "We will rebuild the pier", "Jane Doe", "said"}, {claims.Direct, "It is late", "Jane Doe", "said"}, {claims.Direct, "Nothing has changed", "Jane Doe", "told"}}},
	{2, "attribution then quote", "Lede.\n\nMayor Ana Ruiz said: “The budget is balanced.”\n\nRuiz said, “We kept our word.”\n\nIn a statement, the ministry said: “The review is complete.”",
		[]want{{claims.Direct, "The budget is balanced.", "Ana Ruiz", "said"}, {claims.Direct, "We kept our word.", "Ana Ruiz", "said"}, {claims.Direct, "The review is complete.", "the ministry", "said"}}},
	{3, "split quote", "Lede.\n\nCoach Tom Hale was defiant. “We will,” he said, “win this.”",
		[]want{{claims.Direct, "We will", "Tom Hale", "said"}, {claims.Direct, "win this.", "Tom Hale", "said"}}},
	{4, "multi-paragraph quote", "Lede.\n\nThe chief executive, Mara Lind, described the year in a letter:\n\n“We lost two plants to the floods.\n\n“We rebuilt both of them by March.\n\n“And we did not lay off a single worker.”\n\nShares rose 3 per cent.",
		[]want{{claims.Direct, "We lost two plants to the floods.", "Mara Lind", "described"}, {claims.Direct, "We rebuilt both of them by March.", "Mara Lind", ""}, {claims.Direct, "And we did not lay off a single worker.", "Mara Lind", ""}}},
	{5, "partial quote", "Lede.\n\nPresident Olga Brandt characterized the talks as “generally on the right track” after the meeting.",
		[]want{{claims.Partial, "the talks as “generally on the right track” after the meeting", "Olga Brandt", "characterized"}}},
	{6, "indirect speech", "Lede.\n\nFinance Minister Karl Oster said that the deficit would shrink next year.\n\nOster warned lenders would tighten their terms.\n\nAccording to Oster, the bank is sound.\n\nThe economy grew 2 per cent, Oster said.",
		[]want{{claims.Indirect, "the deficit would shrink next year", "Karl Oster", "said"}, {claims.Indirect, "lenders would tighten their terms", "Karl Oster", "warned"}, {claims.Indirect, "the bank is sound", "Karl Oster", "According to"}, {claims.Indirect, "The economy grew 2 per cent", "Karl Oster", "said"}}},
	{7, "pronoun speakers", "Lede.\n\nSenator Maria Vance spoke first. She said the bill would pass.\n\nThe Harbour Trust disagreed. It said in a statement that the bill was rushed.\n\nVance was unmoved. “We have the votes,” she said.",
		[]want{{claims.Indirect, "the bill would pass", "Maria Vance", "said"}, {claims.Indirect, "the bill was rushed", "Harbour Trust", "said"}, {claims.Direct, "We have the votes", "Maria Vance", "said"}}},
	{8, "role speakers", "Lede.\n\nPresident Alain Dubois met the unions on Monday. The president said the reform would go ahead.\n\nA spokeswoman for the ministry said the talks would resume. Analysts said the reform was overdue.",
		[]want{{claims.Indirect, "the reform would go ahead", "Alain Dubois", "said"}, {claims.Indirect, "the talks would resume", "A spokeswoman for the ministry", "said"}, {claims.Indirect, "the reform was overdue", "Analysts", "said"}}},
	{9, "titles and appositions", "Lede.\n\nNATO Secretary‑General Jürgen van Haaren warned that the alliance must spend more.\n\nKatrin Holm, the bank’s chief economist, said rates would fall.\n\nMs. Lee, 42, a nurse from Leeds, said the ward was full.",
		[]want{{claims.Indirect, "the alliance must spend more", "Jürgen van Haaren", "warned"}, {claims.Indirect, "rates would fall", "Katrin Holm", "said"}, {claims.Indirect, "the ward was full", "Lee", "said"}}},
	{10, "several speakers", "Lede.\n\nGerman Chancellor Olaf Scholz and French President Élisabeth Bédier emphasized that any ceasefire must be verified.",
		[]want{{claims.Indirect, "any ceasefire must be verified", "Olaf Scholz", "emphasized"}}},
	{11, "organisations and places", "Lede.\n\nThe Kremlin said the talks were useful. Moscow insists that sanctions be lifted first.\n\nThe company said in a filing that profit fell.",
		[]want{{claims.Indirect, "the talks were useful", "Kremlin", "said"}, {claims.Indirect, "sanctions be lifted first", "Moscow", "insists"}, {claims.Indirect, "profit fell", "The company", "said"}}},
	{12, "floating quote", "Lede.\n\n“The river rose a metre overnight,” said the mayor, Pia Lund.\n\n“We moved everyone out by dawn.”",
		[]want{{claims.Direct, "The river rose a metre overnight", "Pia Lund", "said"}, {claims.Direct, "We moved everyone out by dawn.", "Pia Lund", ""}}},
	{13, "not claims", "Lede.\n\nThe so-called “peace dividend” never came. Fans of “The Long Night” packed the hall, and a sign read “Save Our Library.” The group, known as “the Wall,” left early.\n\nDespite the rhetoric of “immediate negotiations” and “peace memoranda,” the prospects hinge on old questions. Moscow’s stated insistence on negotiating over “principles” and “timing” suggests that its leaders see the talks as an arena.",
		nil},
	{14, "nested quotes", "Lede.\n\n“He told me ‘never again,’” said Rita Moss, a neighbour.",
		[]want{{claims.Direct, "He told me ‘never again,’", "Rita Moss", "said"}, {claims.Direct, "never again", "He", "told"}}},
	{15, "mark styles", "Lede.\n\n\"Straight marks work,\" said Ed Park.\n\n« Les guillemets aussi », said Lea Roux. Roux said: « Oui, vraiment. »\n\n„Das stimmt“, said Jan Vogt. Vogt said: „Wir bleiben.“\n\n''Old wire style,'' said Al Moore. Don’t worry about Trump’s ’90s rock ’n’ roll.",
		[]want{{claims.Direct, "Straight marks work", "Ed Park", "said"}, {claims.Direct, "Les guillemets aussi", "Lea Roux", "said"}, {claims.Direct, "Oui, vraiment.", "Lea Roux", "said"}, {claims.Direct, "Das stimmt", "Jan Vogt", "said"}, {claims.Direct, "Wir bleiben.", "Jan Vogt", "said"}, {claims.Direct, "Old wire style", "Al Moore", "said"}}},
	{16, "cues beyond said", "Lede.\n\nOpposition leader Ruth Ames argued that the tax was unfair.\n\n“Why now?” asked Lee.\n\nRuth Ames tweeted that the vote was rigged.",
		[]want{{claims.Indirect, "the tax was unfair", "Ruth Ames", "argued"}, {claims.Direct, "Why now?", "Lee", "asked"}, {claims.Indirect, "the vote was rigged", "Ruth Ames", "tweeted"}}},
	{17, "unicode names", "Lede.\n\n“We are ready,” said Abdullah al‑Rashid. J.D. Vance said the deal was dead. “It is over,” said Martin Luther King Jr.",
		[]want{{claims.Direct, "We are ready", "Abdullah al‑Rashid", "said"}, {claims.Indirect, "the deal was dead", "J.D. Vance", "said"}, {claims.Direct, "It is over", "Martin Luther King Jr.", "said"}}},
	{6, "two attributions joined by while", "Lede.\n\nPresident Ana Vale asserted that talks would start soon, while Premier Ivo Bran characterized the talks as “on the right track”.",
		[]want{{claims.Indirect, "talks would start soon", "Ana Vale", "asserted"}, {claims.Partial, "the talks as “on the right track”", "Ivo Bran", "characterized"}}},
	{18, "datelines and bylines", "Storm closes ports\n\nBy Jane Writer\n\nLISBON (Atlas News) – Three ports will close on Friday, port officials said.",
		[]want{{claims.Indirect, "Three ports will close on Friday", "port officials", "said"}}},
}

func TestConstructions(t *testing.T) {
	ex := testExtractorIn(t)
	for _, tc := range constructionCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ex.Extract(context.Background(), tc.text)
			if err != nil {
				t.Fatal(err)
			}
			matched := make([]bool, len(got))
			for _, w := range tc.want {
				found := false
				for i, c := range got {
					if matched[i] || c.Text != w.text {
						continue
					}
					matched[i], found = true, true
					name := ""
					if c.Speaker != nil {
						name = c.Speaker.Name
					}
					cue := ""
					if c.Cue != nil {
						cue = c.Cue.Text
					}
					if c.Kind != w.kind || name != w.speaker || cue != w.cue {
						t.Errorf("claim %q: got %s by %q (cue %q), want %s by %q (cue %q)", w.text, c.Kind, name, cue, w.kind, w.speaker, w.cue)
					}
				}
				if !found {
					t.Errorf("missing claim %q by %q", w.text, w.speaker)
				}
			}
			for i, c := range got {
				if !matched[i] {
					t.Errorf("unexpected claim %s %q", c.Kind, c.Text)
				}
			}
		})
	}
}

func testExtractorIn(tb testing.TB) *Extractor {
	tb.Helper()
	ex, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}

// TestTitleFromSentenceWithoutCue checks that a title stated where nobody
// speaks ("former U.S. President Donald Trump held a call") reaches the
// speaker of a later claim: such sentences take the light tokenizer, which
// must keep "U.S." whole.
func TestTitleFromSentenceWithoutCue(t *testing.T) {
	ex := testExtractorIn(t)
	text := "Lede.\n\nThe talks began after former U.S. President Donald Trump held a call with Moscow.\n\nTrump said the call went well."
	cs, err := ex.Extract(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Speaker == nil || cs[0].Speaker.Name != "Donald Trump" || cs[0].Speaker.Title != "U.S. President" {
		t.Fatalf("claims %+v, want one by Donald Trump titled U.S. President", cs)
	}
}
