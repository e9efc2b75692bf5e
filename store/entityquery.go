package store

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// fallsBack reports a speaker name that, naming no entity, is matched by
// the folded-name rule instead: a generic name ("the company") or one
// word ("Vladimir", a first name the store knows only inside full
// names). A full name that names no entity matches nothing: the store
// has no such person.
func (s *Store) fallsBack(name string) bool {
	for _, r := range s.lists.Readings(name) {
		if len(r.Tokens) > 1 {
			return false
		}
	}
	return true
}

// speakerTargets is what a speaker query resolves to: entities by id, and
// nodes whose occurrences of their own count too (an ambiguous short name
// asked for as such: "Varga" beside Ilona and Anton Varga), with the
// speaker names whose index entries hold their claims.
type speakerTargets struct {
	ids    map[string]bool
	locals map[string]bool
	forms  map[string]bool
}

func (t *speakerTargets) empty() bool { return len(t.ids) == 0 && len(t.locals) == 0 }

// unitNodes lists the nodes of a unit's buckets, one seek a node.
func unitNodes(txn *badger.Txn, unit []string) ([]string, error) {
	var keys []string
	for _, b := range unit {
		prefix := append(append([]byte{pPosting}, b...), 0)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		for it.Seek(prefix); it.Valid(); {
			_, node, _, err := bucketOfPosting(it.Item().Key())
			if err != nil {
				it.Close()
				return nil, err
			}
			keys = append(keys, node)
			it.Seek(append(append(slices.Clone(prefix), node...), 1))
		}
		it.Close()
	}
	return keys, nil
}

// resolveSpeaker finds the entities a name a user typed means: for each
// reading of it (entity.Readings), the nodes of its unit it matches
// (entity.Matches) and their entities. A short name also takes the
// people an ambiguous node may be and the occurrences of it that are
// their own; a full name takes a short node only when the short node is
// linked to one entity.
func (s *Store) resolveSpeaker(txn *badger.Txn, name string) (speakerTargets, error) {
	t := speakerTargets{ids: map[string]bool{}, locals: map[string]bool{}, forms: map[string]bool{}}
	al := s.aliasSet()
	for _, r := range s.lists.Readings(name) {
		nodes, err := unitNodes(txn, al.Unit(r.Bucket()))
		if err != nil {
			return t, err
		}
		for _, k := range nodes {
			if !entity.Matches(r, k) {
				continue
			}
			if err := t.addNode(txn, k, r.Full() && !entity.ParseKey(k).Full()); err != nil {
				return t, err
			}
		}
	}
	for id := range t.ids {
		rec, _, err := readEntity(txn, id)
		if err != nil {
			return t, err
		}
		for f := range rec.Forms {
			t.forms[f] = true
		}
	}
	return t, nil
}

// addNode adds a matched node's entities. For a full name's query
// (ownOnly) a short node counts only as a person of its own ("Denning
// Jr." for "Walter Denning"): linked to a full name, it adds nothing the
// full name has not, and it may be another person's ("Mr. Putin" is not
// Dmitry Putin's when Vladimir is the only Putin).
func (t *speakerTargets) addNode(txn *badger.Txn, k string, ownOnly bool) error {
	rec, ok, err := readNode(txn, k)
	if err != nil || !ok {
		return err
	}
	switch {
	case ownOnly && rec.Link.Entity != entity.EntityID(k):
		return nil
	case !rec.Link.Ambiguous:
		t.ids[rec.Link.Entity] = true
	default:
		for _, c := range rec.Link.Choices {
			t.ids[c.Entity] = true
		}
	}
	if ownOnly {
		return nil
	}
	// The node's occurrences of their own (Local, or unresolved).
	t.locals[k] = true
	for f := range rec.Forms {
		t.forms[f] = true
	}
	return nil
}

