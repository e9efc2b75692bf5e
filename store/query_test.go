package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
)

// lookupStore holds a few articles whose speakers exercise folding and
// aliases. It returns the claim ids by a mnemonic.
func lookupStore(t testing.TB) (*Store, map[string]string) {
	s := openTemp(t, "")
	ids := map[string]string{}
	f1 := newFixture("https://a.example/1", "reuters.com", day(10),
		"Putin said “we are ready”.", "He added that talks would continue.", "Scholz and Bédier said “no”.")
	f1.add(claims.Direct, "we are ready", spk("Vladimir Putin", "Russian President"))
	f1.add(claims.Indirect, "talks would continue", spk("Vladimir Putin", "Russian President"), "Volodymyr Zelensky")
	c := claimOf(f1.a.Text, claims.Direct, "no", spk("Olaf Scholz", "German Chancellor"))
	c.Speakers = []claims.Speaker{*spk("Olaf Scholz", "German Chancellor"), *spk("Élisabeth Bédier", "")}
	f1.claims = append(f1.claims, c)
	claims.AssignIDs(f1.a.ID, f1.claims)
	f1.put(t, s)
	ids["putin-ready"], ids["putin-talks"], ids["scholz-bedier"] = f1.claims[0].ID, f1.claims[1].ID, f1.claims[2].ID

	// An older article that only ever calls him "Mr. Putin", and a different
	// Scholz.
	f2 := newFixture("https://b.example/2", "www.Example.org", day(5),
		"Mr. Putin said “the West lied”.", "Anna Scholz said “Putin is isolated”.")
	f2.add(claims.Direct, "the West lied", spk("Mr. Putin", ""))
	f2.add(claims.Direct, "Putin is isolated", spk("Anna Scholz", "analyst"), "Vladimir Putin")
	f2.put(t, s)
	ids["mrputin"], ids["anna"] = f2.claims[0].ID, f2.claims[1].ID

	// An undated article.
	f3 := newFixture("https://c.example/3", "", time.Time{}, "Élisabeth Bédier warned “prices will rise”.")
	f3.add(claims.Direct, "prices will rise", spk("Élisabeth Bédier", "EU trade commissioner"))
	f3.put(t, s)
	ids["bedier-undated"] = f3.claims[0].ID
	return s, ids
}

func TestSpeakerLookup(t *testing.T) {
	s, ids := lookupStore(t)
	cases := []struct {
		query string
		exact bool
		want  []string
	}{
		{"Putin", false, []string{"putin-ready", "putin-talks", "mrputin"}},
		{"putin", false, []string{"putin-ready", "putin-talks", "mrputin"}},
		{"PUTIN", false, []string{"putin-ready", "putin-talks", "mrputin"}},
		{"Vladimir Putin", false, []string{"putin-ready", "putin-talks", "mrputin"}},
		{"Mr Putin", false, []string{"putin-ready", "putin-talks", "mrputin"}},
		{"Vladimir", false, []string{"putin-ready", "putin-talks"}},
		// "Mr. Putin" is linked to Vladimir, the only Putin: no Dmitry.
		{"Dmitry Putin", false, nil},
		{"President Putin", false, []string{"putin-ready", "putin-talks", "mrputin"}},
		{"Bedier", false, []string{"scholz-bedier", "bedier-undated"}},
		{"bédier", false, []string{"scholz-bedier", "bedier-undated"}},
		{"ELISABETH BEDIER", false, []string{"scholz-bedier", "bedier-undated"}},
		{"Scholz", false, []string{"scholz-bedier", "anna"}},
		{"Olaf Scholz", false, []string{"scholz-bedier"}},
		{"Anna Scholz", false, []string{"anna"}},
		{"Zelensky", false, nil},
		{"Nobody", false, nil},
		{"Vladimir Putin", true, []string{"putin-ready", "putin-talks"}},
		{"Putin", true, nil},
		{"vladimir putin", true, nil},
		{"Mr. Putin", true, []string{"mrputin"}},
		{"Élisabeth Bédier", true, []string{"scholz-bedier", "bedier-undated"}},
		{"Elisabeth Bedier", true, nil},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/exact=%v", tc.query, tc.exact), func(t *testing.T) {
			got := queryIDs(t, s, Query{Speaker: tc.query, Exact: tc.exact})
			var want []string
			for _, m := range tc.want {
				want = append(want, ids[m])
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v (%v)", got, want, tc.want)
			}
		})
	}
}

