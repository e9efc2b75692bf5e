package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

var update = flag.Bool("update", false, "rewrite golden files")

// reportFixture is a small scored result with every kind of mistake:
// a match with the right speaker, a wrong speaker, a near miss, a miss
// with nothing near it, and two false alarms.
func reportFixture(t *testing.T) *Result {
	t.Helper()
	text := "LISBON — “The port will reopen on Friday,” said harbour chief Rui Paiva.\n\n" +
		"Unions said the strike would continue until wages rose. “We are not moving,” said Ana Lobo.\n\n" +
		"Critics, according to the newspaper, called the deal “a surrender.”"
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("%q not in text", s)
		}
		st := utf8.RuneCountInString(text[:i])
		return st, st + utf8.RuneCountInString(s)
	}
	cl := func(kind claims.Kind, content string, sp *claims.Speaker, conf float64) claims.Claim {
		s, e := at(content)
		return claims.Claim{Kind: kind, Text: content, Start: s, End: e, Speaker: sp, Confidence: conf}
	}
	who := func(name, mention string) *claims.Speaker {
		s, e := at(mention)
		return &claims.Speaker{Name: name, Mention: mention, Start: s, End: e}
	}
	a := goldArticle("lisbon-port", text,
		cl(claims.Direct, "The port will reopen on Friday", who("Rui Paiva", "Rui Paiva"), 0),
		cl(claims.Indirect, "the strike would continue until wages rose", who("Unions", "Unions"), 0),
		cl(claims.Direct, "We are not moving", who("Ana Lobo", "Ana Lobo"), 0),
		cl(claims.Partial, "the deal “a surrender.”", who("Critics", "Critics"), 0),
	)
	preds := []claims.Claim{
		cl(claims.Direct, "The port will reopen on Friday", who("Rui Paiva", "Paiva"), 0.9),
		cl(claims.Indirect, "wages rose", who("Unions", "Unions"), 0.4),
		cl(claims.Direct, "We are not moving", who("Unions", "Unions"), 0.8),
		cl(claims.Direct, "a surrender.", nil, 0.6),
		cl(claims.Indirect, "the newspaper", nil, 0.2),
	}
	return Score([]*Article{a}, [][]claims.Claim{preds}, Options{})
}

func TestFindMistakes(t *testing.T) {
	m := FindMistakes(reportFixture(t), 0, -1)
	if m.TotalMisses != 1 || m.TotalWrongSpeakers != 2 || m.TotalFalseAlarms != 2 {
		t.Fatalf("totals = %d misses, %d wrong speakers, %d false alarms", m.TotalMisses, m.TotalWrongSpeakers, m.TotalFalseAlarms)
	}
	// "wages rose" covers 10 of the 42 code points of the strike claim.
	if w := m.Misses[0].Why; !strings.Contains(w, "covers only 24% of it") || !strings.Contains(w, `"wages rose"`) {
		t.Errorf("near miss why = %q", w)
	}
	// "a surrender." covers 12 of the 23 code points of the partial claim:
	// a match (kinds need not agree), with no speaker for a named one.
	if ws := m.WrongSpeakers[1]; ws.Kind != claims.Partial || ws.PredictedSpeaker != "no speaker (null)" {
		t.Errorf("second wrong speaker = %+v", ws)
	}
	ws := m.WrongSpeakers[0]
	if ws.Text != "We are not moving" || !strings.Contains(ws.ExpectedSpeaker, `"Ana Lobo"`) || !strings.Contains(ws.PredictedSpeaker, `"Unions"`) {
		t.Errorf("wrong speaker = %+v", ws)
	}
	if !strings.Contains(ws.Context, "“⟦We are not moving⟧,” said Ana Lobo.") {
		t.Errorf("context = %q", ws.Context)
	}
	if fa := m.FalseAlarms[0]; fa.Text != "wages rose" || !strings.Contains(fa.Why, "covers only 24% of the gold claim") {
		t.Errorf("first false alarm = %+v", fa)
	}
	if fa := m.FalseAlarms[1]; fa.Text != "the newspaper" || fa.Why != "it overlaps no gold claim" {
		t.Errorf("second false alarm = %+v", fa)
	}
	if lim := FindMistakes(reportFixture(t), 0, 1); len(lim.WrongSpeakers) != 1 || len(lim.FalseAlarms) != 1 || lim.TotalFalseAlarms != 2 {
		t.Errorf("limit 1: %d misses, %d false alarms of %d", len(lim.Misses), len(lim.FalseAlarms), lim.TotalFalseAlarms)
	}
}

