package claims

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalizeName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Vladimir Putin", "vladimir putin"},
		{"Mr. Putin", "putin"},
		{"Dr Jane  O'Brien", "jane obrien"},
		{"Élisabeth Bédier", "elisabeth bedier"},
		{"Martin Ødegaard", "martin odegaard"},
		{"Jean-Luc Mélenchon", "jean luc melenchon"},
		{"Straße", "strasse"},
		{"Mr.", "mr"},
		{"Sir Keir Starmer", "keir starmer"},
		{"NATO Secretary-General", "nato secretary general"},
		{"  ", ""},
		{"İstanbul", "istanbul"},
		{"  Mr.  Tom   Reyes ", "tom reyes"},
		{"Dr Prof. Ann Lee", "ann lee"},
		{"Jürgen van Haaren", "jurgen van haaren"},
		{"Łukasz Żurek", "lukasz zurek"},
		{"O’Brien", "obrien"},
		{"Abd al‑Rahman", "abd al rahman"}, // U+2011 non-breaking hyphen
		{"J. D. Vance", "j d vance"},
		{"city officials", "city officials"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNameWords(f *testing.F) {
	for _, s := range []string{"Vladimir Putin", "Mr. Mr. X", "Élisabeth", "O'Brien", "a\x00b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := NameWords(s)
		for _, tok := range toks {
			if tok == "" || strings.ContainsAny(tok, " \x00") || strings.ToLower(tok) != tok {
				t.Fatalf("NameWords(%q) has bad token %q", s, tok)
			}
		}
		// Folding a folded name changes nothing but dropped honorifics.
		n := NormalizeName(s)
		if again := NormalizeName(n); again != n && len(NameWords(n)) >= len(toks) {
			t.Fatalf("NormalizeName not stable: %q -> %q -> %q", s, n, again)
		}
	})
}

func TestLastName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"walter denning jr", "denning"},
		{"donald trump", "trump"},
		{"trump", "trump"},
		{"john smith iii", "smith"},
		{"jr", "jr"},
		{"", ""},
	} {
		if got := LastName(tc.in); got != tc.want {
			t.Errorf("LastName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// nameKeyByWords is NameKey's definition, written plainly.
func nameKeyByWords(name string) string {
	var kept []string
	for _, w := range FoldWords(name) {
		if !IsNameAffix(w) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Gov. Mary Fallin", "mary fallin"},
		{"Walter Denning Jr.", "walter denning"},
		{"Mr.", ""},
		{"O’Neill", "oneill"},
		{"Sgt. Ana Ruiz-Díaz", "ana ruiz diaz"},
		{"Élisabeth Bédier", "elisabeth bedier"},
		{"  ", ""},
	} {
		if got := NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Gov. Mary Fallin", "Mr. Jr. Sr.", "O'Brien", "a\x00b", "\xff", "Ødegaard, Martin"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NameKey(s), nameKeyByWords(s); got != want {
			t.Fatalf("NameKey(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzFoldASCII: on ASCII text the fast path folds exactly as the
// general one.
func FuzzFoldASCII(f *testing.F) {
	for _, s := range []string{"", "O'Brien said: \"We WILL build 1,000 bridges.\"", "  a  b ", "`x`'y'", "...", "Zelensky's ally-in-chief"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if got, want := foldASCII(s), foldUnicode(s); !slices.Equal(got, want) {
			t.Errorf("foldASCII(%q) = %q, foldUnicode %q", s, got, want)
		}
	})
}
