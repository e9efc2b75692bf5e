package lexicon

import (
	"bytes"
	"io/fs"
	"maps"
	"strings"
	"testing"

	"github.com/claims-project/claims/extract/lexicon/internal/lemmadict"
)

// TestCueFormsFresh fails when data/cue_forms.txt is not what go generate
// would write from data/cues.txt and the lemma dictionary now.
func TestCueFormsFresh(t *testing.T) {
	confirm, err := lemmadict.Confirm()
	if err != nil {
		t.Fatal(err)
	}
	want, err := CueFormTable(files, confirm)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(files, "data/cue_forms.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("data/cue_forms.txt is stale: run go generate ./extract/lexicon\ngot:\n%s\nwant:\n%s", got, want)
	}
	// A verb added to cues.txt without regenerating makes the table stale.
	added, err := CueFormTable(withLine(t, "cues", "nag speech"), confirm)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(added, want) || !strings.Contains(string(added), "\nnag nagged nagging\n") {
		t.Errorf("with nag added the table is unchanged or lacks quip's doubled forms:\n%s", added)
	}
}

// TestCueFormsAsDictionary holds the cue forms Load builds from the table
// to the ones the lemma dictionary gives: the table changes where the
// dictionary is asked, not what it answers.
func TestCueFormsAsDictionary(t *testing.T) {
	confirm, err := lemmadict.Confirm()
	if err != nil {
		t.Fatal(err)
	}
	lx, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	p := &parser{fsys: files}
	want := map[string]string{}
	for _, l := range p.lines("cues") {
		v := p.verb(l)
		for _, f := range Inflect(confirm, v) {
			if _, ok := want[f]; !ok || lx.Cues[f].Lemma == v.Lemma {
				want[f] = v.Lemma
			}
		}
	}
	got := map[string]string{}
	for f, c := range lx.Cues {
		got[f] = c.Lemma
	}
	if !maps.Equal(got, want) {
		for f, l := range want {
			if got[f] != l {
				t.Errorf("%s: lemma %q from the table, %q from the dictionary", f, got[f], l)
			}
		}
		t.Errorf("%d forms from the table, %d from the dictionary", len(got), len(want))
	}
	// An unlisted lemma that needs a guess gets both spellings.
	lx2, err := LoadFS(withLine(t, "cues", "zib speech"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"zibed", "zibbed", "zibing", "zibbing"} {
		if _, ok := lx2.Cue(f); !ok {
			t.Errorf("zib not in cue_forms.txt: %s missing", f)
		}
	}
}
