package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// BenchmarkGroupIndexSize puts articles whose quotes are all different
// (random sentences of 8 to 40 words from a Zipf vocabulary, 500
// speakers) through Put, the worst case for the grouping index (a
// reprinted quote adds one member entry and nothing else), and reports
// the index grouping keeps: its entries and bytes (keys and values) per
// claim (bytes per claim are also megabytes per million claims). The index
// lives in Badger, on disk: what grouping holds in memory is one
// transaction's reads and writes (the peak RSS of a long ingest is
// measured in the README).
//
//	go test -run '^$' -bench GroupIndexSize -benchtime 1x ./store
func BenchmarkGroupIndexSize(b *testing.B) {
	const articles, perArticle = 2000, 10
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", i*7919%65521)
	}
	for range b.N {
		s := openTemp(b, "")
		rng := rand.New(rand.NewPCG(1, 2))
		zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range articles {
			var text strings.Builder
			var cs []claims.Claim
			for range perArticle {
				words := make([]string, 8+rng.IntN(33))
				for k := range words {
					words[k] = vocab[zipf.Uint64()]
				}
				q := strings.Join(words, " ")
				fmt.Fprintf(&text, "Speaker said: “")
				start := len([]rune(text.String()))
				text.WriteString(q)
				text.WriteString("”\n")
				cs = append(cs, claims.Claim{Kind: claims.Direct, Text: q, Start: start, End: start + len([]rune(q)),
					Quotes:     []claims.Span{{Text: q, Start: start, End: start + len([]rune(q))}},
					Speaker:    &claims.Speaker{Name: speakerName(int(rng.Float64() * rng.Float64() * 500))},
					Confidence: 0.9})
			}
			url := fmt.Sprintf("https://size.example/%d", i)
			a := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Site: "size.example",
				Published: base.Add(time.Duration(i) * time.Minute), Text: text.String()}
			claims.AssignIDs(a.ID, cs)
			if _, err := s.Put(context.Background(), a, cs, url); err != nil {
				b.Fatal(err)
			}
		}
		entries, bytes := groupIndexSize(b, s)
		n := float64(articles * perArticle)
		b.ReportMetric(float64(entries)/n, "entries/claim")
		b.ReportMetric(float64(bytes)/n, "B/claim")
	}
}

// groupIndexSize counts the entries grouping keeps and their bytes.
func groupIndexSize(tb testing.TB, s *Store) (entries, bytes int) {
	tb.Helper()
	err := s.view(func(txn *badger.Txn) error {
		for _, p := range groupKeys {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for it.Rewind(); it.Valid(); it.Next() {
				entries++
				bytes += len(it.Item().Key()) + int(it.Item().ValueSize())
			}
			it.Close()
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return entries, bytes
}
