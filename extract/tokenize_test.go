package extract

import (
	"github.com/jdkato/prose/v3/token"

	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// longestRun is the longest run of bytes without ASCII white space.
func longestRun(text string) int {
	run, longest := 0, 0
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// sameTokens reports where the extractor's tokenize and its prose
// tokenizer called on the whole text first disagree, or "" when they agree.
func sameTokens(ex *Extractor, text string) string {
	got := ex.tokenize(nil, text)
	want := proseCutAtDashes(ex, text)
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || got[i].Text != want[i].Text || got[i].Start != want[i].Start {
			g, w := "(none)", "(none)"
			if i < len(got) {
				g = got[i].Text
			}
			if i < len(want) {
				w = want[i].Text
			}
			return "token " + itoa(i) + ": got " + g + ", prose " + w
		}
	}
	return ""
}

// proseCutAtDashes is prose's tokenization of text cut after every glued
// closing mark, with every em and en dash a token of its own: what
// tokenize promises.
func proseCutAtDashes(ex *Extractor, text string) []token.Token {
	var out []token.Token
	start := 0
	flush := func(end int) {
		for _, t := range ex.tok.Tokenize(text[start:end]) {
			t.Start += start
			out = append(out, t)
		}
	}
	for i := 0; i < len(text); i++ {
		if gluedClose(text, i) {
			flush(i + len("”"))
			start = i + len("”")
			i += len("”") - 1
			continue
		}
		if n := dashLen(text, i); n > 0 {
			flush(i)
			out = append(out, token.Token{Text: text[i : i+n], Start: i})
			start = i + n
			i += n - 1
		}
	}
	flush(len(text))
	return out
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestTokenizeMatchesProse checks that the shortcut for plain words leaves
// prose's tokenization as it is, on tricky runs and on every corpus
// paragraph.
func TestTokenizeMatchesProse(t *testing.T) {
	ex := testExtractorIn(t)
	texts := []string{
		"Mr. Putin said, “We won’t.” U.S. officials didn't.",
		"well-known, 1,000 people -- (a) $5, x,y ,a a, b,, c,d, ,",
		"xD XDD :) e-mail a.m. p.m. J.D. Vance's O’Brien rock'n'roll",
		"tab\tand\u00a0nbsp\u2003em-space\u202fnarrow end,",
		"trailing comma, then\nnew line, - ---",
		"“It was paranoia,”Clinton said. “No?”she asked, “yes”no.",
	}
	b, err := os.ReadFile("../corpus/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(a.Text, "\n\n")...)
	}
	for _, text := range texts {
		if d := sameTokens(ex, text); d != "" {
			t.Errorf("%q: %s", text, d)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	f.Add("Mr. Putin said, “We won’t.”")
	f.Add("a, b,, c,d -x- 1,000,")
	f.Add("\xff, \u2003a,")
	ex := testExtractorIn(f)
	f.Fuzz(func(t *testing.T, text string) {
		if longestRun(text) > maxWord {
			t.Skip("runs longer than maxWord are split on purpose")
		}
		if d := sameTokens(ex, text); d != "" {
			t.Errorf("%q: %s", text, d)
		}
	})
}

// TestTokenizeGluedClose: a closing mark glued to the next word ends the
// run, so the name after it is a token of its own.
func TestTokenizeGluedClose(t *testing.T) {
	ex := testExtractorIn(t)
	text := "“It was paranoia,”Clinton said."
	var got []string
	for _, tk := range ex.tokenize(nil, text) {
		got = append(got, tk.Text)
	}
	want := []string{"“", "It", "was", "paranoia", ",", "”", "Clinton", "said", "."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens %q, want %q", got, want)
	}
}
