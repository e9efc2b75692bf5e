package entity

import (
	"testing"
)

// keysOf parses names (people, untyped) into node keys.
func keysOf(t *testing.T, l *Lists, names ...string) []string {
	t.Helper()
	var ks []string
	for _, n := range names {
		p := l.Parse(n, "PERSON")
		if p.Kind == Generic {
			t.Fatalf("%q is generic", n)
		}
		ks = append(ks, p.Key())
	}
	return ks
}

func TestLinkUnit(t *testing.T) {
	l := lists(t)
	for _, tc := range []struct {
		name    string
		nodes   []string
		aliases string
		// same lists groups of names that must share an entity; apart
		// lists pairs that must not; ambiguous lists short names that
		// are Ambiguous.
		same      [][]string
		apart     [][2]string
		ambiguous []string
	}{
		{name: "variants and middle names",
			nodes: []string{"Vladimir Putin", "Vladimir Vladimirovich Putin", "Putin", "Volodymyr Zelensky", "Volodymyr Zelenskiy", "Zelenskyy"},
			same:  [][]string{{"Vladimir Putin", "Vladimir Vladimirovich Putin", "Putin"}, {"Volodymyr Zelensky", "Volodymyr Zelenskiy", "Zelenskyy"}},
			apart: [][2]string{{"Putin", "Zelenskyy"}}},
		{name: "two first names never merge; their surname alone is ambiguous",
			nodes:     []string{"Ilona Varga", "Anton Varga", "Varga", "I. Varga"},
			apart:     [][2]string{{"Ilona Varga", "Anton Varga"}, {"Varga", "Ilona Varga"}, {"Varga", "Anton Varga"}},
			same:      [][]string{{"I. Varga", "Ilona Varga"}},
			ambiguous: []string{"Varga"}},
		{name: "a surname with no full name is one person across articles",
			nodes: []string{"Hollis", "Mr. Hollis"},
			same:  [][]string{{"Hollis", "Mr. Hollis"}}},
		{name: "generations",
			nodes: []string{"Walter Denning Jr.", "Walter Denning", "Denning Jr."},
			same:  [][]string{{"Walter Denning Jr.", "Walter Denning", "Denning Jr."}}},
		{name: "two generations stay apart",
			nodes: []string{"Martin Luther King Jr.", "Martin Luther King III", "King Jr."},
			same:  [][]string{{"Martin Luther King Jr.", "King Jr."}},
			apart: [][2]string{{"Martin Luther King Jr.", "Martin Luther King III"}}},
		{name: "a split parts a group and a short name",
			nodes:     []string{"Vladimir Putin", "Vladimir V. Putin", "Vladimir P. Putin", "Putin"},
			aliases:   "Vladimir V. Putin != Vladimir P. Putin\n",
			apart:     [][2]string{{"Vladimir V. Putin", "Vladimir P. Putin"}, {"Vladimir Putin", "Vladimir P. Putin"}},
			ambiguous: []string{"Putin"}},
		{name: "a merge joins buckets and settles an ambiguity",
			nodes:   []string{"Ilona Varga", "Anton Varga", "Varga", "Ilona Kertész"},
			aliases: "Ilona Kertész = Ilona Varga\nVarga = Anton Varga\n",
			same:    [][]string{{"Ilona Kertész", "Ilona Varga"}, {"Varga", "Anton Varga"}},
			apart:   [][2]string{{"Ilona Varga", "Anton Varga"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			al, err := l.ParseAliases([]byte(tc.aliases), "aliases.txt")
			if err != nil {
				t.Fatal(err)
			}
			links := LinkUnit(keysOf(t, l, tc.nodes...), nil, al)
			ent := func(name string) string {
				lk, ok := links[keysOf(t, l, name)[0]]
				if !ok {
					t.Fatalf("%q not linked", name)
				}
				return lk.Entity
			}
			for _, g := range tc.same {
				for _, n := range g[1:] {
					if ent(n) != ent(g[0]) || ent(n) == "" {
						t.Errorf("%q (%s) and %q (%s): want one entity", n, ent(n), g[0], ent(g[0]))
					}
				}
			}
			for _, p := range tc.apart {
				if ent(p[0]) == ent(p[1]) && ent(p[0]) != "" {
					t.Errorf("%q and %q: both %s", p[0], p[1], ent(p[0]))
				}
			}
			for _, n := range tc.ambiguous {
				if !links[keysOf(t, l, n)[0]].Ambiguous {
					t.Errorf("%q: want ambiguous, got %+v", n, links[keysOf(t, l, n)[0]])
				}
			}
		})
	}
}

// TestEntityIDsAreStable: an entity's id does not depend on which forms of
// its name the store holds, nor on their order.
func TestEntityIDsAreStable(t *testing.T) {
	l := lists(t)
	a := LinkUnit(keysOf(t, l, "Vladimir Putin"), nil, nil)
	b := LinkUnit(keysOf(t, l, "Putin", "Vladimir Vladimirovich Putin", "Vladimir Putin"), nil, nil)
	c := LinkUnit(keysOf(t, l, "Vladimir Vladimirovich Putin", "Putin"), nil, nil)
	k := keysOf(t, l, "Vladimir Putin", "Vladimir Vladimirovich Putin", "Putin")
	if a[k[0]].Entity != b[k[0]].Entity || b[k[1]].Entity != c[k[1]].Entity || c[k[2]].Entity != a[k[0]].Entity {
		t.Errorf("ids differ: %v %v %v", a, b, c)
	}
	if id := a[k[0]].Entity; len(id) != 14 || id[:2] != "p_" {
		t.Errorf("id %q", id)
	}
	if id := EntityID("@kremlin"); id[:2] != "o_" {
		t.Errorf("organisation id %q", id)
	}
}

func TestOccurrences(t *testing.T) {
	l := lists(t)
	occ := l.Occurrences([]Speaker{
		{Name: "Ilona Varga", Type: "PERSON"}, {Name: "Anton Varga", Type: "PERSON", Title: "former President"},
		{Name: "Varga", Type: "PERSON"}, {Name: "Declan McAuliffe", Type: "PERSON"}, {Name: "Declan", Type: "PERSON"},
		{Name: "Nguyễn Thị Lan", Type: "PERSON"}, {Name: "Nguyễn", Type: "PERSON", Title: "Dr."},
		{Name: "the company", Type: "ORG"}, {Name: "a spokeswoman for Corvane Therapeutics", Type: "PERSON"},
		{Name: "Corvane Therapeutics", Type: "ORG"},
	})
	got := map[string]Occurrence{}
	for _, o := range occ {
		got[o.Node] = o
	}
	want := map[string]struct {
		claims int
		local  bool
	}{
		"ilona varga": {1, false}, "anton varga": {1, false}, "varga": {1, true},
		"declan mcaulife": {2, false}, "nguen thy lan": {2, false}, "@corvane therapeutics": {2, false},
	}
	if len(got) != len(want) {
		t.Errorf("nodes %v, want %v", occ, want)
	}
	for k, w := range want {
		if o, ok := got[k]; !ok || o.Claims != w.claims || o.Local != w.local {
			t.Errorf("%s: %+v, want %+v", k, o, w)
		}
	}
	if got["nguen thy lan"].Titles["Dr."] != 1 || got["anton varga"].Bucket != "varga" {
		t.Errorf("titles or bucket: %+v %+v", got["nguen thy lan"], got["anton varga"])
	}
}
