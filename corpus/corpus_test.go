package corpus_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

// TestGoldIsGenerated keeps gold.jsonl in step with the annotated sources:
// it must be exactly what `go generate ./corpus` writes.
func TestGoldIsGenerated(t *testing.T) {
	srcs, err := corpus.ParseDir(corpus.Files, "src")
	if err != nil {
		t.Fatal(err)
	}
	want, err := corpus.Render(srcs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("corpus/gold.jsonl is not what the sources give: run `go generate ./corpus`")
	}
}

type goldArticle struct {
	ID            string         `json:"id"`
	Text          string         `json:"text"`
	HTML          string         `json:"html"`
	Constructions []int          `json:"constructions"`
	Claims        []claims.Claim `json:"claims"`
}

func readGold(t *testing.T) []goldArticle {
	t.Helper()
	b, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	var out []goldArticle
	for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var a goldArticle
		if err := json.Unmarshal(line, &a); err != nil {
			t.Fatalf("gold.jsonl:%d: %v", i+1, err)
		}
		out = append(out, a)
	}
	return out
}

// TestCorpusCheck is the corpus's own contract: spans are right in code
// points, kinds valid, every article has claims, the corpus is as large as
// promised, and every construction is exercised at least three times.
func TestCorpusCheck(t *testing.T) {
	arts := readGold(t)
	if len(arts) < 40 {
		t.Errorf("%d articles, want at least 40", len(arts))
	}
	cs, withHTML := 0, 0
	covered := map[int]int{}
	for _, a := range arts {
		runes := []rune(a.Text)
		span := func(what, text string, s, e int) {
			if s < 0 || e > len(runes) || s > e {
				t.Errorf("%s: %s [%d,%d) out of range", a.ID, what, s, e)
				return
			}
			if got := string(runes[s:e]); got != text {
				t.Errorf("%s: %s [%d,%d) is %q in the text, gold says %q", a.ID, what, s, e, got, text)
			}
		}
		if len(a.Claims) == 0 {
			t.Errorf("%s has no claims", a.ID)
		}
		for i, c := range a.Claims {
			if !c.Kind.Valid() {
				t.Errorf("%s claim %d: kind %q", a.ID, i, c.Kind)
			}
			span(fmt.Sprintf("claim %d", i), c.Text, c.Start, c.End)
			if c.Speaker != nil && c.Speaker.Mention != "" {
				span(fmt.Sprintf("claim %d speaker", i), c.Speaker.Mention, c.Speaker.Start, c.Speaker.End)
			}
			if c.Cue != nil {
				span(fmt.Sprintf("claim %d cue", i), c.Cue.Text, c.Cue.Start, c.Cue.End)
			}
			// Direct content is the words inside the marks: it may hold
			// nested marks, but it neither starts nor ends with an
			// opening mark.
			if c.Kind == claims.Direct && strings.ContainsAny(c.Text[:1], "“«„") {
				t.Errorf("%s claim %d: direct content starts with a quote mark: %q", a.ID, i, c.Text)
			}
		}
		cs += len(a.Claims)
		for _, n := range a.Constructions {
			covered[n]++
		}
		if a.HTML != "" {
			withHTML++
			if _, err := fs.Stat(corpus.Files, path.Clean(a.HTML)); err != nil {
				t.Errorf("%s: html page %s: %v", a.ID, a.HTML, err)
			}
		}
	}
	if cs < 400 {
		t.Errorf("%d claims, want at least 400", cs)
	}
	if withHTML < 12 {
		t.Errorf("%d articles with an HTML page, want at least 12", withHTML)
	}
	for n := 1; n <= 18; n++ {
		if covered[n] < 3 {
			t.Errorf("construction %d is exercised by %d articles, want at least 3", n, covered[n])
		}
	}
}

// TestHTMLPagesHoldTheirArticle checks that every page named by an
// article exists and is a whole page, not a fragment.
func TestHTMLPagesHoldTheirArticle(t *testing.T) {
	for _, a := range readGold(t) {
		if a.HTML == "" {
			continue
		}
		b, err := corpus.Files.ReadFile(path.Clean(a.HTML))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < len(a.Text)/2 {
			t.Errorf("%s: page %s is smaller than half its article", a.ID, a.HTML)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no separator", "id: x\nc1 direct \"A\"\n", "no \"---\" line"},
		{"no id", "c1 direct \"A\"\n---\n[[c1 hi]]", "header has no id"},
		{"bad kind", "id: x\nc1 quoted \"A\"\n---\n[[c1 hi]]", `kind "quoted"`},
		{"undeclared", "id: x\n---\n[[c1 hi]]", "no declaration line c1"},
		{"no content", "id: x\nc1 direct \"A\"\n---\ntext", "has no [[c1 ...]]"},
		{"unclosed", "id: x\nc1 direct \"A\"\n---\n[[c1 hi", "never closed"},
		{"stray close", "id: x\nc1 direct \"A\"\n---\n[[c1 hi]]]]", "]] without [["},
		{"null speaker with mention", "id: x\nc1 direct -\n---\n[[s1 Ann]] said [[c1 hi]]", "has no speaker but"},
		{"gap in numbers", "id: x\nc2 direct \"A\"\n---\n[[c2 hi]]", "c1 missing"},
		{"bad construction", "id: x\nconstructions: 19\nc1 direct \"A\"\n---\n[[c1 hi]]", "not a number 1..18"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := corpus.Parse("x.txt", tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "x.txt") {
				t.Fatalf("error %v, want one naming x.txt and containing %q", err, tc.want)
			}
		})
	}
}

func TestParseOffsetsAreCodePoints(t *testing.T) {
	src := "id: x\nc1 direct \"Zoë Ålund\"\nc2 indirect -\n---\n„Ünïcode“ — “[[c1 Grüße aus Köln]],” said [[s1 Zoë Ålund]]. [[c2 It rained]]."
	s, err := corpus.Parse("x.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(s.Text)
	c := s.Claims[0]
	if got := string(runes[c.Start:c.End]); got != "Grüße aus Köln" || c.Start != 13 {
		t.Errorf("content at [%d,%d) = %q", c.Start, c.End, got)
	}
	if sp := c.Speaker; sp == nil || string(runes[sp.Start:sp.End]) != "Zoë Ålund" {
		t.Errorf("speaker %+v", sp)
	}
	if s.Claims[1].Speaker != nil {
		t.Errorf("claim 2 speaker %+v, want null", s.Claims[1].Speaker)
	}
}
