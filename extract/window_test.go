package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

// goldTexts are the texts of the corpus articles.
func goldTexts(tb testing.TB) []string {
	tb.Helper()
	b, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var g claims.Gold
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			tb.Fatal(err)
		}
		out = append(out, g.Text)
	}
	return out
}

// spansHold checks []rune(text)[s.Start:s.End] == s.Text for every span of
// every claim.
func spansHold(text string, cs []claims.Claim) error {
	runes := []rune(text)
	check := func(what string, start, end int, s string) error {
		if start < 0 || end > len(runes) || start > end || string(runes[start:end]) != s {
			return fmt.Errorf("%s %d-%d %q does not match the text", what, start, end, s)
		}
		return nil
	}
	for _, c := range cs {
		spans := []claims.Span{{Text: c.Text, Start: c.Start, End: c.End}}
		spans = append(spans, c.Quotes...)
		if c.Cue != nil {
			spans = append(spans, *c.Cue)
		}
		if c.Speaker.HasMention() {
			spans = append(spans, claims.Span{Text: c.Speaker.Mention, Start: c.Speaker.Start, End: c.Speaker.End})
		}
		for _, e := range c.Entities {
			spans = append(spans, claims.Span{Text: e.Text, Start: e.Start, End: e.End})
		}
		for _, s := range spans {
			if err := check("claim "+c.ID, s.Start, s.End, s.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

func newTestExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	ex, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}

// windowTexts are long texts of the shapes windows must cut: paragraphs
// of news, one paragraph of many lines, and one line with no break.
func windowTexts(tb testing.TB) map[string]string {
	var all strings.Builder
	for _, a := range goldTexts(tb) {
		all.WriteString(a)
		all.WriteString("\n\n")
	}
	news := strings.Repeat(all.String(), 3*WindowBytes/all.Len()+1)
	return map[string]string{
		"news":  news,
		"lines": "Lede.\n\n" + strings.Repeat("“We will,” she said.\n", 2*WindowBytes/21),
		"line":  "Lede.\n\n" + strings.Repeat("“We will,” she said. ", 2*WindowBytes/21),
		"runes": strings.Repeat("é", WindowBytes) + "\n\n“It ends,” he said.",
	}
}

// TestWindowsCoverText: the cores of the windows cover the text once, in
// order, each inside its window, cut between characters, none longer than
// a core may be, and margins bounded.
func TestWindowsCoverText(t *testing.T) {
	for name, text := range windowTexts(t) {
		ws := windows(text)
		if len(ws) < 2 {
			t.Errorf("%s: %d windows for %d bytes", name, len(ws), len(text))
		}
		next := 0
		for i, w := range ws {
			if w.coreS != next || w.s > w.coreS || w.coreE > w.e || w.coreE <= w.coreS {
				t.Fatalf("%s: window %d %+v does not follow %d", name, i, w, next)
			}
			for _, b := range []int{w.s, w.e, w.coreS, w.coreE} {
				if b < len(text) && !utf8.RuneStart(text[b]) {
					t.Fatalf("%s: window %d %+v cuts a character", name, i, w)
				}
			}
			if w.coreE-w.coreS > WindowBytes+2 || w.coreS-w.s > marginBytes+WindowBytes/8 || w.e-w.coreE > marginBytes+WindowBytes/8 {
				t.Errorf("%s: window %d %+v too wide", name, i, w)
			}
			next = w.coreE
		}
		if next != len(text) {
			t.Errorf("%s: cores end at %d of %d", name, next, len(text))
		}
	}
}

// TestWindowedExtraction runs the windowed Extract over each long text and
// the single pass over the whole of it: every claim keeps the offset
// invariant, claims come in order with distinct spans, and the two find
// the same claims, but near a cut inside a paragraph.
func TestWindowedExtraction(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts 2 MB twice")
	}
	ex := newTestExtractor(t)
	ctx := context.Background()
	for name, text := range windowTexts(t) {
		got, err := ex.Extract(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		if err := spansHold(text, got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Start < got[i-1].Start || got[i].Start == got[i-1].Start && got[i].End == got[i-1].End {
				t.Fatalf("%s: claim %d at %d-%d after %d-%d", name, i, got[i].Start, got[i].End, got[i-1].Start, got[i-1].End)
			}
		}
		whole, _, err := ex.extract(ctx, text, false)
		if err != nil {
			t.Fatal(err)
		}
		diff := diffClaims(got, whole)
		t.Logf("%s: %d claims windowed, %d in one pass, %d differ", name, len(got), len(whole), diff)
		// Paragraphs are never cut; a line of quotes without a break is cut
		// at a space, which may cost the claims on either side of the cut.
		allowed := 0
		switch name {
		case "line":
			allowed = 4 * (len(windows(text)) - 1)
		case "news":
			// The corpus run together is no one article: what the whole
			// text saw in other articles (a word capitalised mid-sentence,
			// a name in the cast) may decide a claim in one pass and not
			// in its window ("Everyone calls her “Nell”": "Everyone" a
			// name only in the pass that saw it capitalised elsewhere).
			allowed = len(windows(text)) - 1
		}
		if diff > allowed {
			t.Errorf("%s: %d of %d claims differ from one pass, want at most %d", name, diff, len(whole), allowed)
		}
	}
}

// diffClaims counts the claims of a and b that the other lacks, by what
// the text decides (kind, content, quotes, cue and the speaker's mention),
// not by what the rest of the article does (the speaker's canonical name,
// which the article's cast of names decides; the confidence, which
// depends on whether the claim is in the article's first paragraph).
func diffClaims(a, b []claims.Claim) int {
	key := func(c claims.Claim) string {
		c.Confidence = 0
		if c.Speaker != nil {
			sp := *c.Speaker
			sp.Name, sp.Title, sp.Type = "", "", ""
			c.Speaker = &sp
		}
		c.Speakers, c.Entities = nil, nil
		b, _ := json.Marshal(c)
		return string(b)
	}
	count := map[string]int{}
	for _, c := range a {
		count[key(c)]++
	}
	for _, c := range b {
		count[key(c)]--
	}
	n := 0
	for _, v := range count {
		n += max(v, -v)
	}
	return n
}

// TestExtractEachShortText: below WindowBytes, ExtractEach hands over
// Extract's claims in one call.
func TestExtractEachShortText(t *testing.T) {
	ex := newTestExtractor(t)
	a := goldTexts(t)[0]
	want, err := ex.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = ex.ExtractEach(context.Background(), a, func(cs []claims.Claim) error {
		calls++
		if !reflect.DeepEqual(cs, want) {
			t.Errorf("ExtractEach gave %d claims, Extract %d", len(cs), len(want))
		}
		return nil
	})
	if err != nil || calls != 1 {
		t.Fatalf("ExtractEach: %v, %d calls", err, calls)
	}
}