func TestQueryFilters(t *testing.T) {
	s, ids := lookupStore(t)
	cases := []struct {
		name string
		q    Query
		want []string
	}{
		{"all newest first, undated last", Query{}, []string{"putin-ready", "putin-talks", "scholz-bedier", "mrputin", "anna", "bedier-undated"}},
		{"limit", Query{Limit: 2}, []string{"putin-ready", "putin-talks"}},
		{"since", Query{Since: day(6)}, []string{"putin-ready", "putin-talks", "scholz-bedier"}},
		{"since is inclusive", Query{Since: day(10)}, []string{"putin-ready", "putin-talks", "scholz-bedier"}},
		{"until is exclusive", Query{Until: day(10)}, []string{"mrputin", "anna"}},
		{"since and until", Query{Since: day(1), Until: day(6)}, []string{"mrputin", "anna"}},
		{"empty range", Query{Since: day(6), Until: day(9)}, nil},
		{"site", Query{Site: "reuters.com"}, []string{"putin-ready", "putin-talks", "scholz-bedier"}},
		{"site folds www and case", Query{Site: "example.ORG"}, []string{"mrputin", "anna"}},
		{"site with www", Query{Site: "www.example.org"}, []string{"mrputin", "anna"}},
		{"kind", Query{Kinds: []claims.Kind{claims.Indirect}}, []string{"putin-talks"}},
		{"kinds", Query{Kinds: []claims.Kind{claims.Indirect, claims.Partial}}, []string{"putin-talks"}},
		{"about", Query{About: "Putin"}, []string{"anna"}},
		{"about folds", Query{About: "zelensky"}, []string{"putin-talks"}},
		{"about exact", Query{About: "Vladimir Putin", Exact: true}, []string{"anna"}},
		{"speaker about", Query{Speaker: "Scholz", About: "Putin"}, []string{"anna"}},
		{"speaker about none", Query{Speaker: "Putin", About: "Putin"}, nil},
		{"contains", Query{Contains: "READY"}, []string{"putin-ready"}},
		{"contains phrase", Query{Contains: "prices will"}, []string{"bedier-undated"}},
		{"contains needs whole words", Query{Contains: "pric"}, nil},
		{"contains is ordered", Query{Contains: "will prices"}, nil},
		{"speaker since", Query{Speaker: "Putin", Since: day(6)}, []string{"putin-ready", "putin-talks"}},
		{"speaker until", Query{Speaker: "Putin", Until: day(6)}, []string{"mrputin"}},
		{"speaker site", Query{Speaker: "Putin", Site: "example.org"}, []string{"mrputin"}},
		{"speaker kind limit", Query{Speaker: "Putin", Kinds: []claims.Kind{claims.Direct}, Limit: 1}, []string{"putin-ready"}},
		{"undated excluded by date filter", Query{Speaker: "Bedier", Until: day(30)}, []string{"scholz-bedier"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := queryIDs(t, s, tc.q)
			var want []string
			for _, m := range tc.want {
				want = append(want, ids[m])
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v (%v)", got, want, tc.want)
			}
		})
	}
}

func TestQueryRejectsBadInput(t *testing.T) {
	s, _ := lookupStore(t)
	for _, q := range []Query{
		{Speaker: "..."},
		{About: "—"},
		{Speaker: "Putin", About: "!!"},
		{Speaker: "   ", Exact: true},
		{Kinds: []claims.Kind{"quoted"}},
		{Contains: "?!"},
	} {
		err := s.Query(context.Background(), q, func(Result) error { return nil })
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("Query(%+v) = %v, want ErrBadQuery", q, err)
		}
	}
}

