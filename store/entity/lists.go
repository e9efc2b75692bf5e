package entity

import (
	_ "embed"
	"fmt"

	"github.com/claims-project/claims"
)

//go:embed data/spokespeople.txt
var spokespeopleFile []byte

// Lists are the word lists linking reads: the root package's shared ones
// (claims.WordList), which the extractor reads too, and this package's own
// list of spokespeople. They are immutable once loaded.
type Lists struct {
	titles, demonyms, personNouns, orgNouns, groupHeads, orgSuffixes, particles, suffixes map[string]bool
	spokespeople                                                                          map[string]bool
}

// LoadLists reads the lists.
func LoadLists() (*Lists, error) {
	l := &Lists{}
	for name, dst := range map[string]*map[string]bool{
		"titles": &l.titles, "demonyms": &l.demonyms, "person_nouns": &l.personNouns,
		"org_nouns": &l.orgNouns, "group_heads": &l.groupHeads, "org_suffixes": &l.orgSuffixes,
		"name_particles": &l.particles, "name_suffixes": &l.suffixes,
	} {
		m, err := claims.WordList(name)
		if err != nil {
			return nil, fmt.Errorf("speaker linking: %w", err)
		}
		*dst = m
	}
	m, err := claims.ParseWordList(spokespeopleFile, "store/entity/data/spokespeople.txt")
	if err != nil {
		return nil, fmt.Errorf("speaker linking: %w", err)
	}
	l.spokespeople = m
	return l, nil
}
