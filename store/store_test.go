package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/internal/claimstest"
	badger "github.com/dgraph-io/badger/v4"
)

func openTemp(t testing.TB, dir string) *Store {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// spk builds a speaker; mention offsets are not used by the store.
func spk(name, title string) *claims.Speaker {
	return &claims.Speaker{Name: name, Mention: name, Type: claims.TypePerson, Title: title}
}

// claimOf builds a claim whose offsets point into text (text must contain
// content).
func claimOf(text string, kind claims.Kind, content string, sp *claims.Speaker, entities ...string) claims.Claim {
	start := strings.Index(text, content)
	if start < 0 {
		panic("content not in text: " + content)
	}
	c := claims.Claim{Kind: kind, Text: content, Start: start, End: start + len(content), Speaker: sp, Confidence: 0.8}
	if kind != claims.Indirect {
		c.Quotes = []claims.Span{{Text: content, Start: c.Start, End: c.End}}
	}
	c.Cue = &claims.Span{Text: "said", Start: 0, End: 4}
	for _, e := range entities {
		c.Entities = append(c.Entities, claims.Entity{Name: e, Text: e, Type: claims.TypePerson})
	}
	return c
}

// fixture is an article and its claims, built by newFixture and add.
type fixture struct {
	a      claims.Article
	claims []claims.Claim
}

// newFixture builds an article without claims; each entry of parts is one
// sentence of its text.
func newFixture(url, site string, published time.Time, parts ...string) fixture {
	text := strings.Join(parts, " ")
	a := claims.Article{
		ID: claims.ArticleID(url, text), URL: url, Title: "Title of " + url, Site: site,
		Published: published, Text: text,
	}
	return fixture{a: a}
}

func (f *fixture) add(kind claims.Kind, content string, sp *claims.Speaker, entities ...string) *fixture {
	f.claims = append(f.claims, claimOf(f.a.Text, kind, content, sp, entities...))
	claims.AssignIDs(f.a.ID, f.claims)
	return f
}

func (f fixture) put(t testing.TB, s *Store) PutResult {
	t.Helper()
	res, err := s.Put(context.Background(), f.a, f.claims, f.a.URL)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func day(d int) time.Time { return time.Date(2025, 5, d, 9, 30, 0, 0, time.UTC) }

func queryIDs(t testing.TB, s *Store, q Query) []string {
	t.Helper()
	var ids []string
	err := s.Query(context.Background(), q, func(r Result) error {
		ids = append(ids, r.Claim.ID)
		if r.Article.Text != "" {
			t.Errorf("query returned article text for %s", r.Claim.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("query %+v: %v", q, err)
	}
	return ids
}

func TestPutRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := openTemp(t, dir)
	f := newFixture("https://example.com/a", "example.com", day(3),
		"Putin said that “talks were on track”.", "Aides said the deal was close.", "Ünïcode — “déjà vu”.")
	f.add(claims.Direct, "talks were on track", spk("Vladimir Putin", "Russian President"), "Kyiv")
	f.add(claims.Indirect, "the deal was close", spk("Aides", ""))
	f.add(claims.Direct, "déjà vu", nil)
	res := f.put(t, s)
	if !res.New || res.Unchanged || res.Claims != 3 || res.ArticleID != f.a.ID {
		t.Fatalf("first put: %+v", res)
	}
	check := func(s *Store) {
		t.Helper()
		for _, ref := range []string{f.a.ID, f.a.URL} {
			a, cs, err := s.Article(context.Background(), ref)
			if err != nil {
				t.Fatalf("Article(%s): %v", ref, err)
			}
			if !reflect.DeepEqual(a, f.a) {
				t.Errorf("Article(%s) = %+v, want %+v", ref, a, f.a)
			}
			if !reflect.DeepEqual(claimstest.WithoutEntities(cs), f.claims) {
				t.Errorf("Article(%s) claims = %+v, want %+v", ref, cs, f.claims)
			}
		}
		for src, want := range map[string]bool{f.a.URL: true, "https://example.com/other": false, "": false} {
			got, err := s.HasSource(context.Background(), src)
			if err != nil || got != want {
				t.Errorf("HasSource(%q) = %v, %v; want %v", src, got, err, want)
			}
		}
		if _, _, err := s.Article(context.Background(), "a_missing"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Article(missing) error = %v, want ErrNotFound", err)
		}
		if err := s.Check(context.Background()); err != nil {
			t.Error(err)
		}
	}
	check(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dir, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	check(s2)
}

func TestPutRejectsBadInput(t *testing.T) {
	s := openTemp(t, "")
	good := claims.Claim{ID: "c_1", Kind: claims.Direct}
	cases := []struct {
		name   string
		a      claims.Article
		claims []claims.Claim
	}{
		{"empty id", claims.Article{}, nil},
		{"nul in id", claims.Article{ID: "a\x00b"}, nil},
		{"claim without id", claims.Article{ID: "a_1"}, []claims.Claim{{Kind: claims.Direct}}},
		{"duplicate claim id", claims.Article{ID: "a_1"}, []claims.Claim{good, good}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Put(context.Background(), tc.a, tc.claims, ""); err == nil {
				t.Fatal("Put succeeded")
			}
		})
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 0 || st.Claims != 0 {
		t.Errorf("rejected puts left %d articles, %d claims", st.Articles, st.Claims)
	}
}

func TestReingestReplaces(t *testing.T) {
	s := openTemp(t, "")
	ctx := context.Background()
	v1 := newFixture("https://example.com/r", "Example News", day(4),
		"One “alpha beta”.", "Two “gamma delta”.", "Three “epsilon”.")
	v1.add(claims.Direct, "alpha beta", spk("Olaf Scholz", "Chancellor"))
	v1.add(claims.Direct, "gamma delta", spk("Olaf Scholz", "Chancellor"))
	v1.add(claims.Direct, "epsilon", spk("Anna Lind", ""), "Olaf Scholz")
	v1.put(t, s)

	// The same URL with a revised text: fewer claims, a new speaker, and a
	// new publication date and site so that every index moves.
	v2 := newFixture("https://example.com/r", "news.example.org", day(9),
		"One “alpha beta”.", "Later “zeta”.")
	v2.a.ID = v1.a.ID
	v2.add(claims.Direct, "alpha beta", spk("Olaf Scholz", "Chancellor"))
	v2.add(claims.Direct, "zeta", spk("Mette Frederiksen", "Prime Minister"))

	stats := func() Stats {
		t.Helper()
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := stats(); st.Articles != 1 || st.Claims != 3 || st.Speakers != 2 {
		t.Fatalf("before: %+v", st)
	}
	res, err := s.Put(ctx, v2.a, v2.claims, "https://example.com/r?utm=x")
	if err != nil {
		t.Fatal(err)
	}
	if res.New || res.Unchanged || res.Replaced != 3 || res.Claims != 2 {
		t.Errorf("replace: %+v", res)
	}
	if st := stats(); st.Articles != 1 || st.Claims != 2 || st.Speakers != 2 {
		t.Errorf("after replace: %+v", st)
	}
	for q, want := range map[string][]string{
		"Lind":        nil,
		"Scholz":      {v2.claims[0].ID},
		"Frederiksen": {v2.claims[1].ID},
	} {
		if got := queryIDs(t, s, Query{Speaker: q}); !slices.Equal(got, want) {
			t.Errorf("speaker %q after replace = %v, want %v", q, got, want)
		}
	}
	if got := queryIDs(t, s, Query{About: "Scholz"}); got != nil {
		t.Errorf("about Scholz after replace = %v, want none", got)
	}
	if got := queryIDs(t, s, Query{Site: "Example News"}); got != nil {
		t.Errorf("old site still indexed: %v", got)
	}
	// The URL's domain is indexed too, for either version.
	if got := queryIDs(t, s, Query{Site: "www.example.com"}); len(got) != 2 {
		t.Errorf("site by the URL's domain = %v, want both claims", got)
	}
	if got := queryIDs(t, s, Query{Until: day(5)}); got != nil {
		t.Errorf("old date still indexed: %v", got)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}

	// Unchanged: skipped, but a new source name is still recorded.
	res, err = s.Put(ctx, v2.a, v2.claims, "./saved/r.html")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unchanged || res.Claims != 2 {
		t.Errorf("unchanged put: %+v", res)
	}
	for _, src := range []string{"./saved/r.html", "https://example.com/r?utm=x", "https://example.com/r"} {
		if ok, err := s.HasSource(ctx, src); !ok || err != nil {
			t.Errorf("HasSource(%q) = %v, %v", src, ok, err)
		}
	}
	if st := stats(); st.Claims != 2 {
		t.Errorf("after unchanged put: %d claims", st.Claims)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentPutsOfOneArticle(t *testing.T) {
	s := openTemp(t, "")
	ctx := context.Background()
	base := newFixture("https://example.com/c", "example.com", day(2), "A “one”.", "B “two”.")
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			f := base
			f.claims = nil
			f.add(claims.Direct, "one", spk(fmt.Sprintf("Speaker %d", i), ""))
			if i%2 == 0 {
				f.add(claims.Direct, "two", spk("Other", ""))
			}
			_, err := s.Put(ctx, f.a, f.claims, "")
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestFutureSchemaRefused(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    string
	}{
		{strconv.Itoa(SchemaVersion + 1), "newer claims"},
		{"0", "old schema"},
		{"x", "not a number"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			f := newFixture("https://example.com/s", "", day(1), "“kept”.")
			f.add(claims.Direct, "kept", spk("A B", ""))
			f.put(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			// Rewrite the version the way a future program would.
			db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema, []byte(tc.version)) }); err != nil {
				t.Fatal(err)
			}
			db.Close()
			_, err = Open(dir, Options{})
			if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), dir) {
				t.Fatalf("Open = %v; want ErrSchema mentioning %q and the directory", err, tc.want)
			}
			// The refusal must not have changed the store.
			db, err = badger.Open(badger.DefaultOptions(dir).WithLogger(nil).WithReadOnly(true))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.View(func(txn *badger.Txn) error {
				item, err := txn.Get(keySchema)
				if err != nil {
					return err
				}
				v, err := item.ValueCopy(nil)
				if string(v) != tc.version {
					t.Errorf("schema now %q", v)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestOpenRefusesOtherDirectories(t *testing.T) {
	missing := t.TempDir() + "/nope"
	if _, err := Open(missing, Options{MustExist: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("MustExist on missing dir: %v", err)
	}
	other := t.TempDir()
	if err := os.WriteFile(other+"/notes.txt", []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(other, Options{}); !errors.Is(err, ErrNotStore) {
		t.Errorf("Open on a non-store directory: %v", err)
	}
	if _, err := Open("", Options{}); err == nil {
		t.Error("Open(\"\") succeeded")
	}
}

func TestInUseSameProcess(t *testing.T) {
	dir := t.TempDir()
	s := openTemp(t, dir)
	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	want := "store " + dir + " is in use by another claims process"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	if strings.Contains(err.Error(), "Badger") {
		t.Errorf("message leaks Badger internals: %q", err)
	}
	// The first handle still works.
	f := newFixture("https://example.com/u", "", day(1), "“fine”.")
	f.add(claims.Direct, "fine", spk("X Y", ""))
	f.put(t, s)
}

// TestEditedSourceSupersedes: a local file edited between two runs has a
// new content hash and so a new article id; the old version must go, or
// its claims would stay queryable beside the new ones.
func TestEditedSourceSupersedes(t *testing.T) {
	s := openTemp(t, "")
	ctx := context.Background()
	put := func(text, content string) PutResult {
		t.Helper()
		a := claims.Article{ID: claims.ArticleID("", text), Path: "notes/story.txt", Text: text}
		cs := []claims.Claim{claimOf(text, claims.Direct, content, spk("Olaf Scholz", ""))}
		claims.AssignIDs(a.ID, cs)
		res, err := s.Put(ctx, a, cs, "notes/story.txt")
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := put("He said “alpha beta”.", "alpha beta")
	second := put("He said “gamma delta” instead.", "gamma delta")
	if second.Superseded != first.ArticleID || !second.New {
		t.Fatalf("second put: %+v, want it to supersede %s", second, first.ArticleID)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Claims != 1 {
		t.Errorf("after the edit: %+v, want 1 article with 1 claim", st)
	}
	if _, _, err := s.Article(ctx, first.ArticleID); !errors.Is(err, ErrNotFound) {
		t.Errorf("old version: %v, want ErrNotFound", err)
	}
	var texts []string
	if err := s.Query(ctx, Query{Speaker: "Scholz"}, func(r Result) error {
		texts = append(texts, r.Claim.Text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(texts) != 1 || texts[0] != "gamma delta" {
		t.Errorf("Scholz's claims %q, want only the edited one", texts)
	}
	if ok, err := s.HasSource(ctx, "notes/story.txt"); err != nil || !ok {
		t.Errorf("HasSource after the edit: %v, %v", ok, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("store check: %v", err)
	}

	// Another source that led to an article keeps it: only the article
	// that came from this very source is superseded.
	other := claims.Article{ID: claims.ArticleID("https://example.com/a", ""), URL: "https://example.com/a", Text: "She said “one two”."}
	oc := []claims.Claim{claimOf(other.Text, claims.Direct, "one two", spk("Anna Lind", ""))}
	claims.AssignIDs(other.ID, oc)
	if _, err := s.Put(ctx, other, oc, "https://example.com/a?ref=feed"); err != nil {
		t.Fatal(err)
	}
	moved := claims.Article{ID: claims.ArticleID("https://example.com/b", ""), URL: "https://example.com/b", Text: "She said “three four”."}
	mc := []claims.Claim{claimOf(moved.Text, claims.Direct, "three four", spk("Anna Lind", ""))}
	claims.AssignIDs(moved.ID, mc)
	res, err := s.Put(ctx, moved, mc, "https://example.com/a?ref=feed")
	if err != nil {
		t.Fatal(err)
	}
	if res.Superseded != "" {
		t.Errorf("an article with its own URL was superseded by another source: %+v", res)
	}
	if _, _, err := s.Article(ctx, other.ID); err != nil {
		t.Errorf("the first article: %v", err)
	}
}

// TestCheckpoint reopens the database under a live store while readers run:
// everything stored before is there after, and writes go on.
func TestCheckpoint(t *testing.T) {
	s := openTemp(t, "")
	ctx := context.Background()
	a := newFixture("https://example.com/c1", "example.com", day(3), "One “alpha beta”.")
	a.add(claims.Direct, "alpha beta", spk("Olaf Scholz", ""))
	a.put(t, s)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			if ok, err := s.HasSource(ctx, "https://example.com/c1"); err != nil || !ok {
				t.Errorf("HasSource during checkpoints: %v, %v", ok, err)
				return
			}
		}
	}()
	for i := 0; i < 3; i++ {
		if err := s.Checkpoint(); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	b := newFixture("https://example.com/c2", "example.com", day(4), "Two “gamma delta”.")
	b.add(claims.Direct, "gamma delta", spk("Olaf Scholz", ""))
	b.put(t, s)
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.Claims != 2 {
		t.Errorf("after checkpoints: %+v, want 2 articles and 2 claims", st)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

// TestLongArticleFitsOneTransaction stores an article of 250 claims, each
// with a two-word speaker and entity (ten entries a claim, index included),
// then replaces it by another version as long, in one transaction: the
// memtable is kept small for memory's sake, and a transaction may hold only
// 15% of it (longer articles are staged: TestHugeArticle).
func TestLongArticleFitsOneTransaction(t *testing.T) {
	s := openTemp(t, "")
	const n = 250
	for version := range 2 {
		var parts []string
		for i := range n {
			parts = append(parts, fmt.Sprintf("Speaker%d said “version %d statement %d”.", i, version, i))
		}
		f := newFixture("https://example.com/long", "example.com", day(5), parts...)
		for i := range n {
			f.claims = append(f.claims, claimOf(f.a.Text, claims.Direct, fmt.Sprintf("version %d statement %d", version, i),
				spk(fmt.Sprintf("Speaker%d Surname%d", i, i), "Minister"), fmt.Sprintf("Entity%d Other%d", i, i)))
		}
		claims.AssignIDs(f.a.ID, f.claims)
		res := f.put(t, s)
		if res.Claims != n || (version == 1 && res.Replaced != n) {
			t.Fatalf("version %d: %+v", version, res)
		}
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Claims != n {
		t.Errorf("after replacing: %d articles, %d claims, want 1 and %d", st.Articles, st.Claims, n)
	}
	if err := s.Check(context.Background()); err != nil {
		t.Error(err)
	}
}
