package entity

import (
	"strings"
	"testing"

	"github.com/claims-project/claims"
)

func lists(t testing.TB) *Lists {
	t.Helper()
	l, err := LoadLists()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSkeleton(t *testing.T) {
	same := [][]string{
		{"zelensky", "zelenskiy", "zelenskyy", "zelenskyi", "zelenskii"},
		{"navalny", "navalnyy", "navalnyi"},
		{"dostoevsky", "dostoyevsky", "dostoevskij"},
		{"aleksei", "alexei", "alexey", "aleksey"},
		{"gennady", "gennadiy", "genadi"},
		{"yulia", "julia"},
		{"yevgeny", "evgeny", "evgeniy"},
		{"khodorkovsky", "hodorkovsky"},
		{"volodymyr", "wolodymyr"},
		{"tchaikovsky", "chaikovsky"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if Skeleton(w) != Skeleton(group[0]) {
				t.Errorf("Skeleton(%q) = %q, Skeleton(%q) = %q: want equal", w, Skeleton(w), group[0], Skeleton(group[0]))
			}
		}
	}
	apart := [][2]string{
		{"ivanov", "ivanova"}, {"anton", "antonia"}, {"clinton", "clintons"}, {"ilona", "anton"},
		{"vladimir", "volodymyr"}, {"sergei", "serhiy"}, {"varga", "vargas"}, {"lan", "lin"},
	}
	for _, p := range apart {
		if Skeleton(p[0]) == Skeleton(p[1]) {
			t.Errorf("Skeleton(%q) == Skeleton(%q) == %q: want apart", p[0], p[1], Skeleton(p[0]))
		}
	}
	if Skeleton("") != "" || Skeleton("李") != "李" || Skeleton("speaker0010") == Skeleton("speaker0100") {
		t.Error("empty or non-Latin words change")
	}
}

func TestParse(t *testing.T) {
	l := lists(t)
	for _, tc := range []struct {
		name, typ string
		kind      Kind
		key       string // "" for generic
		display   string
		org       string // key of the organisation a generic speaker speaks for
	}{
		{"Vladimir Putin", "PERSON", Person, "vladimir putin", "Vladimir Putin", ""},
		{"Mr. Putin", "PERSON", Person, "putin", "Putin", ""},
		{"President Putin", "", Person, "putin", "Putin", ""},
		{"U.S. President Donald Trump", "", Person, "donald trump", "Donald Trump", ""},
		{"Russian President Vladimir Putin", "", Person, "vladimir putin", "Vladimir Putin", ""},
		{"Volodymyr Zelenskyy", "PERSON", Person, "volodymyr zelensky", "Volodymyr Zelenskyy", ""},
		{"Walter Denning Jr.", "PERSON", Person, "valter dening#jr", "Walter Denning Jr.", ""},
		{"Denning Jr.", "PERSON", Person, "dening#jr", "Denning Jr.", ""},
		{"Jürgen van Haaren", "PERSON", Person, "yurgen haren", "Jürgen van Haaren", ""},
		{"Abdel Fattah al-Sisi", "PERSON", Person, "abdel fatah sisy", "Abdel Fattah al-Sisi", ""},
		{"Oluwaseun Adeyemi-Clarke KC", "PERSON", Person, "oluvaseun ademiclarke", "Oluwaseun Adeyemi-Clarke", ""},
		{"Dr. Nguyễn Thị Lan", "PERSON", Person, "nguen thy lan", "Nguyễn Thị Lan", ""},
		{"Barry White", "PERSON", Person, "bary vhite", "Barry White", ""},
		{"Harrow & Finch", "PERSON", Org, "@harrow finch", "Harrow & Finch", ""},
		{"the Kremlin", "ORG", Org, "@kremlin", "Kremlin", ""},
		{"NATO", "", Org, "@nato", "NATO", ""},
		{"Bank of England", "", Org, "@bank of england", "Bank of England", ""},
		{"Harbour Health Authority", "", Org, "@harbour health authority", "Harbour Health Authority", ""},
		{"the company", "ORG", Generic, "", "", ""},
		{"The board", "ORG", Generic, "", "", ""},
		{"The company", "ORG", Generic, "", "", ""},
		{"a spokesperson", "PERSON", Generic, "", "", ""},
		{"A spokesperson", "PERSON", Generic, "", "", ""},
		{"Officials", "GROUP", Generic, "", "", ""},
		{"officials", "", Generic, "", "", ""},
		{"Aides", "", Generic, "", "", ""},
		{"EU foreign ministers", "GROUP", Generic, "", "", ""},
		{"the Nova Scotia judge", "PERSON", Generic, "", "", ""},
		{"He", "PERSON", Generic, "", "", ""},
		{"a spokeswoman for Corvane Therapeutics", "PERSON", Generic, "", "", "@corvane therapeutics"},
		{"A Corvane spokeswoman", "PERSON", Generic, "", "", "@corvane"},
		{"a spokesman for the ministry", "PERSON", Generic, "", "", ""},
		{"a spokesman for Mr. Putin", "PERSON", Generic, "", "", ""},
		{"a lawyer for Corvane Therapeutics", "PERSON", Generic, "", "", ""},
		{"Mr.", "PERSON", Generic, "", "", ""},
	} {
		n := l.Parse(tc.name, tc.typ)
		org := ""
		if n.Org != nil {
			org = n.Org.Key()
		}
		if n.Kind != tc.kind || n.Key() != tc.key || n.Kind != Generic && n.Display != tc.display || org != tc.org {
			t.Errorf("Parse(%q, %q) = kind %d key %q display %q org %q; want %d %q %q %q", tc.name, tc.typ, n.Kind, n.Key(), n.Display, org, tc.kind, tc.key, tc.display, tc.org)
		}
	}
}

// FuzzParse: no name makes Parse panic, a key it gives reads back as the
// same kind of name, and a name never links under a key with no letters.
func FuzzParse(f *testing.F) {
	l := lists(f)
	for _, s := range []string{"Vladimir Putin", "Mr.", "a spokeswoman for Corvane", "al-", "- -", "Jr.", "O'", "The", "&", "Ø Ł", "J. D.", "de la", "#", "@x"} {
		f.Add(s, "PERSON")
	}
	f.Fuzz(func(t *testing.T, name, typ string) {
		n := l.Parse(name, typ)
		if n.Kind == Generic {
			if n.Key() != "" {
				t.Fatalf("generic %q has key %q", name, n.Key())
			}
			return
		}
		k := n.Key()
		if len(n.Tokens) == 0 || strings.TrimLeft(k, "@# ") == "" {
			t.Fatalf("%q: key %q without tokens", name, k)
		}
		back := ParseKey(k)
		if back.Kind != n.Kind || back.Key() != k || back.Bucket() != n.Bucket() {
			t.Fatalf("%q: key %q reads back as %+v", name, k, back)
		}
		_ = claims.NormalizeName(name)
	})
}
