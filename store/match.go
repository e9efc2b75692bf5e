package store

import "slices"

// Names and texts are folded by the root package's one rule
// (claims.NameWords, claims.FoldWords); the store adds how a folded query
// matches a folded name or text.

// namesMatch is the alias rule for a query against a stored name, both as
// tokens: every query token is in the name ("Putin" finds "Vladimir Putin"),
// or the name is a short form of the query ending in the same word
// ("Vladimir Putin" finds an article that only ever says "Mr. Putin").
func namesMatch(query, name []string) bool {
	if len(query) == 0 || len(name) == 0 {
		return false
	}
	if subset(query, name) {
		return true
	}
	return query[len(query)-1] == name[len(name)-1] && subset(name, query)
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// containsPhrase reports whether the words of phrase occur consecutively in
// text, both folded by claims.FoldWords.
func containsPhrase(text, phrase []string) bool {
	if len(phrase) == 0 {
		return true
	}
outer:
	for i := 0; i+len(phrase) <= len(text); i++ {
		for j, w := range phrase {
			if text[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}
