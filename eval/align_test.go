package eval

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

const goldBody = "ASHFORD — The Harbor Street bridge will close on Monday, city officials announced.\n\n" +
	"“We know this is going to be painful,” said Mayor Margaret Okafor. “But the alternative is worse.”\n\n" +
	"Okafor said the city had no choice. “Nobody wants to hear the word ‘corrosion’,” she said.\n\n" +
	"The mayor said the city would put up signs."

// runeIndex returns the code-point offset of the nth (0-based) occurrence
// of sub in s.
func runeIndex(t *testing.T, s, sub string, nth int) int {
	t.Helper()
	from := 0
	for range nth + 1 {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			t.Fatalf("%q not found %d times", sub, nth+1)
		}
		from += i + 1
	}
	return utf8.RuneCountInString(s[:from-1])
}

func TestAlignMapsSpans(t *testing.T) {
	// Each extracted text is the gold body with something a page extractor
	// does: added headline and byline, different whitespace, boilerplate
	// inserted and gold text dropped, straight quotes for curly ones.
	tests := []struct {
		name      string
		extracted string
		coverage  float64 // minimum GoldCoverage expected
	}{
		{"identical", goldBody, 1},
		{"headline and byline", "Bridge to close\nBy Daniel Whitfield, Staff Writer\nUpdated 3 hours ago\n" + goldBody, 1},
		{"whitespace", strings.NewReplacer("\n\n", "\n", " — ", "  —  ", ". ", ".\u00a0 ").Replace(goldBody), 1},
		{"boilerplate inserted", strings.Replace(goldBody, "\n\nOkafor said", "\n\nRead more: “Mayor: we will not back down” — Related stories\nSubscribe now\n\nOkafor said", 1) + "\n\nComments (3)\n“This is a disgrace,” wrote reader99.", 1},
		{"paragraph dropped", strings.Replace(goldBody, "“We know this is going to be painful,” said Mayor Margaret Okafor. “But the alternative is worse.”\n\n", "", 1), 0.6},
		{"straight quotes", strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "—", "-").Replace(goldBody), 1},
		{"case", strings.ToUpper(goldBody[:20]) + goldBody[20:], 1},
	}
	spans := []string{"The Harbor Street bridge will close on Monday", "city officials", "the city had no choice", "Nobody wants to hear the word ‘corrosion’", "she", "The mayor", "the city would put up signs"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			al := Align(tt.extracted, goldBody)
			if c := al.GoldCoverage(); c < tt.coverage || c > 1 {
				t.Errorf("gold coverage = %.3f, want ≥ %.2f", c, tt.coverage)
			}
			norm := strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "—", "-")
			for _, sp := range spans {
				ex := norm.Replace(sp)
				if !strings.Contains(tt.extracted, ex) {
					ex = sp
				}
				if !strings.Contains(tt.extracted, ex) {
					continue // dropped by this extraction
				}
				es := runeIndex(t, tt.extracted, ex, 0)
				gs, ge, ok := al.MapSpan(es, es+utf8.RuneCountInString(ex))
				want := runeIndex(t, goldBody, sp, 0)
				if !ok || gs != want || ge != want+utf8.RuneCountInString(sp) {
					t.Errorf("span %q: mapped to %d..%d (ok %v), want %d..%d", sp, gs, ge, ok, want, want+utf8.RuneCountInString(sp))
				}
			}
		})
	}
}

func TestAlignLeavesExtraTextUnaligned(t *testing.T) {
	extra := "Read more: “Mayor: we will not back down”"
	ex := goldBody + "\n\n" + extra
	al := Align(ex, goldBody)
	s := runeIndex(t, ex, extra, 0)
	if gs, ge, ok := al.MapSpan(s, s+utf8.RuneCountInString(extra)); ok {
		t.Errorf("boilerplate mapped to gold %d..%d", gs, ge)
	}
	if al.GoldCoverage() != 1 {
		t.Errorf("gold coverage %.3f, want 1", al.GoldCoverage())
	}
}

func TestAlignMonotoneAndEqual(t *testing.T) {
	// Every aligned pair must be increasing on both sides and, away from
	// substitutions, join equal characters.
	ex := "Headline\n\n" + strings.ReplaceAll(goldBody, "\n\n", "\n") + "\nFooter text"
	al := Align(ex, goldBody)
	er, gr := []rune(ex), []rune(goldBody)
	last := -1
	for i := range er {
		j, ok := al.Map(i)
		if !ok {
			continue
		}
		if j <= last {
			t.Fatalf("pair %d→%d after %d: not increasing", i, j, last)
		}
		last = j
		if k1, _ := alignKey(er[i]); k1 != func() rune { k, _ := alignKey(gr[j]); return k }() {
			t.Errorf("pair %d→%d joins %q and %q", i, j, er[i], gr[j])
		}
	}
}

