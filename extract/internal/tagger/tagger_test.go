package tagger

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/tag/aptagmodel"
	"github.com/jdkato/prose/v3/token"
	"github.com/jdkato/prose/v3/tokenize"

	"github.com/claims-project/claims/corpus"
)

// polnearDir holds PolNeAR where ../shared sits beside the checkout.
var polnearDir = filepath.Join("..", "..", "..", "..", "shared", "data", "polnear")

// texts returns the corpus articles' texts, and PolNeAR's where present.
func texts(t *testing.T) []string {
	t.Helper()
	var out []string
	read := func(name string, b []byte) {
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(nil, 1<<26)
		for sc.Scan() {
			var a struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, a.Text)
		}
	}
	b, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	read(corpus.GoldFile, b)
	for _, split := range []string{"train", "dev"} {
		p := filepath.Join(polnearDir, split+".jsonl")
		if b, err := os.ReadFile(p); err == nil {
			read(p, b)
		} else {
			t.Logf("%s: %v (only the corpus is compared)", p, err)
		}
	}
	return out
}

// compare tags words with prose's tagger and with t, and reports the
// first token where they differ.
func compare(t *testing.T, want *tag.Tagger, got *Tagger, words []string) bool {
	t.Helper()
	a := make([]token.Token, len(words))
	b := make([]token.Token, len(words))
	for i, w := range words {
		a[i].Text, b[i].Text = w, w
	}
	want.TagTokens(a)
	got.TagTokens(b)
	for i := range a {
		if a[i].Tag != b[i].Tag {
			t.Errorf("%q: word %d %q tagged %q, prose says %q", strings.Join(words, " "), i, words[i], b[i].Tag, a[i].Tag)
			return false
		}
	}
	return true
}

func newTaggers(t *testing.T) (*tag.Tagger, *Tagger) {
	t.Helper()
	want, err := tag.New()
	if err != nil {
		t.Fatal(err)
	}
	got, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return want, got
}

// TestTagsAsProse tags every sentence of the corpus and of PolNeAR with
// both taggers: every tag must be prose's.
func TestTagsAsProse(t *testing.T) {
	want, got := newTaggers(t)
	seg, err := segment.New()
	if err != nil {
		t.Fatal(err)
	}
	tk := tokenize.New()
	sentences, fails := 0, 0
	for _, text := range texts(t) {
		for _, s := range seg.Segment(text) {
			var words []string
			for _, w := range tk.Tokenize(s.Text) {
				words = append(words, w.Text)
			}
			sentences++
			if !compare(t, want, got, words) {
				if fails++; fails > 10 {
					t.Fatal("too many differences")
				}
			}
		}
	}
	if sentences < 500 {
		t.Errorf("compared %d sentences; want the corpus's", sentences)
	}
	// The tagger's fixed tags: emoticons (each of emoticons.txt must be one
	// prose knows), traces, brackets, handles and dashes.
	for e := range got.emoticons {
		compare(t, want, got, []string{"He", "wrote", e, "today"})
		if ts := want.Tag([]string{"He", "wrote", e, "today"}); ts[2].Tag != "SYM" {
			t.Errorf("%q: prose tags it %q; emoticons.txt lists only what prose tags SYM", e, ts[2].Tag)
		}
	}
	compare(t, want, got, []string{"*T*-2", "-LRB-", "@user", "-", "*", "0", "Ünïcode", "ÉCOLE", "1999", "-12", "+123"})
}

// FuzzTagsAsProse tags any words with both taggers.
func FuzzTagsAsProse(f *testing.F) {
	for _, s := range []string{
		"The minister said on Tuesday that talks would resume .",
		"“ We will not , ” Putin told reporters in Moscow 's Kremlin",
		":-) XDD o_O @_@ 2024 12-year-old -RRB- *-1 É",
		"", "- - -", "ÀÉÎ ÕÜ ß ǅ İstanbul",
	} {
		f.Add(s)
	}
	want, err := tag.New()
	if err != nil {
		f.Fatal(err)
	}
	got, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		compare(t, want, got, strings.Fields(s))
	})
}

// TestBadModel: a truncated or foreign model is an error, not a panic.
func TestBadModel(t *testing.T) {
	if _, err := decode([]byte("NOTATAGR")); err == nil {
		t.Error("a foreign file decoded")
	}
	for _, n := range []int{0, 8, 12, 100, 5000} {
		if _, err := decode(append([]byte(nil), aptagmodel.English[:n]...)); err == nil {
			t.Errorf("the model's first %d bytes decoded", n)
		}
	}
}

// BenchmarkTagger tags the corpus's sentences with prose's tagger and with
// this one, in the same run:
//
//	go test -run '^$' -bench Tagger -count 10 ./extract/internal/tagger | benchstat -col /tagger -
func BenchmarkTagger(b *testing.B) {
	seg, err := segment.New()
	if err != nil {
		b.Fatal(err)
	}
	tk := tokenize.New()
	bc, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		b.Fatal(err)
	}
	var sents [][]token.Token
	words := 0
	for _, l := range strings.Split(strings.TrimSpace(string(bc)), "\n") {
		var a struct{ Text string }
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			b.Fatal(err)
		}
		for _, s := range seg.Segment(a.Text) {
			ts := tk.Tokenize(s.Text)
			words += len(ts)
			sents = append(sents, ts)
		}
	}
	prose, err := tag.New()
	if err != nil {
		b.Fatal(err)
	}
	hashed, err := New()
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		tag  func([]token.Token)
	}{{"tagger=prose", prose.TagTokens}, {"tagger=hashed", hashed.TagTokens}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, s := range sents {
					tc.tag(s)
				}
			}
			b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}

// BenchmarkNew loads the model, as every process that extracts does once
// (New, then one sentence tagged, so that a lazy load would be counted).
func BenchmarkNew(b *testing.B) {
	toks := []token.Token{{Text: "The"}, {Text: "minister"}, {Text: "said"}, {Text: "so"}, {Text: "."}}
	b.ReportAllocs()
	for b.Loop() {
		tg, err := New()
		if err != nil {
			b.Fatal(err)
		}
		tg.TagTokens(toks)
	}
}

// TestDecodeUnaligned: a model whose words are not 4-byte aligned is
// copied, not viewed, and reads the same as the aligned one.
func TestDecodeUnaligned(t *testing.T) {
	buf := make([]byte, len(aptagmodel.English)+1)
	copy(buf[1:], aptagmodel.English)
	aligned, err := decode(aptagmodel.English)
	if err != nil {
		t.Fatal(err)
	}
	unaligned, err := decode(buf[1:])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(aligned.featOff, unaligned.featOff) || !slices.Equal(aligned.pairOff, unaligned.pairOff) ||
		!slices.Equal(aligned.weights, unaligned.weights) || !slices.Equal(aligned.classIDs, unaligned.classIDs) {
		t.Error("the unaligned copy of the model decodes to other offsets, weights or classes")
	}
}
