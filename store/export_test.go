package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
)

// What benchmarks in package store_test (which may import store/server)
// need from inside the store.

// OpenBulk opens a store sized for bulk loads, without syncs.
func OpenBulk(dir string) (*Store, error) { return Open(dir, Options{NoSync: true, bulk: true}) }

// BulkLoad is bulkLoad for external tests.
func BulkLoad(tb testing.TB, s *Store, nArticles, perArticle, nSpeakers, textLen int) {
	bulkLoad(tb, s, nArticles, perArticle, nSpeakers, textLen)
}

// SpeakerName is the name BulkLoad gives speaker k.
func SpeakerName(k int) string { return speakerName(k) }

// BulkLoadSpeaker writes nArticles articles, one a day back from 2025,
// each of perArticle claims by name quoted in its own paragraph, as
// BulkLoad does: the store of a prolific speaker.
func BulkLoadSpeaker(tb testing.TB, s *Store, name string, nArticles, perArticle int) {
	tb.Helper()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ids := make([]string, nArticles)
	speakers := make([][]entity.Speaker, nArticles)
	for i := range nArticles {
		var paras []string
		cs := make([]claims.Claim, perArticle)
		off := 0
		for j := range cs {
			quote := fmt.Sprintf("Statement %d of day %d is about the harbour and the Ministry of Ports", j, i)
			para := fmt.Sprintf("%s said “%s” to reporters on the quay.", name, quote)
			start := off + len([]rune(name)) + len(" said “")
			cs[j] = claims.Claim{
				Kind: claims.Direct, Text: quote, Start: start, End: start + len([]rune(quote)),
				Quotes:     []claims.Span{{Text: quote, Start: start, End: start + len([]rune(quote))}},
				Speaker:    &claims.Speaker{Name: name, Mention: name, Start: off, End: off + len([]rune(name)), Title: "Harbourmaster", Type: claims.TypePerson},
				Cue:        &claims.Span{Text: "said", Start: off + len([]rune(name)) + 1, End: off + len([]rune(name)) + 5},
				Confidence: 0.9,
				Entities:   []claims.Entity{{Name: "Ministry of Ports", Text: "Ministry of Ports", Type: claims.TypeOrg}},
			}
			paras = append(paras, para)
			off += len([]rune(para)) + 1
		}
		url := fmt.Sprintf("https://prolific.example/%d", i)
		a := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Title: fmt.Sprintf("Day %d", i), Site: "prolific.example",
			Published: base.AddDate(0, 0, -i), Text: strings.Join(paras, "\n")}
		claims.AssignIDs(a.ID, cs)
		ids[i], speakers[i] = a.ID, articleSpeakers(cs)
		entries, err := articleEntries(a, cs, "bulk", "")
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			if err := wb.Set(e.key, e.val); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := wb.Flush(); err != nil {
		tb.Fatal(err)
	}
	bulkLink(tb, s, ids, speakers)
}

// Settle waits up to d for Badger's compactions to work off a bulk
// load's backlog, as they would between an ingest and the queries after
// it.
func Settle(s *Store, d time.Duration) {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		settled := true
		for _, l := range s.db.Levels() {
			settled = settled && l.Score < 1
		}
		if settled {
			return
		}
	}
}
