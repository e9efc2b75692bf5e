// Package lemmadict answers, from golem's English lemma dictionary,
// whether a word is a form of a lemma. Only the generator of
// data/cue_forms.txt and the tests that check it import it, so that the
// dictionary (tens of milliseconds and megabytes to load) stays out of
// the claims binary.
package lemmadict

import (
	"fmt"
	"slices"

	"github.com/aaaton/golem/v4"
	"github.com/aaaton/golem/v4/dicts/en"
)

// Confirm loads the dictionary and returns a function reporting whether
// form is in it as a form of lemma.
func Confirm() (func(form, lemma string) bool, error) {
	lem, err := golem.New(en.New())
	if err != nil {
		return nil, fmt.Errorf("load English lemmas: %w", err)
	}
	return func(form, lemma string) bool {
		return lem.InDict(form) && slices.Contains(lem.Lemmas(form), lemma)
	}, nil
}
