package eval

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const syndicationDoc = `# a comment before the first article
=== a1 2026-03-02T09:10:00Z wire.example
Mayor defends toll

“[[q1@holt|The bridge is old.]]” Holt said. She said [[q2@holt|drivers must pay]].

=== a2 2026-03-03T10:00:00+01:00 daily.example
Toll rises

Holt: «[[q1@holt|the bridge is old]]»
`

func TestParseSyndication(t *testing.T) {
	set, err := parseSyndication("set.txt", strings.NewReader(syndicationDoc))
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 2 {
		t.Fatalf("%d articles, want 2", len(set))
	}
	a := set[0]
	if a.Article.ID != "syn-a1" || a.Article.Site != "wire.example" || a.Article.Title != "Mayor defends toll" ||
		!a.Article.Published.Equal(time.Date(2026, 3, 2, 9, 10, 0, 0, time.UTC)) {
		t.Errorf("article 1: %+v", a.Article)
	}
	if !set[1].Article.Published.Equal(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("article 2 published %v, want 09:00 UTC", set[1].Article.Published)
	}
	if strings.Contains(a.Article.Text, "[[") || len(a.Marks) != 2 {
		t.Fatalf("text %q, marks %+v", a.Article.Text, a.Marks)
	}
	for _, m := range append(a.Marks, set[1].Marks...) {
		checkMark(t, set, m)
	}
	if m := a.Marks[0]; m.Label != "q1" || m.Speaker != "holt" || !m.Quoted(a.Article.Text) {
		t.Errorf("mark 1: %+v, quoted %v", m, m.Quoted(a.Article.Text))
	}
	if m := a.Marks[1]; m.Quoted(a.Article.Text) {
		t.Errorf("mark 2 (reported speech) reads as quoted: %+v", m)
	}
}

// checkMark checks that mark m's offsets pick its words out of the text
// of the article it belongs to.
func checkMark(t *testing.T, set []Syndicated, m QuoteMark) {
	t.Helper()
	for _, s := range set {
		for _, o := range s.Marks {
			if o == m {
				if got := string([]rune(s.Article.Text)[m.Start:m.End]); got != m.Text {
					t.Errorf("mark %+v: text[start:end] = %q", m, got)
				}
				return
			}
		}
	}
}

func TestParseSyndicationErrors(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"short header", "=== a1 2026-03-02T09:10:00Z\nx\n", "set.txt:1"},
		{"bad date", "=== a1 2026-03-02 wire.example\nx\n", "date"},
		{"duplicate id", "=== a1 2026-03-02T09:10:00Z w.example\nx\n=== a1 2026-03-02T09:10:00Z w.example\ny\n", "set.txt:3"},
		{"unclosed mark", "=== a1 2026-03-02T09:10:00Z w.example\nT\n\n[[q@s|words\n", "want [[LABEL@SPEAKER|words]]"},
		{"no speaker", "=== a1 2026-03-02T09:10:00Z w.example\nT\n\n[[q|words]]\n", "empty label, speaker or words"},
		{"empty words", "=== a1 2026-03-02T09:10:00Z w.example\nT\n\n[[q@s| ]]\n", "empty label, speaker or words"},
		{"no articles", "# only a comment\n", "no articles"},
		{"not UTF-8", "=== a1 2026-03-02T09:10:00Z w.example\nT\n\n[[q@s|\xa9]]\n", "set.txt:4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSyndication("set.txt", strings.NewReader(tc.doc))
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want an InputError with %q", err, tc.want)
			}
		})
	}
}

// FuzzParseSyndication: any input is read or refused with an error, never
// a panic, and every mark read picks its words out of its article.
func FuzzParseSyndication(f *testing.F) {
	f.Add(syndicationDoc)
	f.Add("=== a 2026-01-01T00:00:00Z s\n[[x@y|é]]\n")
	f.Add("=== a 2026-01-01T00:00:00Z s\n[[|]][[x@y|]]]]\n")
	f.Fuzz(func(t *testing.T, doc string) {
		set, err := parseSyndication("fuzz.txt", strings.NewReader(doc))
		if err != nil {
			return
		}
		for _, s := range set {
			rs := []rune(s.Article.Text)
			for _, m := range s.Marks {
				if m.Start < 0 || m.End > len(rs) || m.Start > m.End || string(rs[m.Start:m.End]) != m.Text {
					t.Fatalf("mark %+v does not pick its words out of %q", m, s.Article.Text)
				}
			}
		}
	})
}