func TestQueryStopsOnCallbackErrorAndContext(t *testing.T) {
	s, _ := lookupStore(t)
	stop := errors.New("stop")
	n := 0
	err := s.Query(context.Background(), Query{}, func(Result) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("callback error: err=%v after %d calls", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Query(ctx, Query{}, func(Result) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled query: %v", err)
	}
}

// TestQueryMatchesReference compares Query with a brute-force filter over
// a random store, for random queries: the indexes must return exactly the
// claims the definition selects, in the defined order.
func TestQueryMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := openTemp(t, "")
	first := []string{"Anna", "Jürgen", "Olaf", "Zoë", "Li"}
	last := []string{"Scholz", "Müller", "Lind", "Ødegaard", "Wei"}
	sites := []string{"a.example", "b.example", ""}
	words := []string{"ceasefire", "talks", "prices", "ready", "never", "Scholz"}
	type row struct {
		c claims.Claim
		a claims.Article
	}
	var all []row
	for i := range 60 {
		var pub time.Time
		if rng.IntN(8) > 0 {
			pub = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(90*24)) * time.Hour)
		}
		var parts []string
		for range 1 + rng.IntN(4) {
			parts = append(parts, words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))])
		}
		f := newFixture(fmt.Sprintf("https://x.example/%d", i), sites[rng.IntN(len(sites))], pub, parts...)
		for j, p := range parts {
			var sp *claims.Speaker
			if rng.IntN(6) > 0 {
				sp = spk(first[rng.IntN(len(first))]+" "+last[rng.IntN(len(last))], "")
			}
			kind := claims.Kinds[rng.IntN(3)]
			c := claimOf(f.a.Text, kind, p, sp)
			// claimOf finds the first occurrence; keep spans distinct.
			c.Start, c.End = j*1000, j*1000+1
			if rng.IntN(3) == 0 {
				c.Entities = []claims.Entity{{Name: first[rng.IntN(len(first))] + " " + last[rng.IntN(len(last))]}}
			}
			if sp != nil && rng.IntN(4) == 0 {
				c.Speakers = []claims.Speaker{*sp, *spk(last[rng.IntN(len(last))], "")}
			}
			f.claims = append(f.claims, c)
		}
		claims.AssignIDs(f.a.ID, f.claims)
		f.put(t, s)
		for _, c := range f.claims {
			a := f.a
			a.Text = ""
			all = append(all, row{c, a})
		}
	}
	// Reference order: newest first, undated last, then article id, then
	// position in the article (ids are assigned in order).
	pos := map[string]int{}
	for i, r := range all {
		pos[r.c.ID] = i
	}
	slices.SortStableFunc(all, func(x, y row) int {
		tx, ty := timeSec(x.a.Published), timeSec(y.a.Published)
		if tx != ty {
			if tx > ty {
				return -1
			}
			return 1
		}
		if c := strings.Compare(x.a.ID, y.a.ID); c != 0 {
			return c
		}
		return pos[x.c.ID] - pos[y.c.ID]
	})
	nameOK := func(q string, names []string) bool {
		for _, n := range names {
			if namesMatch(claims.NameWords(q), claims.NameWords(n)) {
				return true
			}
		}
		return false
	}
	// A speaker query names entities (TestSpeakerLookup and the linking
	// tests check which); here the filters are checked against the claims
	// the speaker alone gives.
	bySpeaker := map[string]map[string]bool{}
	speakerOK := func(q string, id string) bool {
		if bySpeaker[q] == nil {
			bySpeaker[q] = map[string]bool{}
			for _, got := range queryIDs(t, s, Query{Speaker: q}) {
				bySpeaker[q][got] = true
			}
		}
		return bySpeaker[q][id]
	}
	for i := range 300 {
		var q Query
		if rng.IntN(2) == 0 {
			q.Speaker = []string{"Scholz", "Anna", "Zoe", "odegaard", "Jurgen Muller", "Li Wei", "Mr. Lind"}[rng.IntN(7)]
		}
		if rng.IntN(3) == 0 {
			q.About = last[rng.IntN(len(last))]
		}
		if rng.IntN(3) == 0 {
			q.Site = sites[rng.IntN(2)]
		}
		if rng.IntN(3) == 0 {
			q.Kinds = []claims.Kind{claims.Kinds[rng.IntN(3)]}
		}
		if rng.IntN(3) == 0 {
			q.Since = time.Date(2025, 1, 1+rng.IntN(90), 0, 0, 0, 0, time.UTC)
		}
		if rng.IntN(3) == 0 {
			q.Until = time.Date(2025, 1, 1+rng.IntN(90), 0, 0, 0, 0, time.UTC)
		}
		if rng.IntN(4) == 0 {
			q.Contains = words[rng.IntN(len(words))]
		}
		if rng.IntN(3) == 0 {
			q.Limit = 1 + rng.IntN(10)
		}
		var want []string
		for _, r := range all {
			c, a := r.c, r.a
			entNames := entityNames(&c)
			sec := timeSec(a.Published)
			switch {
			case q.Speaker != "" && !speakerOK(q.Speaker, c.ID),
				q.About != "" && !nameOK(q.About, entNames),
				q.Site != "" && foldSite(a.Site) != foldSite(q.Site),
				len(q.Kinds) > 0 && !slices.Contains(q.Kinds, c.Kind),
				(!q.Since.IsZero() || !q.Until.IsZero()) && a.Published.IsZero(),
				!q.Since.IsZero() && sec < timeSec(q.Since),
				!q.Until.IsZero() && sec >= timeSec(q.Until),
				q.Contains != "" && !containsPhrase(claims.FoldWords(c.Text), claims.FoldWords(q.Contains)):
				continue
			}
			want = append(want, c.ID)
			if q.Limit > 0 && len(want) == q.Limit {
				break
			}
		}
		got := queryIDs(t, s, q)
		if !slices.Equal(got, want) {
			t.Fatalf("query %d %+v:\n got %v\nwant %v", i, q, got, want)
		}
	}
	if err := s.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSpeakers(t *testing.T) {
	s, _ := lookupStore(t)
	got, err := s.Speakers(context.Background(), SpeakerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	type sc struct {
		name   string
		cs     int
		titles string
	}
	var gotS []sc
	for _, g := range got {
		gotS = append(gotS, sc{g.Name, g.Claims, strings.Join(g.Titles, "|")})
	}
	// One row per entity: "Mr. Putin" is Vladimir Putin, the only Putin,
	// and the two Scholzes are two people.
	want := []sc{
		{"Vladimir Putin", 3, "Russian President"},
		{"Élisabeth Bédier", 2, "EU trade commissioner"},
		{"Olaf Scholz", 1, "German Chancellor"},
		{"Anna Scholz", 1, "analyst"},
	}
	if !slices.Equal(gotS, want) {
		t.Errorf("speakers:\n got %v\nwant %v", gotS, want)
	}
	top, err := s.Speakers(context.Background(), SpeakerQuery{Top: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 2 || top[0].Name != "Vladimir Putin" || top[1].Name != "Élisabeth Bédier" ||
		!slices.Equal(top[0].Aliases, []string{"Putin"}) || top[0].Articles != 2 || top[0].Kind != "person" {
		t.Errorf("top 2: %+v", top)
	}
	since, err := s.Speakers(context.Background(), SpeakerQuery{Since: day(6)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range since {
		names = append(names, fmt.Sprintf("%s=%d", g.Name, g.Claims))
	}
	if w := []string{"Vladimir Putin=2", "Olaf Scholz=1", "Élisabeth Bédier=1"}; !slices.Equal(names, w) {
		t.Errorf("since day 6: %v, want %v", names, w)
	}
	// The note of a grouped answer: the entities a name means.
	for name, want := range map[string][]string{"Scholz": {"Anna Scholz", "Olaf Scholz"}, "President Putin": {"Vladimir Putin"}, "the company": nil} {
		got, err := s.Speakers(context.Background(), SpeakerQuery{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range got {
			names = append(names, g.Name)
		}
		slices.Sort(names)
		if !slices.Equal(names, want) {
			t.Errorf("Name %q: %v, want %v", name, names, want)
		}
	}
	dated, err := s.Speakers(context.Background(), SpeakerQuery{Top: 1, Dates: true})
	if err != nil || len(dated) != 1 || !dated[0].First.Equal(day(5)) || !dated[0].Last.Equal(day(10)) {
		t.Errorf("dates: %+v, %v", dated, err)
	}
}

// keyOf is the entity id of the speaker listed under name.
func keyOf(t *testing.T, s *Store, name string) string {
	t.Helper()
	list, err := s.Speakers(context.Background(), SpeakerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range list {
		if sc.Name == name {
			return sc.Key
		}
	}
	t.Fatalf("no speaker %q in %+v", name, list)
	return ""
}

func TestStats(t *testing.T) {
	s, _ := lookupStore(t)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 3 || st.Claims != 6 || st.Speakers != 5 {
		t.Errorf("counts: %+v", st)
	}
	if st.ByKind[claims.Direct] != 5 || st.ByKind[claims.Indirect] != 1 || st.ByKind[claims.Partial] != 0 {
		t.Errorf("by kind: %v", st.ByKind)
	}
	if !st.Oldest.Equal(day(5)) || !st.Newest.Equal(day(10)) {
		t.Errorf("dates: %v .. %v", st.Oldest, st.Newest)
	}
	if st.DiskBytes <= 0 {
		t.Errorf("disk bytes %d", st.DiskBytes)
	}
}

// FuzzSpeakerIndex stores a claim under an arbitrary speaker name and
// checks that the name finds it again, folded and exactly, and that the
// store stays consistent.
func FuzzSpeakerIndex(f *testing.F) {
	for _, s := range []string{"Vladimir Putin", " padded ", strings.Repeat("é", 300), "a\x00b", "Mr.", "—", "\xff\xfe"} {
		f.Add(s)
	}
	s := openTemp(f, "")
	n := 0
	f.Fuzz(func(t *testing.T, name string) {
		n++
		fx := newFixture(fmt.Sprintf("https://f.example/%d", n), "", day(1), "“x”.")
		fx.add(claims.Direct, "x", spk(name, ""))
		fx.put(t, s)
		id := fx.claims[0].ID
		found := func(q Query) bool {
			ok := false
			err := s.Query(context.Background(), q, func(r Result) error {
				if r.Claim.ID == id {
					ok = true
				}
				return nil
			})
			return err == nil && ok
		}
		if strings.TrimSpace(name) != "" && !found(Query{Speaker: name, Exact: true}) {
			t.Fatalf("exact %q not found", name)
		}
		if len(claims.NameWords(name)) > 0 && !found(Query{Speaker: name}) {
			t.Fatalf("folded %q not found", name)
		}
		if err := s.Check(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
