package extract_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/tokenize"
)

// corpusTexts returns the corpus articles' texts and their total size in
// bytes and in prose tokens, the unit both benchmarks below report.
func corpusTexts(b *testing.B) ([]string, int, int) {
	var texts []string
	size, tokens := 0, 0
	tk := tokenize.New()
	for _, a := range corpusArticles(b) {
		texts = append(texts, a.Text)
		size += len(a.Text)
		tokens += len(tk.Tokenize(a.Text))
	}
	return texts, size, tokens
}

// BenchmarkExtract runs the whole extractor over the corpus on one
// goroutine. Compare with BenchmarkProseReference in the same run:
//
//	go test -run '^$' -bench 'Extract$|ProseReference' -count 6 ./extract | benchstat -
func BenchmarkExtract(b *testing.B) {
	texts, size, tokens := corpusTexts(b)
	ex := testExtractor(b)
	ctx := context.Background()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			if _, err := ex.Extract(ctx, t); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkProseReference is what prose v3 costs on the same texts for
// tokenizing, segmenting and tagging every sentence: the floor a
// tagger-based extractor is measured against.
func BenchmarkProseReference(b *testing.B) {
	texts, size, tokens := corpusTexts(b)
	seg, err := segment.New()
	if err != nil {
		b.Fatal(err)
	}
	tg, err := tag.New()
	if err != nil {
		b.Fatal(err)
	}
	tk := tokenize.New()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			for _, s := range seg.Segment(t) {
				toks := tk.Tokenize(s.Text)
				tg.TagTokens(toks)
			}
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkExtractLarge shows that time grows linearly with input: each
// size doubles the text, so ns/op should double and MB/s stay flat. The
// inputs are a long article (paragraphs of corpus text repeated up to
// 2 MB) and a text of 10,000 quotation marks.
func BenchmarkExtractLarge(b *testing.B) {
	var all strings.Builder
	for _, a := range corpusArticles(b) {
		all.WriteString(a.Text)
		all.WriteString("\n\n")
	}
	base := all.String()
	ex := testExtractor(b)
	ctx := context.Background()
	for _, size := range []int{256 << 10, 512 << 10, 1 << 20, 2 << 20} {
		text := strings.Repeat(base, size/len(base)+1)[:size]
		text = strings.ToValidUTF8(text, "")
		b.Run(fmt.Sprintf("article-%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				if _, err := ex.Extract(ctx, text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range []int{2500, 5000, 10000} {
		text := "Lede.\n\n" + strings.Repeat("“We will,” she said. ", n/2)
		b.Run(fmt.Sprintf("quote-marks-%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				if _, err := ex.Extract(ctx, text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
