package entity

import "strings"

// Readings reads a name a user typed to find a speaker ("Putin",
// "President Putin", "U.S. President Donald Trump", "Corvane"): its
// readings as a person's name and as an organisation's, titles and
// honorifics ignored as Parse ignores them; none for a generic name ("the
// company"), which no entity answers.
func (l *Lists) Readings(name string) []Name {
	var out []Name
	for _, typ := range []string{"", "PERSON", "ORG"} {
		n := l.Parse(name, typ)
		if n.Kind == Generic || len(n.Tokens) == 0 {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o.Key() == n.Key()
		}
		if !dup {
			out = append(out, n)
		}
	}
	return out
}

// Matches reports whether the node with key node is one the reading q
// means: the same name; for a full name, the full names with its first
// and last name and the short names that may stand for it ("Denning Jr."
// for "Walter Denning"); for a short name ("Putin", "van Haaren"), the
// full names it fits and the same short name; for an organisation, the
// same name or, for one word, the names it begins ("Corvane" finds
// "Corvane Therapeutics").
func Matches(q Name, node string) bool {
	n := ParseKey(node)
	if n.Kind != q.Kind || len(n.Tokens) == 0 {
		return false
	}
	if node == q.Key() {
		return true
	}
	if q.Kind == Org {
		return len(q.Tokens) == 1 && n.Tokens[0] == q.Tokens[0]
	}
	switch {
	case q.Full() && n.Full():
		return groupKey(q) == groupKey(n) && (q.Gen == "" || n.Gen == "" || q.Gen == n.Gen)
	case q.Full():
		return fits(n, q, false)
	case n.Full():
		return fits(q, n, false)
	}
	return strings.Join(q.Tokens, " ") == strings.Join(n.Tokens, " ") && (q.Gen == "" || n.Gen == "" || q.Gen == n.Gen)
}
