package extract

import (
	"reflect"
	"testing"
)

// TestFindQuotes pins quotation pairing for every mark style the corpus
// uses, and the apostrophes that must not pair.
func TestFindQuotes(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // quote contents, in order of opening mark
	}{
		{"curly", "“We will win,” she said.", []string{"We will win"}},
		{"straight", `"We will win," she said.`, []string{"We will win"}},
		{"single curly", "‘We will win,’ she said.", []string{"We will win"}},
		{"single straight", "'We will win,' she said.", []string{"We will win"}},
		{"guillemets with spaces", "« Nous gagnerons », dit-elle.", []string{"Nous gagnerons"}},
		{"german", "„Wir gewinnen“, sagte sie.", []string{"Wir gewinnen"}},
		{"doubled wire style", "''We will win,'' she said.", []string{"We will win"}},
		{"nested", "“He told me ‘never again,’ ” she said.", []string{"He told me ‘never again,’", "never again"}},
		{"apostrophes", "Don’t say Trump’s ’90s rock ’n’ roll isn’t back.", nil},
		{"straight apostrophes", "Don't say the '90s rock 'n' roll isn't back.", nil},
		{"possessive plural inside quote", "“The leaders’ summit failed,” he said.", []string{"The leaders’ summit failed"}},
		{"mixed straight and curly", "\"We will win,” she said.", []string{"We will win"}},
		{"mistyped opener", "He said ”we will win” again.", []string{"we will win"}},
		{"unclosed is bounded by the paragraph", "“This never closes.\n\nNext paragraph.", []string{"This never closes."}},
		{"two in a row", "“A,” he said, “B.”", []string{"A", "B."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			qs := newMarkTable(markStyles[:]).findQuotes(tc.text, paragraphs(tc.text))
			var got []string
			for _, q := range qs {
				got = append(got, tc.text[q.s:q.e])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("quotes %q, want %q", got, tc.want)
			}
		})
	}
}

// TestMultiParagraphQuote checks the continuation flags: the opening mark
// repeated at each new paragraph, the closing mark only at the end.
func TestMultiParagraphQuote(t *testing.T) {
	text := "She wrote:\n\n“First part.\n\n“Second part.\n\n“Last part.”\n\nAfter."
	qs := newMarkTable(markStyles[:]).findQuotes(text, paragraphs(text))
	if len(qs) != 3 {
		t.Fatalf("%d quotes, want 3", len(qs))
	}
	want := [][2]bool{{false, true}, {true, true}, {true, false}}
	for i, q := range qs {
		if got := [2]bool{q.contPrev, q.contNext}; got != want[i] {
			t.Errorf("piece %d %q: contPrev, contNext = %v, want %v", i, text[q.s:q.e], got, want[i])
		}
	}
}

func TestParagraphs(t *testing.T) {
	text := "Title\nBy X\n\n  First para.  \n \u00a0\nSecond\u202fpara.\n\n\n"
	var got []string
	for _, p := range paragraphs(text) {
		got = append(got, text[p.s:p.e])
	}
	want := []string{"Title\nBy X", "First para.", "Second\u202fpara."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paragraphs %q, want %q", got, want)
	}
}

func TestCPIndex(t *testing.T) {
	text := "a“b\xffc€d"
	ix := newCPIndex(validUTF8(text))
	v := validUTF8(text)
	for b := range v {
		if b > 0 && v[b]&0xC0 == 0x80 {
			continue // not a rune boundary
		}
		if got, want := ix.cp(b), len([]rune(v[:b])); got != want {
			t.Errorf("cp(%d) = %d, want %d", b, got, want)
		}
	}
}
