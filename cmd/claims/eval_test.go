package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/claims-project/claims/corpus"
	"github.com/claims-project/claims/eval"
)

// runEval runs `claims eval args...` in-process and returns its output.
func runEval(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"eval"}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// corpusGold copies the embedded corpus gold file to a temporary file and
// returns its path and the number of gold claims in it.
func corpusGold(t *testing.T) (string, int, int) {
	t.Helper()
	b, err := fs.ReadFile(corpus.Files, corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gold.jsonl")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	arts, err := eval.ReadGoldFS(corpus.Files, corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range arts {
		n += len(a.Claims)
	}
	return path, len(arts), n
}

func TestEvalTable(t *testing.T) {
	path, _, nGold := corpusGold(t)
	out, err := runEval(t, "--gold", path, "--errors", "3", "--articles")
	if err != nil {
		t.Fatalf("eval failed: %v\n%s", err, out)
	}
	for _, want := range []string{"coverage > 0.3\n", "coverage > 0.8\n", "confidence split", "per article", "Misses at coverage > 0.3", "False alarms at coverage > 0.3", "Wrong speakers at coverage > 0.3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Each threshold's table has a row for all and for each kind, and the
	// gold column of "all" is the number of gold claims in the file.
	rows := map[string]int{}
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 11 && (f[0] == "all" || f[0] == "direct" || f[0] == "partial" || f[0] == "indirect") {
			rows[f[0]]++
			if f[0] == "all" {
				if g, err := strconv.Atoi(f[1]); err != nil || g != nGold {
					t.Errorf("all row %q: gold %q, want %d", line, f[1], nGold)
				}
			}
		}
	}
	for _, k := range []string{"all", "direct", "partial", "indirect"} {
		if rows[k] != 2 {
			t.Errorf("%d %q rows, want one per threshold (2):\n%s", rows[k], k, out)
		}
	}
}

