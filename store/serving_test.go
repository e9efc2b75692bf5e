package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
)

// dirState is every file under dir with its size and modification time.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		m[p] = info.ModTime().String() + " " + time.Duration(info.Size()).String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestReadOnlyOpen: a read-only opener reads everything, writes nothing
// (no file changes, even as root, who could write anyway), shares the
// store with other read-only openers, and excludes writers both ways.
func TestReadOnlyOpen(t *testing.T) {
	s, _ := lookupStore(t)
	dir := s.Dir()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		// Without write access to anything, as a reader may be.
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, _ error) error {
			if d.IsDir() {
				return os.Chmod(p, 0o555)
			}
			return os.Chmod(p, 0o444)
		})
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	}
	before := dirState(t, dir)
	r1, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	r2, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	if got := queryIDs(t, r2, Query{Speaker: "Putin"}); len(got) != 3 {
		t.Errorf("read-only query found %d Putin claims, want 3", len(got))
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		t.Errorf("writer open while read-only openers hold the store: %v, want ErrInUse", err)
	}
	if held, _, err := ReadHolder(dir); held || err != nil {
		t.Errorf("ReadHolder with only readers: held=%v err=%v", held, err)
	}
	f := newFixture("https://ro.example/1", "", day(1), "X said “y”.")
	if _, err := r1.Put(context.Background(), f.a, f.claims, ""); err == nil {
		t.Error("Put on a read-only store succeeded")
	}
	if err := r1.Advertise([]byte("x")); err == nil {
		t.Error("Advertise on a read-only store succeeded")
	}
	for _, r := range []*Store{r1, r2} {
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := dirState(t, dir); !mapsEqual(before, after) {
		t.Errorf("read-only opens changed the directory:\nbefore %v\nafter  %v", before, after)
	}
	if os.Geteuid() != 0 {
		return
	}
	w := openTemp(t, dir)
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrInUse) {
		t.Errorf("read-only open while a writer holds the store: %v, want ErrInUse", err)
	}
	w.Close()
	if _, err := Open(filepath.Join(t.TempDir(), "none"), Options{ReadOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only open of a missing store: %v, want ErrNotFound", err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAdvertise: a holder's note is readable while it holds the store,
// and gone when it closes; a note whose writer died is not returned.
func TestAdvertise(t *testing.T) {
	dir := t.TempDir()
	if held, note, err := ReadHolder(dir); held || note != nil || err != nil {
		t.Fatalf("empty dir: %v %q %v", held, note, err)
	}
	s := openTemp(t, dir)
	if held, note, err := ReadHolder(dir); !held || len(note) != 0 || err != nil {
		t.Fatalf("held without a note: %v %q %v", held, note, err)
	}
	if err := s.Advertise([]byte(`{"url":"http://127.0.0.1:1"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Advertise([]byte(`{"url":"http://127.0.0.1:2"}`)); err != nil {
		t.Fatal(err)
	}
	if held, note, err := ReadHolder(dir); !held || string(note) != `{"url":"http://127.0.0.1:2"}` || err != nil {
		t.Fatalf("advertised: %v %q %v", held, note, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if held, note, err := ReadHolder(dir); held || note != nil || err != nil {
		t.Fatalf("after close: %v %q %v", held, note, err)
	}
	// A note left as a killed holder leaves it (the file written, the lock
	// gone) is not returned, and the next writer clears it.
	if err := os.WriteFile(filepath.Join(dir, lockName), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if held, note, _ := ReadHolder(dir); held || note != nil {
		t.Fatalf("stale note: %v %q", held, note)
	}
	s2 := openTemp(t, dir)
	if _, note, _ := ReadHolder(dir); len(note) != 0 {
		t.Errorf("a new holder kept the stale note %q", note)
	}
	s2.Close()
}

// TestQueryCursor: reading a query page by page with Result.Cursor gives
// exactly the claims of one unpaged query, in order, for every plan.
func TestQueryCursor(t *testing.T) {
	s, _ := lookupStore(t)
	for _, q := range []Query{{}, {Speaker: "Putin"}, {Speaker: "Scholz"}, {About: "Putin"}, {Site: "reuters.com"}, {Until: day(11), Since: day(1)}, {SpeakerKey: keyOf(t, s, "Vladimir Putin")}} {
		want := queryIDs(t, s, q)
		if len(want) == 0 {
			t.Fatalf("%+v: nothing to page through", q)
		}
		for page := 1; page <= 2; page++ {
			var got []string
			pq := q
			pq.Limit = page
			for {
				n, last := 0, Result{}
				err := s.Query(context.Background(), pq, func(r Result) error {
					got = append(got, r.Claim.ID)
					n, last = n+1, r
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if n < page {
					break
				}
				pq.After = last.Cursor()
			}
			if !slices.Equal(got, want) {
				t.Errorf("%+v in pages of %d:\n got %v\nwant %v", q, page, got, want)
			}
		}
	}
	for _, bad := range []string{"!!", "AAAA", strings.Repeat("A", 40)} {
		err := s.Query(context.Background(), Query{After: bad}, func(Result) error { return nil })
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("cursor %q: %v, want ErrBadQuery", bad, err)
		}
	}
}

// FuzzQueryCursor: whatever a client sends as a cursor, Query neither
// panics nor returns a claim outside the query.
func FuzzQueryCursor(f *testing.F) {
	s, _ := lookupStore(f)
	var cursors []string
	s.Query(context.Background(), Query{}, func(r Result) error { cursors = append(cursors, r.Cursor()); return nil })
	for _, c := range cursors {
		f.Add(c)
	}
	f.Add("")
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, cursor string) {
		err := s.Query(context.Background(), Query{Speaker: "Putin", After: cursor}, func(r Result) error {
			if !strings.Contains(r.Claim.Speaker.Name, "Putin") {
				t.Errorf("cursor %q gave %s's claim", cursor, r.Claim.Speaker.Name)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrBadQuery) {
			t.Errorf("cursor %q: %v", cursor, err)
		}
	})
}

func speakerKeys(list []SpeakerCount) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Key)
	}
	return out
}

// TestSpeakersMatchAndPages: Match finds names by word prefixes in order,
// and After/First page through every speaker in key order.
func TestSpeakersMatchAndPages(t *testing.T) {
	s, _ := lookupStore(t)
	ctx := context.Background()
	putin, bedier := keyOf(t, s, "Vladimir Putin"), keyOf(t, s, "Élisabeth Bédier")
	scholzes := []string{keyOf(t, s, "Anna Scholz"), keyOf(t, s, "Olaf Scholz")}
	slices.Sort(scholzes)
	for match, want := range map[string][]string{
		"put":       {putin},
		"vlad put":  {putin},
		"put vlad":  nil,
		"SCHOLZ":    scholzes,
		"bed":       {bedier},
		"elisabeth": {bedier},
		"zz":        nil,
	} {
		got, err := s.Speakers(ctx, SpeakerQuery{Match: match})
		if err != nil {
			t.Fatal(err)
		}
		keys := speakerKeys(got)
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("Match %q: %v, want %v", match, keys, want)
		}
	}
	all, err := s.Speakers(ctx, SpeakerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := speakerKeys(all)
	slices.Sort(wantKeys)
	var paged []string
	after := ""
	for range 10 {
		page, err := s.Speakers(ctx, SpeakerQuery{After: after, First: 2})
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, speakerKeys(page)...)
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1].Key
	}
	if !slices.Equal(paged, wantKeys) {
		t.Errorf("pages of 2: %v, want %v", paged, wantKeys)
	}
}

// TestSpeakerProfile: a speaker's spellings, titles, count and weekly
// timeline, and its claims by key (no aliases: "Mr. Putin" is another key).
func TestSpeakerProfile(t *testing.T) {
	s, ids := lookupStore(t)
	ctx := context.Background()
	f := newFixture("https://d.example/4", "", day(12), "VLADIMIR PUTIN said “a”.", "Putin also said “b”.")
	f.add(claims.Direct, "a", spk("VLADIMIR PUTIN", "President"))
	f.put(t, s)
	putin := keyOf(t, s, "Vladimir Putin")
	p, err := s.Speaker(ctx, putin)
	if err != nil {
		t.Fatal(err)
	}
	// day(5) is a Monday, day(10) the Saturday after and day(12) the
	// Monday after that; "Mr. Putin" of day(5) is Vladimir Putin.
	want := []WeekCount{{time.Date(2025, 5, 5, 0, 0, 0, 0, time.UTC), 3}, {time.Date(2025, 5, 12, 0, 0, 0, 0, time.UTC), 1}}
	if p.Claims != 4 || p.Name != "Vladimir Putin" || !slices.Equal(p.Names, []string{"Vladimir Putin", "Putin", "VLADIMIR PUTIN"}) ||
		!slices.Equal(p.Titles, []string{"Russian President", "President"}) || !slices.Equal(p.Weeks, want) || p.Undated != 0 || p.Articles != 3 {
		t.Errorf("profile: %+v", p)
	}
	b, err := s.Speaker(ctx, keyOf(t, s, "Élisabeth Bédier"))
	if err != nil || b.Claims != 2 || b.Undated != 1 || len(b.Weeks) != 1 {
		t.Errorf("Bédier: %+v, %v", b, err)
	}
	if _, err := s.Speaker(ctx, "p_000000000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown speaker: %v", err)
	}
	got := queryIDs(t, s, Query{SpeakerKey: putin})
	if len(got) != 4 || !slices.Contains(got, ids["mrputin"]) {
		t.Errorf("claims of Vladimir Putin: %v", got)
	}
	if got := queryIDs(t, s, Query{SpeakerKey: putin, About: "Zelensky"}); !slices.Equal(got, []string{ids["putin-talks"]}) {
		t.Errorf("key with about: %v", got)
	}
	if err := s.Query(ctx, Query{SpeakerKey: "x", Speaker: "y"}, func(Result) error { return nil }); !errors.Is(err, ErrBadQuery) {
		t.Errorf("key and name together: %v", err)
	}
	text, err := s.Text(ctx, f.a.ID)
	if err != nil || text != f.a.Text {
		t.Errorf("Text: %q, %v", text, err)
	}
	if _, err := s.Text(ctx, "a_none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Text of a missing article: %v", err)
	}
}

func TestWeekStart(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2025-05-10T09:30:00Z", "2025-05-05"}, {"2025-05-12T00:00:00Z", "2025-05-12"}, {"2025-05-11T23:59:59Z", "2025-05-05"},
		{"1970-01-01T00:00:00Z", "1969-12-29"}, {"1969-12-28T12:00:00Z", "1969-12-22"}, {"2024-12-31T10:00:00+05:00", "2024-12-30"},
	} {
		in, _ := time.Parse(time.RFC3339, tc.in)
		if got := WeekStart(in).Format("2006-01-02"); got != tc.want || WeekStart(in).Weekday() != time.Monday {
			t.Errorf("WeekStart(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestArticleCacheFollowsWrites: a query after a re-ingest sees the new
// article metadata, not what an earlier query cached.
func TestArticleCacheFollowsWrites(t *testing.T) {
	s := openTemp(t, "")
	f := newFixture("https://cache.example/1", "old.example", day(3), "Ada said “one”.")
	f.add(claims.Direct, "one", spk("Ada", ""))
	f.put(t, s)
	site := func() string {
		var got string
		s.Query(context.Background(), Query{Speaker: "Ada"}, func(r Result) error { got = r.Article.Site; return nil })
		return got
	}
	if got := site(); got != "old.example" {
		t.Fatalf("first query: %q", got)
	}
	f.a.Site, f.a.Title = "new.example", "retitled"
	f.put(t, s)
	if got := site(); got != "new.example" {
		t.Errorf("after re-ingest: site %q, want new.example", got)
	}
}
