package groups

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/eval"
)

func direct(s string) Text {
	t, _ := TextOf(&claims.Claim{Kind: claims.Direct, Text: s})
	return t
}

func TestTextOf(t *testing.T) {
	cases := []struct {
		name string
		c    claims.Claim
		want string
	}{
		{"case and punctuation", claims.Claim{Kind: claims.Direct, Text: "We will NOT raise it, whatever they decide."}, "q we will not raise it whatever they decide"},
		{"dash styles", claims.Claim{Kind: claims.Direct, Text: "leave – leave—and go"}, "q leave leave and go"},
		{"contractions", claims.Claim{Kind: claims.Direct, Text: "We don’t know, and I'm not sure"}, "q we do not know and i am not sure"},
		{"ellipsis cuts", claims.Claim{Kind: claims.Direct, Text: "The bridge is old … it will fail"}, "q the bridge is old | it will fail"},
		{"three stops", claims.Claim{Kind: claims.Direct, Text: "The bridge is old. . . it will fail"}, "q the bridge is old | it will fail"},
		{"bracketed insertion", claims.Claim{Kind: claims.Direct, Text: "[The council] will regret it"}, "q will regret it"},
		{"unclosed bracket", claims.Claim{Kind: claims.Direct, Text: "a [b c"}, "q a b c"},
		{"digit groups", claims.Claim{Kind: claims.Direct, Text: "1,200 jobs, 3, 4"}, "q 1200 jobs 3 4"},
		{"partial: its quotes", claims.Claim{Kind: claims.Partial, Text: "called it “a tax” and “a fee”", Quotes: []claims.Span{{Text: "a tax"}, {Text: "a fee"}}}, "q a tax | a fee"},
		{"indirect: its text", claims.Claim{Kind: claims.Indirect, Text: "the fund would grow"}, "r the fund would grow"},
		{"diacritics", claims.Claim{Kind: claims.Direct, Text: "Élan über alles"}, "q elan uber alles"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := TextOf(&c.c)
			if !ok || got.Key() != c.want {
				t.Errorf("TextOf(%q) = %q, %v; want %q", c.c.Text, got.Key(), ok, c.want)
			}
		})
	}
	if _, ok := TextOf(&claims.Claim{Kind: claims.Direct, Text: "… — !"}); ok {
		t.Error("a quote of punctuation has words")
	}
}

func TestContractionsFile(t *testing.T) {
	m, err := parseContractions("data/contractions.txt")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if got := claims.FoldWords(strings.Join(v, " ")); !slices.Equal(got, v) {
			t.Errorf("%s: expansion %q is not folded", k, v)
		}
		if got := claims.FoldWords(k); len(got) != 1 || got[0] != k {
			t.Errorf("%s is not one folded word", k)
		}
	}
}

// FuzzTextOf holds the normaliser to what grouping relies on: no panic,
// no empty word, the same key whatever quotation marks, dashes, case and
// spacing an outlet uses, and a key that folding its own words again
// leaves alone.
func FuzzTextOf(f *testing.F) {
	for _, s := range []string{"We will not raise the toll", "“Don’t” — he said… [sic] 1,200", "a (b) c . . . d", "", "ǅ ß İ", "[[(…"} {
		f.Add(s)
	}
	restyle := strings.NewReplacer("“", "\"", "”", "\"", "‘", "'", "’", "'", "—", " - ", "–", "-", "  ", " ")
	f.Fuzz(func(t *testing.T, s string) {
		a, okA := TextOf(&claims.Claim{Kind: claims.Direct, Text: s})
		for _, seg := range a.Segments {
			for _, w := range seg {
				if w == "" {
					t.Fatalf("empty word in %q", a.Key())
				}
			}
		}
		b, okB := TextOf(&claims.Claim{Kind: claims.Direct, Text: strings.ToUpper(restyle.Replace(s))})
		if okA && okB && strings.ToUpper(s) == s && a.Key() != b.Key() {
			t.Errorf("restyled %q: %q vs %q", s, a.Key(), b.Key())
		}
		if okA {
			again, _ := TextOf(&claims.Claim{Kind: claims.Direct, Text: a.String()})
			if again.Key() != a.Key() {
				t.Errorf("refolding %q: %q vs %q", s, again.Key(), a.Key())
			}
		}
	})
}

