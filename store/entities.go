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
	txn *badger.Txn
	// nodes tells the node of a speaker from its name and type, where
	// they decide it, so that its article's links need not be read.
	nodes nodeOfName
	byArt map[string]map[string]*entity.Occurrence
	links map[string]entity.Link
	names map[string]string
}

// entityViewSize bounds each of a view's maps; a full one is emptied.
const entityViewSize = 4096

func newEntityView(txn *badger.Txn, lists *entity.Lists) *entityView {
	return &entityView{txn: txn, nodes: nodeOfName{lists: lists, m: map[speakerRecord]nameNode{}}, byArt: map[string]map[string]*entity.Occurrence{},
		links: map[string]entity.Link{}, names: map[string]string{}}
}

// occurrence is the occurrence of article whose speaker name is name, or
// nil (a generic speaker, or an article stored without linking).
func (v *entityView) occurrence(article, name string) (*entity.Occurrence, error) {
	m, ok := v.byArt[article]
	if !ok {
		occ, err := readLinksBrief(v.txn, article)
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

// briefOccurrence is what a reader of an article's links needs to tell
// its speakers' entities (entity.EntityOf): decoding it skips the
// titles and display forms, most of what a query by speaker would spend
// on every article it passes.
type briefOccurrence struct {
	Node       string         `json:"k"`
	Names      map[string]int `json:"n"`
	TitleWords []string       `json:"w,omitempty"`
	Local      bool           `json:"l,omitempty"`
}

// readLinksBrief reads an article's occurrences as briefOccurrence gives
// them: Titles, Displays and Claims are left empty.
func readLinksBrief(txn *badger.Txn, article string) ([]entity.Occurrence, error) {
	var brief []briefOccurrence
	if err := decodeLinks(txn, article, &brief); err != nil {
		return nil, err
	}
	occ := make([]entity.Occurrence, len(brief))
	for i, b := range brief {
		occ[i] = entity.Occurrence{Node: b.Node, Names: b.Names, TitleWords: b.TitleWords, Local: b.Local}
	}
	return occ, nil
}

// entityOfSpeaker is entityOf for a claim's speaker, whose type with its
// name may decide its node without a read of the article's links.
func (v *entityView) entityOfSpeaker(article string, sp *claims.Speaker) (string, *entity.Occurrence, error) {
	n := v.nodes.of(speakerRecord{Name: sp.Name, Type: sp.Type})
	if n.none {
		return "", nil, nil
	}
	if n.key != "" {
		lk, err := v.link(n.key)
		if err != nil || !lk.Ambiguous {
			o := &entity.Occurrence{Node: n.key}
			return entity.EntityOf(lk, article, o), o, err
		}
	}
	return v.entityOf(article, sp.Name)
}

// name is the canonical name of entity id, of which o is an occurrence
// in article: from the entity's record, or for an entity of one
// occurrence, from the occurrence's display forms.
func (v *entityView) name(id, article string, o *entity.Occurrence) (string, error) {
	if n, ok := v.names[id]; ok {
		return n, nil
	}
	rec, ok, err := readEntity(v.txn, id)
	if err != nil {
		return "", err
	}
	displays := rec.Names
	if !ok {
		// An entity of one occurrence, which the view read without its
		// display forms.
		occ, err := readLinks(v.txn, article)
		if err != nil {
			return "", err
		}
		for i := range occ {
			if occ[i].Node == o.Node {
				displays = occ[i].Displays
			}
		}
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
		id, o, err := v.entityOfSpeaker(article, sp)
		if err != nil || id == "" {
			return err
		}
		name, err := v.name(id, article, o)
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
