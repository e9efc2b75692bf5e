package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// hugeArticle is version v of an article with n claims, each with its own
// speaker and entity, so that every claim has a dozen index entries: far
// more than one transaction takes.
func hugeArticle(n, v int) fixture {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("Speaker%d said “v%d statement %d”.", i, v, i)
	}
	f := newFixture("https://example.com/huge", "example.com", day(7), parts...)
	f.a.Title = fmt.Sprintf("huge v%d", v)
	for i := range n {
		f.claims = append(f.claims, claimOf(f.a.Text, claims.Direct, fmt.Sprintf("v%d statement %d", v, i),
			spk(fmt.Sprintf("Speaker%d Surname%d", i, i), "Minister"), fmt.Sprintf("Entity%d Other%d", i%50, i)))
	}
	claims.AssignIDs(f.a.ID, f.claims)
	return f
}

// seesOnly checks that every reader sees article f whole and nothing
// else: Article, a query of every claim, Stats, Speakers and Check.
func seesOnly(t *testing.T, s *Store, f fixture, others int) {
	t.Helper()
	ctx := context.Background()
	a, cs, err := s.Article(ctx, f.a.URL)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != f.a.Title || a.Text != f.a.Text || len(cs) != len(f.claims) {
		t.Fatalf("Article: %q with %d claims, want %q with %d", a.Title, len(cs), f.a.Title, len(f.claims))
	}
	for i := range cs {
		if cs[i].ID != f.claims[i].ID || cs[i].Text != f.claims[i].Text {
			t.Fatalf("claim %d is %s %q, want %s %q", i, cs[i].ID, cs[i].Text, f.claims[i].ID, f.claims[i].Text)
		}
	}
	var got []string
	err = s.Query(ctx, Query{Site: "example.com"}, func(r Result) error {
		if r.Article.ID == f.a.ID {
			got = append(got, r.Claim.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(f.claims))
	for i := range f.claims {
		want[i] = f.claims[i].ID
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("query by site: %d claims of the article, want %d", len(got), len(want))
	}
	if ids := queryIDs(t, s, Query{Speaker: "Surname1"}); len(ids) != 1 || ids[0] != f.claims[1].ID {
		t.Fatalf("speaker query: %v, want [%s]", ids, f.claims[1].ID)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Claims != len(f.claims)+others || st.Speakers != len(f.claims)+others {
		t.Fatalf("Stats: %d claims, %d speakers; want %d of each", st.Claims, st.Speakers, len(f.claims)+others)
	}
	sp, err := s.Speakers(ctx, SpeakerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sp) != len(f.claims)+others {
		t.Fatalf("Speakers: %d, want %d", len(sp), len(f.claims)+others)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestHugeArticle stores an article of 10,000 claims (about 120,000
// entries with their index), replaces it by a short version, then by a
// long one again: each is stored whole. (TestHugeArticleCrash replaces a
// long version by another.)
func TestHugeArticle(t *testing.T) {
	s := openTemp(t, "")
	small := newFixture("https://example.com/small", "example.com", day(2), "“Fine,” said Ann Other.")
	small.add(claims.Direct, "Fine,", spk("Ann Other", ""))
	small.put(t, s)
	for _, tc := range []struct{ n, v int }{{raceScaled(10000), 1}, {3, 2}, {raceScaled(4000), 3}} {
		f := hugeArticle(tc.n, tc.v)
		res := f.put(t, s)
		if res.Claims != tc.n {
			t.Fatalf("v%d: %+v", tc.v, res)
		}
		seesOnly(t, s, f, 1)
	}
}

// TestStagedPutIsAtomicForReaders looks at the store at each step of a
// staged Put: while its batches are written and until its final write,
// readers see the old version whole; from then on the new one whole, also
// while the old version is being deleted.
func TestStagedPutIsAtomicForReaders(t *testing.T) {
	s := openTemp(t, "")
	old, next := hugeArticle(raceScaled(1500), 1), hugeArticle(raceScaled(1500), 2)
	old.put(t, s)
	steps := map[string]int{}
	s.testHook = func(step string) {
		steps[step]++
		switch step {
		case "staged", "final":
			seesOnly(t, s, old, 0)
		case "published", "cleaned":
			seesOnly(t, s, next, 0)
		}
	}
	next.put(t, s)
	s.testHook = nil
	if steps["staged"] < 2 || steps["final"] != 1 || steps["published"] != 1 || steps["cleaned"] < 2 {
		t.Fatalf("steps of the staged Put: %v", steps)
	}
	seesOnly(t, s, next, 0)
	if n := countPrefix(t, s, pPending); n != 0 {
		t.Errorf("%d pending marks left", n)
	}
}

// TestInterruptedStagedPut: a staged Put cancelled half way leaves its
// batches hidden, and the next Open deletes them.
func TestInterruptedStagedPut(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	old := hugeArticle(2000, 1)
	old.put(t, s)
	before := countPrefix(t, s, pClaim)
	ctx, cancel := context.WithCancel(context.Background())
	batches := 0
	s.testHook = func(step string) {
		if step == "staged" {
			if batches++; batches == 3 {
				cancel()
			}
		}
	}
	next := hugeArticle(2000, 2)
	if _, err := s.Put(ctx, next.a, next.claims, next.a.URL); err == nil {
		t.Fatal("cancelled Put succeeded")
	}
	s.testHook = nil
	if countPrefix(t, s, pClaim) <= before || countPrefix(t, s, pPending) != 1 {
		t.Fatal("the cancelled Put left no hidden batches; the test tests nothing")
	}
	seesOnly(t, s, old, 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, p := countPrefix(t, s, pClaim), countPrefix(t, s, pPending); n != before || p != 0 {
		t.Errorf("after reopening: %d claim keys (want %d), %d pending marks", n, before, p)
	}
	seesOnly(t, s, old, 0)
}

func countPrefix(t *testing.T, s *Store, p byte) int {
	t.Helper()
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOlderSchemasMigrate: a store written at schema 1, 2 or 3, without
// speaker links or quote groups as this schema derives them, is refused
// read-only with a way out, and opened for writing is reindexed: this
// schema, every article kept, its speakers linked, its quotes grouped,
// Check passing.
func TestOlderSchemasMigrate(t *testing.T) {
	for _, old := range []string{"1", "2", "3"} {
		dir := t.TempDir()
		s := openTemp(t, dir)
		f := newFixture("https://example.com/s", "", day(1), "“kept”.", "“and this”.")
		f.add(claims.Direct, "kept", spk("Ada Byron", ""))
		f.add(claims.Direct, "and this", spk("Ms. Byron", ""))
		f.put(t, s)
		for _, p := range append([]byte{pLinks, pPosting, pNode, pEntity, pLocal}, groupKeys...) {
			if err := s.deletePrefix(context.Background(), p); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema, []byte(old)) }); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), "claims reindex") {
			t.Errorf("schema %s read-only: %v", old, err)
		}
		s = openTemp(t, dir)
		if _, cs, err := s.Article(context.Background(), f.a.ID); err != nil || len(cs) != 2 || cs[1].Speaker.Entity == nil ||
			cs[1].Speaker.Entity.Name != "Ada Byron" {
			t.Fatalf("after migrating schema %s: %v, %+v", old, err, cs)
		}
		if err := s.Check(context.Background()); err != nil {
			t.Errorf("schema %s migrated: %v", old, err)
		}
		err := s.view(func(txn *badger.Txn) error {
			item, err := txn.Get(keySchema)
			if err != nil {
				return err
			}
			v, err := item.ValueCopy(nil)
			if string(v) != strconv.Itoa(SchemaVersion) {
				t.Errorf("schema %q after opening a schema %s store", v, old)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

// batches is PutStream's each for cs, in batches of size.
func batches(cs []claims.Claim, size int, failAt int) func(yield func([]claims.Claim) error) error {
	return func(yield func([]claims.Claim) error) error {
		for i := 0; i < len(cs); i += size {
			if i >= failAt {
				return errors.New("extraction failed")
			}
			if err := yield(cs[i:min(i+size, len(cs))]); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestPutStream stores an article whose claims come in batches, sees it
// whole, recognises it unchanged whichever way it comes again, and keeps
// it whole when a later stream fails half way.
func TestPutStream(t *testing.T) {
	s := openTemp(t, "")
	ctx := context.Background()
	f := hugeArticle(3000, 1)
	res, err := s.PutStream(ctx, f.a, f.a.URL, batches(f.claims, 700, len(f.claims)))
	if err != nil || res.Claims != 3000 || !res.New {
		t.Fatalf("PutStream: %+v, %v", res, err)
	}
	seesOnly(t, s, f, 0)
	if res := f.put(t, s); !res.Unchanged {
		t.Errorf("Put of the streamed article: %+v, want unchanged", res)
	}
	if res, err := s.PutStream(ctx, f.a, f.a.URL, batches(f.claims, 1000, len(f.claims))); err != nil || !res.Unchanged {
		t.Errorf("PutStream again: %+v, %v; want unchanged", res, err)
	}
	seesOnly(t, s, f, 0)
	g := hugeArticle(3000, 2)
	if _, err := s.PutStream(ctx, g.a, g.a.URL, batches(g.claims, 700, 1400)); err == nil || !strings.Contains(err.Error(), "extraction failed") {
		t.Fatalf("failing stream: %v", err)
	}
	seesOnly(t, s, f, 0)
	res, err = s.PutStream(ctx, g.a, g.a.URL, batches(g.claims, 700, len(g.claims)))
	if err != nil || res.Replaced != 3000 {
		t.Fatalf("PutStream of v2: %+v, %v", res, err)
	}
	seesOnly(t, s, g, 0)
	if n := countPrefix(t, s, pPending); n != 0 {
		t.Errorf("%d pending marks left", n)
	}
}