func TestRelations(t *testing.T) {
	p := DefaultParams
	cases := []struct {
		name          string
		a, b          Text
		near, aHasB   bool
		linked, apart bool
	}{
		{"one word changed in a long quote", direct("Nobody is against cranes. We are against finding out from a newspaper that our jobs are gone."), direct("Nobody is against cranes. We are against finding out from the radio that our jobs are gone."), true, false, true, false},
		{"trimmed", direct("I picked the team, I picked the tactics, and I got both wrong."), direct("I picked the team"), false, true, true, false},
		{"similar but different", direct("We will not raise the bridge toll again this year, whatever the council decides."), direct("We will not raise the bus fares again this year, whatever the state decides."), false, false, false, true},
		{"negation", direct("The Dornheim plant will not close in March."), direct("The Dornheim plant will close in March."), false, false, false, true},
		{"two words are no fragment", direct("which after two years is not nothing"), direct("not nothing"), false, false, false, true},
		{"stretches in order", direct("The bridge is old and it will fail soon"), direct("The bridge is old … it will fail"), false, true, true, false},
		{"a stretch missing", direct("The bridge is old and it will fail soon"), direct("The bridge is old … it will be repaired"), false, false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := p.Prepare("a", c.a), p.Prepare("b", c.b)
			if got := p.Near(a, b); got != c.near {
				t.Errorf("Near = %v, want %v (Jaccard %.2f)", got, c.near, Jaccard(a.Shingles, b.Shingles))
			}
			if got := Contains(a, b); got != c.aHasB {
				t.Errorf("Contains = %v, want %v", got, c.aHasB)
			}
			if got := p.Linked(a, b); got != c.linked || got == c.apart {
				t.Errorf("Linked = %v, want %v", got, c.linked)
			}
		})
	}
}

// TestAmbiguousFragment: a phrase the speaker used in two different
// statements, quoted alone, joins neither and chains nothing; with only
// one statement holding it, it joins that one.
func TestAmbiguousFragment(t *testing.T) {
	p := DefaultParams
	s1 := p.Prepare("1", direct("The devil is in the details, and the details are the nurses."))
	s2 := p.Prepare("2", direct("We agree on the principle. As always, the devil is in the details."))
	frag := p.Prepare("3", direct("the devil is in the details"))
	for _, order := range [][]*Variant{{s1, s2, frag}, {frag, s2, s1}} {
		groups := p.Partition(order)
		if len(groups) != 3 {
			t.Errorf("%d groups, want 3: %v", len(groups), ids(groups))
		}
		if c := p.Components(order); len(c) != 1 {
			t.Errorf("%d clusters, want 1", len(c))
		}
	}
	if g := p.Partition([]*Variant{s1, frag}); len(g) != 1 {
		t.Errorf("with one container: %d groups, want 1", len(g))
	}
}

func ids(gs [][]*Variant) [][]string {
	var out [][]string
	for _, g := range gs {
		out = append(out, variantIDs(g))
	}
	return out
}

// item is one claim of the syndication set built from its mark.
type item struct {
	scope, label string
	text         Text
	m            Member
}

func syndicationItems(t testing.TB) []item {
	t.Helper()
	set, err := eval.ReadSyndication("testdata/syndication.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []item
	for _, a := range set {
		for i, c := range a.MarkClaims() {
			m := a.Marks[i]
			text, ok := TextOf(&c)
			if !ok {
				t.Fatalf("%s: mark %q has no words", a.Article.ID, m.Text)
			}
			out = append(out, item{
				scope: Scope(&c, ""), label: m.Label, text: text,
				m: Member{Sec: a.Article.Published.Unix(), Claim: fmt.Sprintf("%s#%d", a.Article.ID, i)},
			})
		}
	}
	return out
}

// add puts items into x in the given order and returns each item's group.
func add(t testing.TB, x *MemIndex, items []item, order []int) {
	t.Helper()
	g := Grouper{P: DefaultParams, Ix: x}
	for _, i := range order {
		it := items[i]
		x.AddMember(VariantID(it.scope, it.text), it.m)
		if _, err := g.Add(it.scope, it.text, it.m); err != nil {
			t.Fatal(err)
		}
	}
}

func groupsOf(x *MemIndex, items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = x.GroupOf(VariantID(it.scope, it.text))
	}
	return out
}