func TestEvalJSON(t *testing.T) {
	path, nArts, nGold := corpusGold(t)
	out, err := runEval(t, "--gold", path, "--json", "--errors", "2")
	if err != nil {
		t.Fatalf("eval failed: %v\n%s", err, out)
	}
	var rep struct {
		GoldFiles  []string                   `json:"gold_files"`
		Source     string                     `json:"source"`
		Thresholds []float64                  `json:"thresholds"`
		Articles   int                        `json:"articles"`
		All        map[string]json.RawMessage `json:"all"`
		ByKind     map[string]struct {
			Gold   int                          `json:"gold"`
			Scores []map[string]json.RawMessage `json:"scores"`
		} `json:"by_kind"`
		ConfidenceSplit struct {
			Top, Bottom map[string]json.RawMessage
		} `json:"confidence_split"`
		PerArticle []struct {
			ID  string `json:"id"`
			All struct {
				Gold int `json:"gold"`
			} `json:"all"`
		} `json:"per_article"`
		Mistakes *struct {
			Misses        []map[string]any `json:"misses"`
			FalseAlarms   []map[string]any `json:"false_alarms"`
			WrongSpeakers []map[string]any `json:"wrong_speakers"`
		} `json:"mistakes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not the JSON report: %v\n%s", err, out)
	}
	if len(rep.GoldFiles) != 1 || rep.Source != "text" || len(rep.Thresholds) != 2 || rep.Thresholds[0] != 0.3 || rep.Thresholds[1] != 0.8 || rep.Articles != nArts {
		t.Errorf("header = %v %q %v %d", rep.GoldFiles, rep.Source, rep.Thresholds, rep.Articles)
	}
	if string(rep.All["gold"]) != strconv.Itoa(nGold) {
		t.Errorf("all.gold = %s, want %d", rep.All["gold"], nGold)
	}
	sum := 0
	for _, k := range []string{"direct", "partial", "indirect"} {
		b, ok := rep.ByKind[k]
		if !ok || len(b.Scores) != 2 {
			t.Fatalf("by_kind[%s] = %+v", k, b)
		}
		sum += b.Gold
		for _, s := range b.Scores {
			for _, f := range []string{"precision", "recall", "f1", "speaker_accuracy", "e2e_precision", "e2e_recall", "e2e_f1"} {
				v, ok := s[f]
				if !ok {
					t.Errorf("by_kind[%s] lacks %s", k, f)
					continue
				}
				if string(v) == "null" {
					continue
				}
				x, err := strconv.ParseFloat(string(v), 64)
				if err != nil || x < 0 || x > 1 {
					t.Errorf("by_kind[%s].%s = %s, want a rate or null", k, f, v)
				}
			}
		}
	}
	if sum != nGold {
		t.Errorf("gold by kind sums to %d, want %d", sum, nGold)
	}
	if rep.ConfidenceSplit.Top["precision"] == nil || len(rep.PerArticle) != nArts {
		t.Errorf("split %+v, %d per-article entries", rep.ConfidenceSplit, len(rep.PerArticle))
	}
	if rep.Mistakes == nil || rep.Mistakes.Misses == nil || rep.Mistakes.FalseAlarms == nil || rep.Mistakes.WrongSpeakers == nil {
		t.Errorf("mistakes = %+v, want three lists", rep.Mistakes)
	} else if len(rep.Mistakes.Misses) > 2 {
		t.Errorf("%d misses listed, want at most 2", len(rep.Mistakes.Misses))
	}
}

func TestEvalBadInput(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.jsonl")
	if err := os.WriteFile(broken, []byte(`{"id":"a","text":"Hi.","claims":[]}`+"\n"+`{"id":"b","text":`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	offsets := filepath.Join(dir, "offsets.jsonl")
	if err := os.WriteFile(offsets, []byte(`{"id":"a","text":"“Hi,” he said.","claims":[{"kind":"direct","start":3,"end":5,"text":"Hi","speaker":null}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noHTML := filepath.Join(dir, "nohtml.jsonl")
	if err := os.WriteFile(noHTML, []byte(`{"id":"a","text":"Hi.","claims":[]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, []byte("\n  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if errOut, code := runMain(t, "eval", "--gold", empty); code != 1 || !strings.Contains(errOut, "has no articles") {
		t.Errorf("eval of an empty gold file: status %d, stderr %q; want 1 and \"has no articles\"", code, errOut)
	}
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  []string
	}{
		{"empty gold file", []string{"--gold", empty}, false, []string{"empty.jsonl: the gold file has no articles"}},
		{"no gold file", nil, true, []string{"no gold file"}},
		{"negative errors", []string{"--gold", noHTML, "--errors", "-1"}, true, []string{"--errors"}},
		{"unknown flag", []string{"--gold", noHTML, "--frobnicate"}, true, []string{"frobnicate"}},
		{"missing file", []string{"--gold", filepath.Join(dir, "nope.jsonl")}, false, []string{"nope.jsonl", "no such file"}},
		{"broken json", []string{"--gold", broken}, false, []string{"broken.jsonl:2", "invalid JSON"}},
		{"byte offsets", []string{"--gold", offsets}, false, []string{"offsets.jsonl:1", "claims[0].text", "code points"}},
		{"html without html field", []string{"--gold", noHTML, "--html"}, false, []string{"nohtml.jsonl", "no article", "html field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runEval(t, tt.args...)
			if err == nil {
				t.Fatalf("no error; output:\n%s", out)
			}
			var ue usageError
			if got := errors.As(err, &ue); got != tt.usage {
				t.Errorf("usage error = %v, want %v (%v)", got, tt.usage, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestEvalHTML(t *testing.T) {
	// A gold article and its page, saved in windows-1252 as its <meta>
	// says: the page adds navigation, a headline and a footer the gold
	// text lacks, and must be decoded by its own charset.
	dir := t.TempDir()
	text := "“We will rebuild the jetée by spring,” said Harbour Master Inès Caldera.\n\nThe council said the money was already set aside."
	page := `<!doctype html><html><head><meta charset="windows-1252"><title>Pier to be rebuilt</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Pier to be rebuilt</h1>
<p>“We will rebuild the jetée by spring,” said Harbour Master Inès Caldera.</p>
<p>The council said the money was already set aside.</p>
</article>
<footer>© Seaside Gazette</footer></body></html>`
	encoded, err := charmap.Windows1252.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "html", "pier.html"), []byte(encoded), 0o644); err != nil {
		t.Fatal(err)
	}
	line, err := json.Marshal(map[string]any{
		"id": "pier", "text": text, "html": "html/pier.html",
		"claims": []any{
			map[string]any{"kind": "direct", "start": 1, "end": 36, "text": "We will rebuild the jetée by spring",
				"speaker": map[string]any{"name": "Inès Caldera", "mention": "Inès Caldera", "start": 59, "end": 71}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	gold := filepath.Join(dir, "gold.jsonl")
	noPage := `{"id":"other","text":"Nothing here.","claims":[]}`
	if err := os.WriteFile(gold, append(append(line, '\n'), noPage+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runEval(t, "--gold", gold, "--html", "--json")
	if err != nil {
		t.Fatalf("eval --html failed: %v\n%s", err, out)
	}
	var rep struct {
		Source      string `json:"source"`
		WithoutHTML int    `json:"without_html"`
		Articles    int    `json:"articles"`
		All         struct {
			Gold int `json:"gold"`
		} `json:"all"`
		PerArticle []struct {
			GoldTextFound *float64 `json:"gold_text_found"`
		} `json:"per_article"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if rep.Source != "html" || rep.All.Gold != 1 || rep.Articles != 1 || rep.WithoutHTML != 1 {
		t.Errorf("report = %+v", rep)
	}
	// Every character of the gold text is on the page once decoded right.
	if len(rep.PerArticle) != 1 || rep.PerArticle[0].GoldTextFound == nil {
		t.Fatalf("per_article = %+v, want one entry with gold_text_found", rep.PerArticle)
	}
	if f := *rep.PerArticle[0].GoldTextFound; f != 1 {
		t.Errorf("gold text found = %v, want 1", f)
	}
	text2, err := runEval(t, "--gold", gold, "--html")
	if err != nil || !strings.Contains(text2, "1 gold article without an html page not scored") {
		t.Errorf("text report (err %v):\n%s", err, text2)
	}
	if err := os.Remove(filepath.Join(dir, "html", "pier.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := runEval(t, "--gold", gold, "--html"); err == nil || !strings.Contains(err.Error(), "pier.html") {
		t.Errorf("missing page: err = %v", err)
	}
}
