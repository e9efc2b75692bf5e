package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalSpeakers: claims eval --speakers prints the linking set's
// pairwise figures, named and as written, lists what went wrong with
// --errors, and an alias file moves them.
func TestEvalSpeakers(t *testing.T) {
	gold := filepath.Join("..", "..", "corpus", "linking", "speakers.marked")
	out, err := runEval(t, "--speakers", gold, "--errors", "1")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"speakers named as an extractor names them:", "120 articles, 475 mentions",
		"pairwise precision 100.0% (759 of 759 linked pairs), recall 95.2% (759 of 797 gold pairs)",
		"split (one person, several entities): 8", "link-014: Ms. Varga → ilona-varga/",
		"each mention as written:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Walter Denning of link-031 is the Jr.: an alias file that says so.
	al := filepath.Join(t.TempDir(), "aliases.txt")
	if err := os.WriteFile(al, []byte("Walter Denning = Walter Denning Jr.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = runEval(t, "--speakers", gold, "--aliases", al, "--json")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var rep map[string]struct {
		RightPairs int `json:"right_pairs"`
		GoldPairs  int `json:"gold_pairs"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep["named"].RightPairs <= 759 || rep["named"].GoldPairs != 797 {
		t.Errorf("with the alias: %+v", rep)
	}
	if out, err := runEval(t, "--speakers", gold, "--gold", gold); err == nil || exitCode(err) != 2 {
		t.Errorf("--speakers with --gold: %v\n%s", err, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("Putin\n"), 0o644)
	if out, err := runEval(t, "--speakers", gold, "--aliases", bad); err == nil || !strings.Contains(err.Error(), "bad.txt:1:") {
		t.Errorf("bad alias file: %v\n%s", err, out)
	}
}