// TestSyndicationMarks groups the marked claims of the syndication set as
// the marks give them (words, speaker, date) and scores the groups
// pairwise against the labels. The extractor's own claims are scored by
// cmd/claims (TestGroupsEval).
func TestSyndicationMarks(t *testing.T) {
	items := syndicationItems(t)
	x := NewMemIndex()
	add(t, x, items, rand.New(rand.NewPCG(1, 2)).Perm(len(items)))
	gold := make([]string, len(items))
	for i, it := range items {
		gold[i] = it.label
	}
	s := eval.ScorePairs(gold, groupsOf(x, items))
	t.Logf("%d claims, %d gold pairs: precision %.4f, recall %.4f", s.Items, s.Gold, s.Precision(), s.Recall())
	if s.Precision() < 0.99 || s.Recall() < 0.95 || testing.Verbose() {
		t.Errorf("precision %.4f (want ≥ 0.99), recall %.4f (want ≥ 0.95)", s.Precision(), s.Recall())
		pred := groupsOf(x, items)
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				if (gold[i] == gold[j]) != (pred[i] == pred[j]) {
					t.Logf("%s %q / %s %q: gold same %v", gold[i], items[i].text, gold[j], items[j].text, gold[i] == gold[j])
				}
			}
		}
	}
}

// TestOrderIndependence: the syndication set's claims added in five
// shuffled orders give the same groups with the same ids; removing a
// third of them and adding them back gives them again, and removing them
// gives what adding only the rest gives.
func TestOrderIndependence(t *testing.T) {
	items := syndicationItems(t)
	var want []string
	for seed := range uint64(5) {
		x := NewMemIndex()
		add(t, x, items, rand.New(rand.NewPCG(seed, 7)).Perm(len(items)))
		got := groupsOf(x, items)
		if want == nil {
			want = got
			continue
		}
		if !slices.Equal(got, want) {
			t.Fatalf("order %d: groups differ from order 0", seed)
		}
	}
	rng := rand.New(rand.NewPCG(3, 3))
	x := NewMemIndex()
	add(t, x, items, rng.Perm(len(items)))
	third := rng.Perm(len(items))[:len(items)/3]
	g := Grouper{P: DefaultParams, Ix: x}
	for _, i := range third {
		it := items[i]
		x.RemoveMember(VariantID(it.scope, it.text), it.m)
		if err := g.Remove(it.scope, it.text, it.m); err != nil {
			t.Fatal(err)
		}
	}
	var rest []int
	for i := range items {
		if !slices.Contains(third, i) {
			rest = append(rest, i)
		}
	}
	fresh := NewMemIndex()
	add(t, fresh, items, rest)
	for _, i := range rest {
		id := VariantID(items[i].scope, items[i].text)
		if x.GroupOf(id) != fresh.GroupOf(id) {
			t.Fatalf("after removing a third, %q is in %s; adding only the rest puts it in %s", items[i].text, x.GroupOf(id), fresh.GroupOf(id))
		}
	}
	if len(x.Groups()) != len(fresh.Groups()) {
		t.Errorf("after removal %d groups, fresh %d", len(x.Groups()), len(fresh.Groups()))
	}
	add(t, x, items, third)
	if got := groupsOf(x, items); !slices.Equal(got, want) {
		t.Error("adding the third back does not give the groups again")
	}
}

func BenchmarkAdd(b *testing.B) {
	items := syndicationItems(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		x := NewMemIndex()
		add(b, x, items, rand.New(rand.NewPCG(1, 2)).Perm(len(items)))
		n += len(items)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/claim")
}
