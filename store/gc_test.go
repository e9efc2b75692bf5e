package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/claims-project/claims"
)

// TestReingestDoesNotGrowWithoutBound re-ingests the same articles with
// changed texts many times, closing the store between rounds as CLI runs
// do, and checks that the value log is collected: the store ends far
// smaller than everything ever written.
func TestReingestDoesNotGrowWithoutBound(t *testing.T) {
	dir := t.TempDir()
	const rounds, articles, textLen = 12, 40, 8 << 10
	written := int64(0)
	for round := range rounds {
		s, err := Open(dir, Options{NoSync: true, vlogFileSize: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		for i := range articles {
			body := strings.Repeat(fmt.Sprintf("round %d article %d. ", round, i), textLen/24)
			text := "Mayor said “yes”. " + body
			url := fmt.Sprintf("https://gc.example/%d", i)
			a := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Text: text, Published: day(1 + i%20)}
			cs := []claims.Claim{claimOf(text, claims.Direct, "yes", spk("Margaret Okafor", "Mayor"))}
			claims.AssignIDs(a.ID, cs)
			if _, err := s.Put(context.Background(), a, cs, url); err != nil {
				t.Fatal(err)
			}
			written += int64(len(text))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != articles || st.Claims != articles {
		t.Fatalf("%d articles, %d claims after re-ingests", st.Articles, st.Claims)
	}
	live := int64(articles * textLen)
	t.Logf("wrote %d KB of text in %d rounds, %d KB live; value log %d KB, disk %d KB",
		written>>10, rounds, live>>10, st.VLogBytes>>10, st.DiskBytes>>10)
	if st.VLogBytes > 3*live {
		t.Errorf("value log %d KB after writing %d KB: garbage is not collected", st.VLogBytes>>10, written>>10)
	}
}