func TestMapClaims(t *testing.T) {
	ex := "Bridge to close\n\n" + goldBody + "\n\nComments\n“This is a disgrace,” wrote reader99."
	sayer := func(s string, nth int) *claims.Speaker {
		i := runeIndex(t, ex, s, nth)
		return &claims.Speaker{Name: "X " + s, Mention: s, Start: i, End: i + utf8.RuneCountInString(s)}
	}
	span := func(s string) (int, int) {
		i := runeIndex(t, ex, s, 0)
		return i, i + utf8.RuneCountInString(s)
	}
	cs, ce := span("Nobody wants to hear the word ‘corrosion’")
	ds, de := span("This is a disgrace,")
	bs, be := span("Bridge to close")
	preds := []claims.Claim{
		{Kind: claims.Direct, Text: "Nobody wants to hear the word ‘corrosion’", Start: cs, End: ce, Speaker: sayer("she", 0),
			Quotes: []claims.Span{{Text: "Nobody wants to hear the word ‘corrosion’", Start: cs, End: ce}}, Confidence: 0.7},
		{Kind: claims.Direct, Text: "This is a disgrace,", Start: ds, End: de, Speaker: sayer("reader99", 0)},
		{Kind: claims.Indirect, Text: "Bridge to close", Start: bs, End: be, Speaker: sayer("Bridge", 0)},
	}
	if err := CheckClaims(ex, preds); err != nil {
		t.Fatal(err)
	}
	got := Align(ex, goldBody).MapClaims(preds, goldBody)
	gs := runeIndex(t, goldBody, "Nobody", 0)
	she := runeIndex(t, goldBody, "she", 0)
	if c := got[0]; c.Start != gs || c.Text != preds[0].Text || c.Speaker.Start != she || c.Speaker.Mention != "she" || len(c.Quotes) != 1 || c.Quotes[0].Start != gs || c.Confidence != 0.7 {
		t.Errorf("mapped claim 0 = %+v speaker %+v", c, c.Speaker)
	}
	if c := got[1]; c.Start != Unlocated || c.End != Unlocated || c.Speaker.HasMention() || c.Speaker.Name != "X reader99" {
		t.Errorf("comment claim = %+v speaker %+v, want unlocated with name kept", c, c.Speaker)
	}
	if c := got[2]; c.Start != Unlocated {
		t.Errorf("headline claim = %+v, want unlocated", c)
	}
	if preds[0].Start != cs {
		t.Error("MapClaims modified its input")
	}
	// Scored against gold, the mapped predictions give one match and two
	// false alarms.
	a := goldArticle("a", goldBody, claims.Claim{Kind: claims.Direct, Start: gs, End: gs + 41, Text: "Nobody wants to hear the word ‘corrosion’",
		Speaker: &claims.Speaker{Name: "Margaret Okafor", Mention: "she", Start: she, End: she + 3}})
	r := Score([]*Article{a}, [][]claims.Claim{got}, Options{})
	if s := r.All.Scores[0]; s.MatchedGold != 1 || s.SpeakerRightGold != 1 || r.All.Predicted != 3 {
		t.Errorf("scores = %+v, predicted %d", s, r.All.Predicted)
	}
}

func TestAlignLargeRepetitiveText(t *testing.T) {
	// Highly repetitive text has no unique n-grams; a quadratic aligner
	// would take minutes on this, a linear one milliseconds.
	para := "The council met again. The council said nothing. "
	var b strings.Builder
	for i := range 4000 {
		b.WriteString(para)
		if i%500 == 0 {
			fmt.Fprintf(&b, "Marker %d is here. ", i)
		}
	}
	gold := b.String()
	ex := "Headline of the page\n" + strings.ReplaceAll(gold, ". ", ".\n")
	al := Align(ex, gold)
	if c := al.GoldCoverage(); c != 1 {
		t.Errorf("gold coverage = %.4f, want 1", c)
	}
	m := "Marker 3500 is here."
	es, gsWant := runeIndex(t, ex, m, 0), runeIndex(t, gold, m, 0)
	if gs, ge, ok := al.MapSpan(es, es+len(m)); !ok || gs != gsWant || ge != gsWant+len(m) {
		t.Errorf("marker mapped to %d..%d %v, want %d", gs, ge, ok, gsWant)
	}
}

func FuzzAlign(f *testing.F) {
	f.Add("Headline\n"+goldBody, goldBody)
	f.Add("aaaa bbbb aaaa", "aaaabbbb")
	f.Add("“x” y", `"x" y`)
	f.Fuzz(func(t *testing.T, ex, gold string) {
		al := Align(ex, gold)
		n, gn := utf8.RuneCountInString(ex), utf8.RuneCountInString(gold)
		last := -1
		for i := range n {
			j, ok := al.Map(i)
			if !ok {
				continue
			}
			if j <= last || j >= gn {
				t.Fatalf("pair %d→%d (last %d, gold len %d)", i, j, last, gn)
			}
			last = j
		}
		if c := al.GoldCoverage(); c < 0 || c > 1 {
			t.Fatalf("coverage %v", c)
		}
		if gs, ge, ok := al.MapSpan(0, n); ok && (gs < 0 || ge > gn || gs >= ge) {
			t.Fatalf("whole span mapped to %d..%d", gs, ge)
		}
		if ex == gold && al.GoldCoverage() != 1 {
			t.Fatalf("identical texts aligned %.3f", al.GoldCoverage())
		}
	})
}

func BenchmarkAlign(b *testing.B) {
	// A 100 KB article against its "page": headline added, whitespace
	// changed, a boilerplate block in the middle.
	var sb strings.Builder
	for i := 0; sb.Len() < 100_000; i++ {
		fmt.Fprintf(&sb, "Paragraph %d: “We will not back down,” said councillor %d on day %d. ", i, i%37, i%11)
		if i%5 == 4 {
			sb.WriteString("\n\n")
		}
	}
	gold := sb.String()
	half := len(gold) / 2
	for !utf8.RuneStart(gold[half]) {
		half++
	}
	ex := "Headline\n\n" + strings.ReplaceAll(gold[:half], "\n\n", "\n") + "\nRelated: “Mayor quits” | Most read\n" + gold[half:]
	b.SetBytes(int64(len(gold)))
	for b.Loop() {
		Align(ex, gold)
	}
}
