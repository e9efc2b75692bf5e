package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// entityView finds the entities of claims' speakers within one read
// transaction, keeping what it read: an article's occurrences by speaker
// name, nodes' links, entities' canonical names. It is one reader's and
// bounded.
type entityView struct {
	txn   *badger.Txn
	byArt map[string]map[string]*entity.Occurrence
	links map[string]entity.Link
	names map[string]string
}

// entityViewSize bounds each of a view's maps; a full one is emptied.
const entityViewSize = 4096

func newEntityView(txn *badger.Txn) *entityView {
	return &entityView{txn: txn, byArt: map[string]map[string]*entity.Occurrence{},
		links: map[string]entity.Link{}, names: map[string]string{}}
}

// occurrence is the occurrence of article whose speaker name is name, or
// nil (a generic speaker, or an article stored without linking).
func (v *entityView) occurrence(article, name string) (*entity.Occurrence, error) {
	m, ok := v.byArt[article]
	if !ok {
		occ, err := readLinks(v.txn, article)
		if err != nil {
			return nil, err
		}
		m = map[string]*entity.Occurrence{}
		for i := range occ {
			for n := range occ[i].Names {
				m[n] = &occ[i]
			}
		}
		if len(v.byArt) >= entityViewSize {
			clear(v.byArt)
		}
		v.byArt[article] = m
	}
	return m[name], nil
}

// link is a node's link.
func (v *entityView) link(node string) (entity.Link, error) {
	if lk, ok := v.links[node]; ok {
		return lk, nil
	}
	rec, _, err := readNode(v.txn, node)
	if err != nil {
		return entity.Link{}, err
	}
	if len(v.links) >= entityViewSize {
		clear(v.links)
	}
	v.links[node] = rec.Link
	return rec.Link, nil
}

// entityOf is the entity of the speaker named name in article, and its
// occurrence; "" for a speaker linked to nothing.
func (v *entityView) entityOf(article, name string) (string, *entity.Occurrence, error) {
	o, err := v.occurrence(article, name)
	if o == nil || err != nil {
		return "", nil, err
	}
	lk, err := v.link(o.Node)
	if err != nil {
		return "", nil, err
	}
	return entity.EntityOf(lk, article, o), o, nil
}

// name is the canonical name of entity id, of which o is an occurrence:
// from the entity's record, or for an entity of one occurrence, from it.
func (v *entityView) name(id string, o *entity.Occurrence) (string, error) {
	if n, ok := v.names[id]; ok {
		return n, nil
	}
	rec, ok, err := readEntity(v.txn, id)
	if err != nil {
		return "", err
	}
	displays := rec.Names
	if !ok {
		displays = o.Displays
	}
	n := canonicalName(displays)
	if len(v.names) >= entityViewSize {
		clear(v.names)
	}
	v.names[id] = n
	return n, nil
}

// canonicalName is the fullest of an entity's display forms: most words,
// then most claims, then the first in byte order.
func canonicalName(displays map[string]int) string {
	forms := make([]string, 0, len(displays))
	for d := range displays {
		forms = append(forms, d)
	}
	slices.SortFunc(forms, func(a, b string) int {
		return cmp.Or(
			cmp.Compare(len(strings.Fields(b)), len(strings.Fields(a))),
			cmp.Compare(displays[b], displays[a]),
			strings.Compare(a, b))
	})
	if len(forms) == 0 {
		return ""
	}
	return forms[0]
}

// attach gives each speaker of c, a claim of article, the entity it is
// linked to (claims.Speaker.Entity), leaving generic speakers without.
func (v *entityView) attach(c *claims.Claim, article string) error {
	set := func(sp *claims.Speaker) error {
		id, o, err := v.entityOf(article, sp.Name)
		if err != nil || id == "" {
			return err
		}
		name, err := v.name(id, o)
		if err != nil {
			return err
		}
		sp.Entity = &claims.EntityRef{ID: id, Name: name}
		return nil
	}
	if c.Speaker != nil {
		if err := set(c.Speaker); err != nil {
			return err
		}
	}
	for i := range c.Speakers {
		if err := set(&c.Speakers[i]); err != nil {
			return err
		}
	}
	return nil
}
