package extract_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
	. "github.com/claims-project/claims/extract"
)

// checkClaims asserts the package's contract on the claims found in text:
// every span's text is the text at its code-point offsets, kinds and
// confidences are valid, quotes lie inside their content, and claims come
// in order of content start.
func checkClaims(text string, cs []claims.Claim) error {
	// []rune maps each invalid byte to U+FFFD, as the spec's decoding does.
	runes := []rune(text)
	span := func(what, got string, s, e int) error {
		if s < 0 || e > len(runes) || s > e {
			return fmt.Errorf("%s [%d,%d) out of range (text has %d code points)", what, s, e, len(runes))
		}
		if want := string(runes[s:e]); want != got {
			return fmt.Errorf("%s [%d,%d) = %q, text there is %q", what, s, e, got, want)
		}
		return nil
	}
	for i, c := range cs {
		if !c.Kind.Valid() {
			return fmt.Errorf("claim %d: kind %q", i, c.Kind)
		}
		if c.Confidence < 0 || c.Confidence > 1 {
			return fmt.Errorf("claim %d: confidence %v", i, c.Confidence)
		}
		if c.End <= c.Start {
			return fmt.Errorf("claim %d: empty content", i)
		}
		if i > 0 && cs[i-1].Start > c.Start {
			return fmt.Errorf("claim %d starts at %d, before claim %d at %d", i, c.Start, i-1, cs[i-1].Start)
		}
		if err := span(fmt.Sprintf("claim %d content", i), c.Text, c.Start, c.End); err != nil {
			return err
		}
		if c.Quotes == nil {
			return fmt.Errorf("claim %d: quotes is null, want []", i)
		}
		if c.Kind == claims.Direct && len(c.Quotes) != 1 || c.Kind == claims.Partial && len(c.Quotes) == 0 || c.Kind == claims.Indirect && len(c.Quotes) != 0 {
			return fmt.Errorf("claim %d: kind %s with %d quotes", i, c.Kind, len(c.Quotes))
		}
		for j, q := range c.Quotes {
			if err := span(fmt.Sprintf("claim %d quote %d", i, j), q.Text, q.Start, q.End); err != nil {
				return err
			}
			if q.Start < c.Start || q.End > c.End {
				return fmt.Errorf("claim %d quote %d [%d,%d) outside content [%d,%d)", i, j, q.Start, q.End, c.Start, c.End)
			}
		}
		speakers := c.Speakers
		if c.Speaker != nil {
			speakers = append([]claims.Speaker{*c.Speaker}, speakers...)
		}
		for j, s := range speakers {
			if s.Name == "" {
				return fmt.Errorf("claim %d speaker %d has no name", i, j)
			}
			if err := span(fmt.Sprintf("claim %d speaker %d mention", i, j), s.Mention, s.Start, s.End); err != nil {
				return err
			}
			switch s.Type {
			case claims.TypePerson, claims.TypeOrg, claims.TypeGPE, claims.TypeGroup, claims.TypeOther:
			default:
				return fmt.Errorf("claim %d speaker %d type %q", i, j, s.Type)
			}
		}
		if c.Cue != nil {
			if err := span(fmt.Sprintf("claim %d cue", i), c.Cue.Text, c.Cue.Start, c.Cue.End); err != nil {
				return err
			}
		}
		for j, e := range c.Entities {
			if err := span(fmt.Sprintf("claim %d entity %d", i, j), e.Text, e.Start, e.End); err != nil {
				return err
			}
			if e.Start < c.Start || e.End > c.End {
				return fmt.Errorf("claim %d entity %d outside content", i, j)
			}
			if e.Type != claims.TypePerson && e.Type != claims.TypeOrg && e.Type != claims.TypeGPE {
				return fmt.Errorf("claim %d entity %d has type %q (formats.md allows PERSON, ORG, GPE)", i, j, e.Type)
			}
		}
	}
	return nil
}