// entityPlan walks the speaker-index entries of the targets' names and
// keeps the claims whose speaker is one of them.
func entityPlan(t speakerTargets) plan {
	seen := map[string]bool{}
	var prefixes [][]byte
	for _, f := range slices.Sorted(maps.Keys(t.forms)) {
		norm := claims.NormalizeName(f)
		if norm == "" || seen[keyName(norm)] {
			continue
		}
		seen[keyName(norm)] = true
		prefixes = append(prefixes, namePrefix(pSpeakerName, norm))
	}
	if len(prefixes) == 0 {
		// Nothing to walk: a prefix no key has.
		prefixes = [][]byte{{pSpeakerName, 0}}
	}
	return plan{prefixes: prefixes, entity: func(ents *entityView, v []byte, r ref) (bool, error) {
		var rec speakerRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return false, err
		}
		article := articleOf(r.article)
		if n := ents.nodes.of(rec); n.none {
			return false, nil
		} else if n.key != "" {
			// A node the name and type decide: its link alone says
			// whose the claim is, unless the link is ambiguous.
			lk, err := ents.link(n.key)
			if err != nil || !lk.Ambiguous {
				id := entity.EntityOf(lk, article, &entity.Occurrence{Node: n.key})
				return err == nil && (t.ids[id] || t.locals[n.key] && id == entity.LocalID(article, n.key)), err
			}
		}
		id, o, err := ents.entityOf(article, rec.Name)
		if err != nil || o == nil {
			return false, err
		}
		return t.ids[id] || t.locals[o.Node] && id == entity.LocalID(article, o.Node), nil
	}}
}

// nodeOfName is what a speaker's name and type alone say of its node, as
// entity.Lists.Occurrences decides it, kept for one query: no node (a
// generic speaker, or a name too long to link), the node (a full name,
// an organisation's, a generic speaker's organisation), or "" when only
// the article can tell (a person's short name, resolved within it, or an
// index entry written without the type).
type nodeOfName struct {
	lists *entity.Lists
	m     map[speakerRecord]nameNode
}

type nameNode struct {
	key  string
	none bool
}

func (c *nodeOfName) of(rec speakerRecord) nameNode {
	rec.Title = ""
	if c.lists == nil {
		return nameNode{}
	}
	if n, ok := c.m[rec]; ok {
		return n
	}
	var out nameNode
	if rec.Type != "" {
		n := c.lists.Parse(rec.Name, rec.Type)
		if n.Kind == entity.Generic && n.Org != nil {
			n = *n.Org
		}
		switch {
		case n.Kind == entity.Generic:
			out.none = true
		case n.Kind == entity.Person && !n.Full():
		case len(n.Key()) > maxNodeKey:
			out.none = true
		default:
			out.key = n.Key()
		}
	}
	if len(c.m) >= entityViewSize {
		clear(c.m)
	}
	c.m[rec] = out
	return out
}

// keyTargets are the targets of a speaker key: an entity's id, or the id
// of an occurrence that is an entity of its own (found by looking).
func (s *Store) keyTargets(txn *badger.Txn, id string) (speakerTargets, error) {
	t := speakerTargets{ids: map[string]bool{id: true}, locals: map[string]bool{}, forms: map[string]bool{}}
	rec, ok, err := readEntity(txn, id)
	if err != nil {
		return t, err
	}
	if ok {
		for f := range rec.Forms {
			t.forms[f] = true
		}
		return t, nil
	}
	o, _, err := findLocal(txn, id)
	if err != nil || o == nil {
		return t, err
	}
	for f := range o.Names {
		t.forms[f] = true
	}
	return t, nil
}

// errFound stops a walk that found what it looked for.
var errFound = errors.New("found")

// findLocal finds the occurrence whose own entity is id, and its article:
// among the local marks, then the occurrences of ambiguous nodes.
func findLocal(txn *badger.Txn, id string) (*entity.Occurrence, string, error) {
	var found *entity.Occurrence
	var article string
	try := func(a, node string) error {
		if entity.LocalID(a, node) != id {
			return nil
		}
		occ, err := readLinks(txn, a)
		if err != nil {
			return err
		}
		for i := range occ {
			if occ[i].Node == node {
				found, article = &occ[i], a
				return errFound
			}
		}
		return nil
	}
	err := eachKey(txn, pLocal, func(k, _ []byte) error {
		a, node, _ := strings.Cut(string(k[1:]), "\x00")
		return try(a, node)
	})
	if err == nil {
		err = eachAmbiguous(txn, func(node string) error {
			return eachPosting(txn, node, func(a string) error { return try(a, node) })
		})
	}
	if errors.Is(err, errFound) {
		err = nil
	}
	return found, article, err
}

// eachAmbiguous calls fn with every ambiguous node.
func eachAmbiguous(txn *badger.Txn, fn func(node string) error) error {
	return eachKey(txn, pNode, func(k, v []byte) error {
		var rec nodeRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		if !rec.Link.Ambiguous {
			return nil
		}
		return fn(string(k[1:]))
	})
}

// eachPosting calls fn with every article that has node.
func eachPosting(txn *badger.Txn, node string, fn func(article string) error) error {
	prefix := postingKey(nodeBucket(node), node, "")
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := fn(string(it.Item().Key()[len(prefix):])); err != nil {
			return err
		}
	}
	return nil
}