func TestWriteTextGolden(t *testing.T) {
	r := reportFixture(t)
	rep := &Report{GoldFiles: []string{"fixture.jsonl"}, Source: "text", Result: r, Mistakes: FindMistakes(r, 0, 10)}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf, true); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden", buf.Bytes())
}

func TestWriteJSONGolden(t *testing.T) {
	r := reportFixture(t)
	rep := &Report{GoldFiles: []string{"fixture.jsonl"}, Source: "text", Result: r, Mistakes: FindMistakes(r, 0, 2)}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, k := range []string{"gold_files", "source", "thresholds", "articles", "all", "by_kind", "confidence_split", "per_article", "mistakes"} {
		if _, ok := v[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	golden(t, "report.json.golden", buf.Bytes())
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

// pageFunc fakes ingest.ExtractPage: the main text is the page body with
// "<p>" lines turned into paragraphs and everything else dropped.
func pageFunc(_ context.Context, body []byte, _, pageURL string) (claims.Article, error) {
	var paras []string
	for line := range strings.SplitSeq(string(body), "\n") {
		if p, ok := strings.CutPrefix(line, "<p>"); ok {
			paras = append(paras, p)
		}
	}
	if len(paras) == 0 {
		return claims.Article{}, errors.New("no main text")
	}
	return claims.Article{URL: pageURL, Text: strings.Join(paras, "\n\n")}, nil
}

// quoteExtractor predicts a direct claim for every “…” in the text.
type quoteExtractor struct{}

func (quoteExtractor) Extract(_ context.Context, text string) ([]claims.Claim, error) {
	var out []claims.Claim
	r := []rune(text)
	open := -1
	for i, c := range r {
		switch c {
		case '“':
			open = i
		case '”':
			if open >= 0 {
				out = append(out, claims.Claim{Kind: claims.Direct, Text: string(r[open+1 : i]), Start: open + 1, End: i})
				open = -1
			}
		}
	}
	return out, nil
}

func TestHTMLPredictor(t *testing.T) {
	gold := "“We are open,” the owner said.\n\nBusiness was slow."
	pages := map[string]string{
		filepath.Join("data", "html", "a.html"):     "<h1>Shop reopens</h1>\n<p>Shop reopens\n<p>“We are open,”   the owner said.\n<p>Business was slow.\n<p>“Great news!” wrote a reader.",
		filepath.Join("data", "html", "empty.html"): "<div>nothing</div>",
	}
	read := func(name string) ([]byte, error) {
		if s, ok := pages[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	var contentType string
	page := func(ctx context.Context, body []byte, ct, pageURL string) (claims.Article, error) {
		contentType = ct
		return pageFunc(ctx, body, ct, pageURL)
	}
	p := HTMLPredictor{Extractor: quoteExtractor{}, Page: page, ReadFile: read}
	a := goldArticle("a", gold, claims.Claim{Kind: claims.Direct, Text: "We are open,", Start: 1, End: 13})
	a.HTML, a.File, a.Line = "html/a.html", filepath.Join("data", "gold.jsonl"), 3
	got, err := p.Predict(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Start != 1 || got[0].End != 13 || got[0].Text != "We are open," || got[1].Start != Unlocated {
		t.Fatalf("predictions = %+v", got)
	}
	// A saved page declares its own charset; claiming one would override it.
	if contentType != "text/html" {
		t.Errorf("content type %q passed to the page extractor", contentType)
	}
	if _, found, err := p.PredictCoverage(context.Background(), a); err != nil || found != 1 {
		t.Errorf("gold found = %v (err %v), want 1", found, err)
	}
	tests := []struct {
		name, html string
		want       []string
	}{
		{"no html field", "", []string{"data/gold.jsonl:3", "html", "no html field"}},
		{"missing page", "html/gone.html", []string{"data/gold.jsonl:3", "gone.html"}},
		{"page extractor fails", "html/empty.html", []string{"empty.html", "no main text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := *a
			b.HTML = tt.html
			_, err := p.Predict(context.Background(), &b)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(filepath.ToSlash(err.Error()), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
