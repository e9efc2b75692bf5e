package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun counts a claim of each kind of cue: a quotation, a reporting
// verb, a belief verb (scope all only), "according to" and a cue the
// lexicon lacks.
func TestRun(t *testing.T) {
	gold := `{"id":"a","text":"x","claims":[` +
		`{"kind":"direct","start":0,"end":1,"text":"x","speaker":null},` +
		`{"kind":"indirect","start":0,"end":1,"text":"x","speaker":null,"cue":{"text":"said","start":0,"end":1}},` +
		`{"kind":"indirect","start":0,"end":1,"text":"x","speaker":null,"cue":{"text":"believes","start":0,"end":1}},` +
		`{"kind":"indirect","start":0,"end":1,"text":"x","speaker":null,"cue":{"text":"according to","start":0,"end":1}},` +
		`{"kind":"indirect","start":0,"end":1,"text":"x","speaker":null,"cue":{"text":"seemed","start":0,"end":1}}]}` + "\n"
	path := filepath.Join(t.TempDir(), "g.jsonl")
	if err := os.WriteFile(path, []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(path, 100, 100, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		": 5 claims, 80.0% indirect\n",
		"or quotation: 1 claims (20.0%), 1 distinct cues\n",
		"recall bound, speech: 60.0% (F1 bound at P 100.0: 75.0)\n",
		"recall bound, all:    80.0% (F1 bound at P 100.0: 88.9)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
