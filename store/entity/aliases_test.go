package entity

import (
	"slices"
	"strings"
	"testing"
)

func TestParseAliasesErrors(t *testing.T) {
	l := lists(t)
	for _, tc := range []struct{ text, want string }{
		{"# ok\nVladimir Putin\n", "aliases.txt:2: \"Vladimir Putin\": want NAME = NAME (merge) or NAME != NAME (split)"},
		{"Putin = \n", "aliases.txt:1: an empty name"},
		{"the company = Corvane Therapeutics\n", "aliases.txt:1: \"the company\" names no one in particular"},
		{"A != B != C\n", "aliases.txt:1: a split names two names, not 3"},
		{"Ilona Varga = Ilona Kertész\nIlona Kertész = I. Kertesz\n\nIlona Varga != I. Kertesz\n", "aliases.txt:4: \"Ilona Varga\" != \"I. Kertesz\" contradicts the merges of line 2"},
		{"Putin != Mr. Putin\n", "aliases.txt:1: \"Putin\" and \"Mr. Putin\" are one name"},
		{"Volodymyr Zelensky != Volodymyr Zelenskyy\n", "aliases.txt:1: \"Volodymyr Zelensky\" and \"Volodymyr Zelenskyy\" are one name"},
	} {
		_, err := l.ParseAliases([]byte(tc.text), "aliases.txt")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

func TestAliasUnits(t *testing.T) {
	l := lists(t)
	a, err := l.ParseAliases([]byte("Volodymyr Zelensky = Wolodymyr Selenskyj # two spellings\nAnton Varga != Varga\n"), "a")
	if err != nil {
		t.Fatal(err)
	}
	if u := a.Unit("zelensky"); !slices.Contains(u, "selensky") || !slices.Contains(u, "zelensky") || !slices.Equal(a.Unit("selensky"), u) {
		t.Errorf("unit of zelensky: %v", u)
	}
	if u := a.Unit("varga"); !slices.Equal(u, []string{"varga"}) {
		t.Errorf("unit of varga: %v", u)
	}
	if b := a.Buckets(); !slices.Contains(b, "varga") || !slices.Contains(b, "selensky") {
		t.Errorf("buckets: %v", b)
	}
	var none *Aliases
	if u := none.Unit("x"); !slices.Equal(u, []string{"x"}) || none.Buckets() != nil || none.split("a", "b") {
		t.Error("nil aliases decide something")
	}
}

// FuzzParseAliases: no alias file makes the parser panic, an error names
// the file, and a file it accepts links any nodes without panicking.
func FuzzParseAliases(f *testing.F) {
	l := lists(f)
	for _, s := range []string{"A = B\n", "A != B\nB = C\n", "# x\n=\n", "!=", "Mr. = Dr.", "a = b = c = d\nd != a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, err := l.ParseAliases([]byte(text), "f.txt")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		var keys []string
		for _, b := range a.Buckets() {
			keys = append(keys, b, "x "+b)
		}
		LinkUnit(keys, nil, a)
	})
}
