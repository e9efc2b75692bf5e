// Command gencueforms writes extract/lexicon/data/cue_forms.txt: the
// doubled-consonant spellings of the reporting verbs that the English
// lemma dictionary confirms. It runs under go generate in extract/lexicon,
// so that the claims binary never loads the dictionary.
package main

import (
	"fmt"
	"os"

	"github.com/claims-project/claims/extract/lexicon"
	"github.com/claims-project/claims/extract/lexicon/internal/lemmadict"
)

func main() {
	confirm, err := lemmadict.Confirm()
	if err == nil {
		var b []byte
		if b, err = lexicon.CueFormTable(os.DirFS("."), confirm); err == nil {
			err = os.WriteFile("data/cue_forms.txt", b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencueforms:", err)
		os.Exit(1)
	}
}