var testExtractor = func() func(testing.TB) *Extractor {
	var ex *Extractor
	return func(tb testing.TB) *Extractor {
		tb.Helper()
		if ex == nil {
			var err error
			if ex, err = New(); err != nil {
				tb.Fatal(err)
			}
		}
		return ex
	}
}()

type corpusArticle struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

func corpusArticles(tb testing.TB) []corpusArticle {
	tb.Helper()
	b, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		tb.Fatal(err)
	}
	var out []corpusArticle
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a corpusArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		out = append(out, a)
	}
	if len(out) < 40 {
		tb.Fatalf("corpus has %d articles, want at least 40", len(out))
	}
	return out
}

// TestCorpusOffsets runs the extractor over every corpus article and
// checks the span invariant for every claim, quote, speaker, cue and
// entity.
func TestCorpusOffsets(t *testing.T) {
	ex := testExtractor(t)
	total := 0
	for _, a := range corpusArticles(t) {
		cs, err := ex.Extract(context.Background(), a.Text)
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		if err := checkClaims(a.Text, cs); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
		total += len(cs)
	}
	if total < 400 {
		t.Errorf("found %d claims in the corpus, want at least 400", total)
	}
}

// TestHostileInput covers input no newsroom writes but a crawler meets.
func TestHostileInput(t *testing.T) {
	ex := testExtractor(t)
	big := strings.Repeat("The minister said the plan “would work, ” and ‘it’s fine’ he added ", 15000) // ~1 MB, one line
	cases := map[string]string{
		"empty":             "",
		"only marks":        strings.Repeat("“”‘’\"'«»„", 1000),
		"invalid utf-8":     "He said \xff\xfe “bad \xc3\x28 bytes,” she said. \x80",
		"unclosed quote":    "Lede.\n\n“This quote never closes, she said.\n\nNext paragraph is not a quote.",
		"1 MB single line":  big,
		"10k quote marks":   strings.Repeat("“a” ", 10000),
		"nested soup":       strings.Repeat("“‘“‘“‘", 2000) + strings.Repeat("’”’”’”", 2000),
		"cues only":         strings.Repeat("said told warned ", 20000),
		"names and conj":    strings.Repeat("Jane Doe and ", 20000) + "said it.",
		"nul and controls":  "A\x00B said \x01“C.”\r\n\r\n",
		"newlines in quote": "“First line\nsecond line,” she said.",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			cs, err := ex.Extract(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkClaims(text, cs); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestExtractHonoursContext(t *testing.T) {
	ex := testExtractor(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ex.Extract(ctx, "“Hello,” she said."); err == nil {
		t.Fatal("Extract with a cancelled context returned no error")
	}
}

func FuzzExtract(f *testing.F) {
	for _, a := range corpusArticles(f)[:5] {
		f.Add(a.Text)
	}
	f.Add("“We will,” he said, “win this.”")
	f.Add("\xff“\xfe”‘’'\"«»„“")
	f.Add("A: “b” ''c'' ``d'' « e » ‹f›")
	ex := testExtractor(f)
	f.Fuzz(func(t *testing.T, text string) {
		cs, err := ex.Extract(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkClaims(text, cs); err != nil {
			t.Fatalf("%v\ntext: %q", err, text)
		}
		if !utf8.ValidString(text) {
			return
		}
	})
}

// TestConcurrentExtract runs one Extractor from several goroutines (as the
// ingest pipeline does) and checks that each gets what a lone call gets;
// under -race it also checks that nothing is shared unsafely.
func TestConcurrentExtract(t *testing.T) {
	ex := testExtractor(t)
	arts := corpusArticles(t)
	want := make([]string, len(arts))
	for i, a := range arts {
		c, err := ex.Extract(context.Background(), a.Text)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(c)
		want[i] = string(b)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(arts))
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(arts); i += 4 {
				c, err := ex.Extract(context.Background(), arts[i].Text)
				if err != nil {
					errs <- err
					return
				}
				if b, _ := json.Marshal(c); string(b) != want[i] {
					errs <- fmt.Errorf("%s: concurrent result differs from the sequential one", arts[i].ID)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
