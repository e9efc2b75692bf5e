package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/eval"
)

// syndicated is the syndication set as stored articles, each with the
// claims its marks make (direct when the mark is inside quotation marks,
// else indirect), and the label of every claim id.
func syndicated(t testing.TB) ([]claims.Article, [][]claims.Claim, map[string]string) {
	t.Helper()
	set, err := eval.ReadSyndication(filepath.Join("groups", "testdata", "syndication.txt"))
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	var arts []claims.Article
	var all [][]claims.Claim
	for _, s := range set {
		a := s.Article
		cs := s.MarkClaims()
		claims.AssignIDs(a.ID, cs)
		for i, m := range s.Marks {
			labels[cs[i].ID] = m.Label
		}
		arts, all = append(arts, a), append(all, cs)
	}
	return arts, all, labels
}

// storedGroups maps every stored claim's id to its group's id (its own id
// when it is in no group of more than one).
func storedGroups(t testing.TB, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.Query(context.Background(), Query{}, func(r Result) error {
		out[r.Claim.ID] = r.Claim.ID
		if r.Claim.Group != nil {
			out[r.Claim.ID] = r.Claim.Group.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func putAll(t testing.TB, s *Store, arts []claims.Article, cs [][]claims.Claim, order []int) {
	t.Helper()
	for _, i := range order {
		if _, err := s.Put(context.Background(), arts[i], cs[i], "syndication:"+arts[i].ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStoreGroupsSyndication puts the syndication set into stores in
// three shuffled orders: each store passes Check (every claim in exactly
// one group), every order gives the same groups with the same ids, and
// they score as the marks say (precision ≥ 0.99, recall ≥ 0.95). Then a
// third of the articles lose their claims and get them back: the groups
// are as before.
func TestStoreGroupsSyndication(t *testing.T) {
	arts, cs, labels := syndicated(t)
	ctx := context.Background()
	var want map[string]string
	var last *Store
	for seed := range uint64(3) {
		s := openTemp(t, "")
		putAll(t, s, arts, cs, rand.New(rand.NewPCG(seed, 11)).Perm(len(arts)))
		if err := s.Check(ctx); err != nil {
			t.Fatalf("order %d: %v", seed, err)
		}
		got := storedGroups(t, s)
		if want == nil {
			want, last = got, s
			continue
		}
		if !maps.Equal(got, want) {
			t.Fatalf("order %d: groups differ from order 0", seed)
		}
	}
	var gold, pred []string
	for id, g := range want {
		gold, pred = append(gold, labels[id]), append(pred, g)
	}
	sc := eval.ScorePairs(gold, pred)
	t.Logf("%d claims, %d gold pairs: precision %.4f, recall %.4f", sc.Items, sc.Gold, sc.Precision(), sc.Recall())
	if sc.Precision() < 0.99 || sc.Recall() < 0.95 {
		t.Errorf("precision %.4f (want ≥ 0.99), recall %.4f (want ≥ 0.95)", sc.Precision(), sc.Recall())
	}

	checkGroupReads(t, last, want)

	third := rand.New(rand.NewPCG(5, 5)).Perm(len(arts))[:len(arts)/3]
	for _, i := range third {
		if _, err := last.Put(ctx, arts[i], nil, "syndication:"+arts[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := last.Check(ctx); err != nil {
		t.Fatalf("after removing a third: %v", err)
	}
	putAll(t, last, arts, cs, third)
	if err := last.Check(ctx); err != nil {
		t.Fatalf("after putting them back: %v", err)
	}
	if got := storedGroups(t, last); !maps.Equal(got, want) {
		t.Fatal("after removing a third and putting it back: groups differ")
	}
}

// checkGroupReads checks Store.Group against the groups the claims carry:
// as many occurrences, oldest first, the canonical wording the longest.
func checkGroupReads(t *testing.T, s *Store, groupOf map[string]string) {
	t.Helper()
	size := map[string]int{}
	for id, g := range groupOf {
		if g != id {
			size[g]++
		}
	}
	for gid, n := range size {
		g, err := s.Group(context.Background(), gid)
		if err != nil {
			t.Fatal(err)
		}
		if g.Size != n || len(g.Occurrences) != n {
			t.Fatalf("group %s: size %d, %d occurrences, want %d", gid, g.Size, len(g.Occurrences), n)
		}
		for i, o := range g.Occurrences {
			if groupOf[o.Claim.ID] != gid {
				t.Fatalf("group %s lists claim %s of group %s", gid, o.Claim.ID, groupOf[o.Claim.ID])
			}
			if i > 0 && o.Article.Published.Before(g.Occurrences[i-1].Article.Published) {
				t.Fatalf("group %s: occurrences not oldest first", gid)
			}
			if w := len([]rune(QuotedWords(&o.Claim))); w > len([]rune(g.Canonical))+8 {
				t.Errorf("group %s: canonical %q shorter than %q", gid, g.Canonical, QuotedWords(&o.Claim))
			}
		}
		if !g.FirstSeen.Equal(g.Occurrences[0].Article.Published) {
			t.Errorf("group %s: first seen %v, earliest occurrence %v", gid, g.FirstSeen, g.Occurrences[0].Article.Published)
		}
	}
	if _, err := s.Group(context.Background(), "g_nothing"); !errors.Is(err, ErrNoGroup) {
		t.Errorf("Group(g_nothing) = %v, want ErrNoGroup", err)
	}
}

// TestConcurrentGrouping puts the syndication set from four goroutines at
// once: grouping transactions run side by side and start again after a
// conflict, and the groups are those of one Put at a time.
func TestConcurrentGrouping(t *testing.T) {
	arts, cs, _ := syndicated(t)
	seq := openTemp(t, "")
	putAll(t, seq, arts, cs, rand.New(rand.NewPCG(1, 1)).Perm(len(arts)))
	want := storedGroups(t, seq)

	s := openTemp(t, "")
	order := rand.New(rand.NewPCG(2, 2)).Perm(len(arts))
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for k := w; k < len(order); k += 4 {
				i := order[k]
				if _, err := s.Put(context.Background(), arts[i], cs[i], "syndication:"+arts[i].ID); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := storedGroups(t, s); !maps.Equal(got, want) {
		t.Fatal("groups made by concurrent Puts differ from those made one at a time")
	}
}

// TestGroupScope: who a quote is grouped under is the speaker as linking
// reads the name, whatever else the store holds. Spellings of one name
// and a spokeswoman for an organisation beside the organisation itself
// are one speaker; a generic speaker is nobody in particular (a group of
// its own), and two people of one surname are two.
func TestGroupScope(t *testing.T) {
	const words = "we will keep the pipeline open through the whole of the winter season"
	org := func(name string) *claims.Speaker {
		return &claims.Speaker{Name: name, Mention: name, Type: claims.TypeOrg}
	}
	generic := func(name string) *claims.Speaker { return &claims.Speaker{Name: name, Mention: name} }
	for _, tc := range []struct {
		name     string
		a, b     *claims.Speaker
		together bool
	}{
		{"spellings of one name", spk("Volodymyr Zelensky", ""), spk("Volodymyr Zelenskyy", "President"), true},
		{"a title and an honorific", spk("Dana Holt", "Mayor"), spk("Ms. Dana Holt", ""), true},
		{"a spokeswoman for the organisation", generic("a spokeswoman for Corvane Therapeutics"), org("Corvane Therapeutics"), true},
		{"the company of two articles", generic("the company"), generic("the company"), false},
		{"officials of two articles", generic("officials"), generic("officials"), false},
		{"two first names", spk("Bill Clinton", ""), spk("Hillary Clinton", ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, "")
			var ids []string
			for i, sp := range []*claims.Speaker{tc.a, tc.b} {
				f := newFixture(fmt.Sprintf("https://example.com/%d", i), "", day(i+1), "“"+words+"”.")
				f.add(claims.Direct, words, sp)
				f.put(t, s)
				ids = append(ids, f.claims[0].ID)
			}
			got := storedGroups(t, s)
			if together := got[ids[0]] == got[ids[1]]; together != tc.together {
				t.Errorf("%q and %q in one group: %v, want %v", tc.a.Name, tc.b.Name, together, tc.together)
			}
			if err := s.Check(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
}
