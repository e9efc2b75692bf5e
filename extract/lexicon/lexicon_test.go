package lexicon

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/claims-project/claims/extract/lexicon/internal/lemmadict"
)

// withLine returns the embedded lists with line appended to data/NAME.txt.
func withLine(t *testing.T, name, line string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Files(), p)
		if err != nil {
			return err
		}
		if p == "data/"+name+".txt" {
			b = append(b, line+"\n"...)
		}
		m[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLoad(t *testing.T) {
	lx, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int{"titles": lx.Titles.Len(), "person nouns": lx.PersonNouns.Len(),
		"places": lx.Places.Len(), "cue forms": len(lx.Cues), "given names": len(lx.GivenNames), "pronouns": len(lx.Pronouns)} {
		if n < 5 {
			t.Errorf("%s: %d entries", name, n)
		}
	}
	said, ok := lx.Cue("said")
	if !ok || said.Lemma != "say" || said.Class != Speech || said.Noun {
		t.Errorf("said: %+v", said)
	}
	if c, ok := lx.Cue("reports"); !ok || !c.Noun || c.Lemma != "report" {
		t.Errorf("reports: %+v, want a noun-like form of report", c)
	}
	if c, ok := lx.Cue("reported"); !ok || c.Noun {
		t.Errorf("reported: %+v, want the -ed form of a noun-like verb to count as a verb", c)
	}
	if p := lx.Pronouns["she"]; p.Gender != 'f' || p.Plural {
		t.Errorf("she: %+v", p)
	}
}

// TestEveryFileIsRead keeps data/ and LoadFS in step: a list file that no
// field reads is a list that silently does nothing.
func TestEveryFileIsRead(t *testing.T) {
	names, err := fs.Glob(Files(), "data/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "data/"), ".txt")
		fsys := fstest.MapFS{}
		for _, m := range names {
			if m != n {
				b, _ := fs.ReadFile(Files(), m)
				fsys[m] = &fstest.MapFile{Data: b}
			}
		}
		if _, err := LoadFS(fsys); err == nil || !strings.Contains(err.Error(), n) {
			t.Errorf("without %s: %v, want an error naming it (is %q read?)", n, err, name)
		}
	}
}

func TestDuplicatesAreErrors(t *testing.T) {
	for _, tc := range []struct{ file, line string }{
		{"titles", "president"},
		{"places", "new york"},
		{"given_names", "mary f"},
		{"cues", "say speech"},
	} {
		_, err := LoadFS(withLine(t, tc.file, tc.line))
		if err == nil || !strings.Contains(err.Error(), "data/"+tc.file+".txt:") || !strings.Contains(err.Error(), "already listed") {
			t.Errorf("%s with %q twice: %v", tc.file, tc.line, err)
		}
	}
}

func TestBadLinesAreErrors(t *testing.T) {
	for _, tc := range []struct{ file, line, want string }{
		{"cues", "gripe", "want a lemma and a class"},
		{"cues", "gripe talking", "unknown class"},
		{"cues", "gripe speech loud", "unknown flag"},
		{"given_names", "alex x", "want a word and f or m"},
		{"pronouns", "thou singular", "unknown property"},
	} {
		if _, err := LoadFS(withLine(t, tc.file, tc.line)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s + %q: %v, want %q", tc.file, tc.line, err, tc.want)
		}
	}
}

// TestAddCueVerb does what the package doc says adding a reporting verb
// takes: one line in cues.txt.
func TestAddCueVerb(t *testing.T) {
	lx, err := LoadFS(withLine(t, "cues", "gripe speech weak"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"gripe", "gripes", "griped", "griping"} {
		c, ok := lx.Cue(f)
		if !ok || c.Lemma != "gripe" || c.Class != Speech || !c.Weak {
			t.Errorf("%s: %+v", f, c)
		}
	}
}

// TestCueForms fails for a reporting verb whose past form is neither
// generated and confirmed by the English lemma dictionary nor listed in
// forms=: "speak" without "spoke" would report "speaked".
func TestCueForms(t *testing.T) {
	confirm, err := lemmadict.Confirm()
	if err != nil {
		t.Fatal(err)
	}
	p := &parser{fsys: files}
	for _, l := range p.lines("cues") {
		v := p.verb(l)
		if v == nil {
			t.Fatalf("line %d: %v", l.no, p.err)
		}
		if len(v.Forms) > 0 {
			continue
		}
		confirmed := false
		for _, f := range Inflect(confirm, v) {
			if f != v.Lemma && strings.HasSuffix(f, "d") && confirm(f, v.Lemma) {
				confirmed = true
			}
		}
		if !confirmed {
			t.Errorf("cues.txt:%d: %s: no past form the dictionary confirms; list its forms (forms=...)", l.no, v.Lemma)
		}
	}
	// The check itself: "speak" with no forms listed fails it.
	if fs := Inflect(confirm, &Verb{Lemma: "speak"}); contains(fs, "spoke") {
		t.Errorf("speak generates %v: the test would not catch a missing irregular form", fs)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
