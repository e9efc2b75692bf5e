// Speaker linking, the store's side: what package entity computes for an
// article is kept under the article's id, and the units its names touch
// are linked again in the transaction that stores it, so that a reader
// sees an article's claims and their entities change together.

package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// maxNodeKey bounds a node key: a longer name is no one linking can tell
// apart anyway, and keys stay short.
const maxNodeKey = 256

func linksKey(article string) []byte { return append([]byte{pLinks}, article...) }
func nodeKey(node string) []byte     { return append([]byte{pNode}, node...) }
func entityKey(id string) []byte     { return append([]byte{pEntity}, id...) }

// postingKey is "B BUCKET 0x00 NODE 0x00 ARTICLE": article has node.
func postingKey(bucket, node, article string) []byte {
	b := make([]byte, 0, 3+len(bucket)+len(node)+len(article))
	b = append(b, pPosting)
	b = append(b, bucket...)
	b = append(b, 0)
	b = append(b, node...)
	b = append(b, 0)
	return append(b, article...)
}

// localKey is "Z ARTICLE 0x00 NODE": article's occurrence of node is an
// entity of its own (Occurrence.Local).
func localKey(article, node string) []byte {
	b := append([]byte{pLocal}, article...)
	b = append(b, 0)
	return append(b, node...)
}

// nodeRecord is the value of "N NODE": the node's link and what decides
// it, counted so that removing an article undoes adding it.
type nodeRecord struct {
	Link entity.Link `json:"l"`
	// Articles counts the articles with an occurrence of the node.
	Articles int `json:"a"`
	// Titles counts the occurrences that gave each title word.
	Titles map[string]int `json:"t,omitempty"`
	// Forms counts claims by speaker name as the claims hold it, so that
	// a query for the node's occurrences of their own knows which
	// speaker-index prefixes to walk.
	Forms map[string]int `json:"f,omitempty"`
}

// addForms adds (sign 1) or subtracts (-1) an occurrence's speaker names.
func (n *nodeRecord) addForms(o *entity.Occurrence, sign int) {
	if n.Forms == nil {
		n.Forms = map[string]int{}
	}
	for k, c := range o.Names {
		if n.Forms[k] += sign * c; n.Forms[k] <= 0 {
			delete(n.Forms, k)
		}
	}
}

// titleWords are the words Titles counts, sorted.
func (n *nodeRecord) titleWords() []string { return slices.Sorted(maps.Keys(n.Titles)) }

// entityRecord is the value of "Q ID": one entity's tallies over its
// occurrences, each kept by adding and subtracting occurrences. Claims
// are counted per occurrence, so a claim whose two speakers are one
// entity counts twice.
type entityRecord struct {
	Kind entity.Kind `json:"k"`
	// Names counts claims by display form (entity.Name.Display), Titles
	// by title given, Forms by speaker name as the claims hold it (whose
	// folded forms are the speaker index prefixes a query walks), Nodes
	// occurrences by node.
	Names    map[string]int `json:"n"`
	Titles   map[string]int `json:"t,omitempty"`
	Forms    map[string]int `json:"f"`
	Nodes    map[string]int `json:"o"`
	Claims   int            `json:"c"`
	Articles int            `json:"a"`
}

// add adds (sign 1) or subtracts (sign -1) an occurrence.
func (e *entityRecord) add(o *entity.Occurrence, kind entity.Kind, sign int) {
	if e.Claims == 0 && len(e.Nodes) == 0 {
		e.Kind = kind
	}
	for _, m := range []*map[string]int{&e.Names, &e.Titles, &e.Forms, &e.Nodes} {
		if *m == nil {
			*m = map[string]int{}
		}
	}
	tally := func(m map[string]int, k string, n int) {
		if m[k] += sign * n; m[k] <= 0 {
			delete(m, k)
		}
	}
	for k, n := range o.Displays {
		tally(e.Names, k, n)
	}
	for k, n := range o.Titles {
		tally(e.Titles, k, n)
	}
	for k, n := range o.Names {
		tally(e.Forms, k, n)
	}
	tally(e.Nodes, o.Node, 1)
	e.Claims += sign * o.Claims
}

// articleSpeakers lists the speakers of claims as linking reads them,
// their strings as the stored JSON decodes them.
func articleSpeakers(cs []claims.Claim) []entity.Speaker {
	var out []entity.Speaker
	for i := range cs {
		for _, sp := range claimSpeakers(&cs[i]) {
			out = append(out, entity.Speaker{Name: asDecoded(sp.Name), Title: asDecoded(sp.Title), Type: asDecoded(sp.Type)})
		}
	}
	return out
}

// asDecoded is s as JSON gives it back: each byte of invalid UTF-8 a
// U+FFFD.
func asDecoded(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// occurrences are an article's occurrences as the store keeps them:
// those whose node key fits a key.
func (s *Store) occurrences(speakers []entity.Speaker) []entity.Occurrence {
	occ := s.lists.Occurrences(speakers)
	return slices.DeleteFunc(occ, func(o entity.Occurrence) bool { return len(o.Node) > maxNodeKey })
}

// readLinks reads the occurrences stored for an article (none for an
// article not stored, or stored without speakers).
func readLinks(txn *badger.Txn, article string) ([]entity.Occurrence, error) {
	var occ []entity.Occurrence
	if err := decodeLinks(txn, article, &occ); err != nil {
		return nil, err
	}
	for i := range occ {
		occ[i].Bucket = entity.ParseKey(occ[i].Node).Bucket()
	}
	return occ, nil
}

// decodeLinks decodes the links stored for an article into dst, which it
// leaves as it is when there are none.
func decodeLinks(txn *badger.Txn, article string, dst any) error {
	item, err := txn.Get(linksKey(article))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read links of article %s: %w", article, err)
	}
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, dst) }); err != nil {
		return fmt.Errorf("decode links of article %s: %w", article, err)
	}
	return nil
}

// readNode reads a node's record; ok is false when the store has none.
func readNode(txn *badger.Txn, node string) (rec nodeRecord, ok bool, err error) {
	item, err := txn.Get(nodeKey(node))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, fmt.Errorf("read node %q: %w", node, err)
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &rec) })
	if err != nil {
		return rec, false, fmt.Errorf("decode node %q: %w", node, err)
	}
	return rec, true, nil
}

// readEntity reads an entity's record; ok is false when the store has
// none.
func readEntity(txn *badger.Txn, id string) (rec entityRecord, ok bool, err error) {
	item, err := txn.Get(entityKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, fmt.Errorf("read entity %s: %w", id, err)
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &rec) })
	if err != nil {
		return rec, false, fmt.Errorf("decode entity %s: %w", id, err)
	}
	return rec, true, nil
}

// putJSON sets key to v as JSON.
func putJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := encodeJSON(v)
	if err != nil {
		return err
	}
	return txnErr(txn.Set(key, b))
}

// isLocal reports an entity id that is an occurrence's own
// (entity.LocalID), which has no record: its one occurrence is all there
// is of it.
func isLocal(id string, article string, o *entity.Occurrence) bool {
	return id == entity.LocalID(article, o.Node)
}

// nodeBucket is the bucket a node key is filed under.
func nodeBucket(node string) string { return entity.ParseKey(node).Bucket() }

// bucketOfPosting splits a posting key into bucket, node and article.
func bucketOfPosting(key []byte) (bucket, node, article string, err error) {
	parts := strings.SplitN(string(key[1:]), "\x00", 3)
	if len(parts) != 3 {
		return "", "", "", fmt.Errorf("malformed posting key %q", key)
	}
	return parts[0], parts[1], parts[2], nil
}

// linkWork is one transaction's linking: the records it has read or
// changed, written back by flush.
type linkWork struct {
	s       *Store
	txn     *badger.Txn
	aliases *entity.Aliases
	nodes   map[string]*nodeRecord
	dirty   map[string]bool // nodes changed
	ents    map[string]*entityRecord
	entOrig map[string]string // entities as read, JSON
	links   map[string][]entity.Occurrence
	// touched are the buckets whose units need linking again.
	touched map[string]bool
}

func (s *Store) newLinkWork(txn *badger.Txn) *linkWork {
	return &linkWork{s: s, txn: txn, aliases: s.aliasSet(), nodes: map[string]*nodeRecord{}, dirty: map[string]bool{},
		ents: map[string]*entityRecord{}, entOrig: map[string]string{}, links: map[string][]entity.Occurrence{}, touched: map[string]bool{}}
}

// node returns the record of a node (a zero one when the store has none).
func (w *linkWork) node(key string) (*nodeRecord, error) {
	if n, ok := w.nodes[key]; ok {
		return n, nil
	}
	rec, _, err := readNode(w.txn, key)
	if err != nil {
		return nil, err
	}
	w.nodes[key] = &rec
	return &rec, nil
}

// entity returns the record of an entity (an empty one when the store
// has none).
func (w *linkWork) entity(id string) (*entityRecord, error) {
	if e, ok := w.ents[id]; ok {
		return e, nil
	}
	rec, _, err := readEntity(w.txn, id)
	if err != nil {
		return nil, err
	}
	w.ents[id] = &rec
	b, err := encodeJSON(&rec)
	if err != nil {
		return nil, err
	}
	w.entOrig[id] = string(b)
	return &rec, nil
}

// articleLinks returns the occurrences stored for an article.
func (w *linkWork) articleLinks(article string) ([]entity.Occurrence, error) {
	if occ, ok := w.links[article]; ok {
		return occ, nil
	}
	occ, err := readLinks(w.txn, article)
	if err != nil {
		return nil, err
	}
	w.links[article] = occ
	return occ, nil
}

// entityOf is the entity of one occurrence under the node's current link.
func (w *linkWork) entityOf(article string, o *entity.Occurrence) (string, error) {
	n, err := w.node(o.Node)
	if err != nil {
		return "", err
	}
	return entity.EntityOf(n.Link, article, o), nil
}

// tally adds (sign 1) or subtracts (-1) an article's occurrences to the
// tallies of their entities under the current links, counting the
// article once per entity.
func (w *linkWork) tally(article string, occ []entity.Occurrence, sign int) error {
	seen := map[string]bool{}
	for i := range occ {
		o := &occ[i]
		id, err := w.entityOf(article, o)
		if err != nil {
			return err
		}
		if isLocal(id, article, o) {
			continue
		}
		e, err := w.entity(id)
		if err != nil {
			return err
		}
		e.add(o, entity.ParseKey(o.Node).Kind, sign)
		if !seen[id] {
			seen[id] = true
			e.Articles += sign
		}
	}
	return nil
}

// sameOccurrences reports two lists of occurrences that link alike.
func sameOccurrences(a, b []entity.Occurrence) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// unpost removes one occurrence of an article from the node's record,
// postings and local marks, touching the node's unit when the node goes or
// a title word it decides by does.
func (w *linkWork) unpost(article string, o *entity.Occurrence) error {
	n, err := w.node(o.Node)
	if err != nil {
		return err
	}
	w.dirty[o.Node] = true
	n.Articles--
	n.addForms(o, -1)
	for _, t := range o.TitleWords {
		if n.Titles[t]--; n.Titles[t] <= 0 {
			delete(n.Titles, t)
			w.touched[o.Bucket] = true
		}
	}
	if n.Articles <= 0 {
		w.touched[o.Bucket] = true
	}
	if err := w.txn.Delete(localKey(article, o.Node)); err != nil {
		return txnErr(err)
	}
	return txnErr(w.txn.Delete(postingKey(o.Bucket, o.Node, article)))
}

// post adds one occurrence of an article: the inverse of unpost.
func (w *linkWork) post(article string, o *entity.Occurrence) error {
	n, err := w.node(o.Node)
	if err != nil {
		return err
	}
	w.dirty[o.Node] = true
	if n.Articles == 0 {
		w.touched[o.Bucket] = true
	}
	n.Articles++
	n.addForms(o, 1)
	for _, t := range o.TitleWords {
		if n.Titles == nil {
			n.Titles = map[string]int{}
		}
		if n.Titles[t]++; n.Titles[t] == 1 {
			w.touched[o.Bucket] = true
		}
	}
	if o.Local {
		if err := w.txn.Set(localKey(article, o.Node), nil); err != nil {
			return txnErr(err)
		}
	}
	return txnErr(w.txn.Set(postingKey(o.Bucket, o.Node, article), nil))
}

// relinkTouched links again every unit a touched bucket belongs to.
// skip is the article being linked, whose tallies its caller keeps.
func (w *linkWork) relinkTouched(skip string) error {
	done := map[string]bool{}
	for _, b := range slices.Sorted(maps.Keys(w.touched)) {
		unit := w.aliases.Unit(b)
		if done[unit[0]] {
			continue
		}
		done[unit[0]] = true
		if err := w.relinkUnit(unit, skip); err != nil {
			return err
		}
	}
	clear(w.touched)
	return nil
}

// relinkUnit links a unit's nodes again and, for each node whose link
// changes, moves the tallies of its occurrences in other articles than
// skip from their old entities to their new ones.
func (w *linkWork) relinkUnit(unit []string, skip string) error {
	keys, err := unitNodes(w.txn, unit)
	if err != nil {
		return err
	}
	titles := map[string][]string{}
	for _, k := range keys {
		n, err := w.node(k)
		if err != nil {
			return err
		}
		titles[k] = n.titleWords()
	}
	links := entity.LinkUnit(keys, titles, w.aliases)
	var moved []string
	for _, k := range keys {
		if n := w.nodes[k]; !sameLink(n.Link, links[k]) {
			moved = append(moved, k)
		}
	}
	articles, err := w.postedArticles(moved, skip)
	if err != nil {
		return err
	}
	for _, a := range articles {
		if err := w.moveTallies(a, links); err != nil {
			return err
		}
	}
	for _, k := range moved {
		w.nodes[k].Link = links[k]
		w.dirty[k] = true
	}
	return nil
}

// sameLink reports two links that place every occurrence alike.
func sameLink(a, b entity.Link) bool {
	return a.Entity == b.Entity && a.Ambiguous == b.Ambiguous && slices.EqualFunc(a.Choices, b.Choices, func(x, y entity.Choice) bool {
		return x.Entity == y.Entity && slices.Equal(x.Titles, y.Titles)
	})
}

// postedArticles lists the articles other than skip with an occurrence of
// any of the nodes, sorted.
func (w *linkWork) postedArticles(nodes []string, skip string) ([]string, error) {
	set := map[string]bool{}
	for _, k := range nodes {
		err := eachPosting(w.txn, k, func(a string) error {
			if a != skip {
				set[a] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return slices.Sorted(maps.Keys(set)), nil
}

// moveTallies moves an article's tallies from the entities of its
// occurrences under the current links to those under links (which holds
// the new links of one unit's nodes).
func (w *linkWork) moveTallies(article string, links map[string]entity.Link) error {
	occ, err := w.articleLinks(article)
	if err != nil {
		return err
	}
	if err := w.tally(article, occ, -1); err != nil {
		return err
	}
	saved := map[string]entity.Link{}
	for i := range occ {
		k := occ[i].Node
		if lk, ok := links[k]; ok {
			if _, done := saved[k]; !done {
				saved[k] = w.nodes[k].Link
			}
			w.nodes[k].Link = lk
		}
	}
	err = w.tally(article, occ, 1)
	for k, lk := range saved {
		w.nodes[k].Link = lk
	}
	return err
}

// flush writes every node and entity record the work changed: a node
// without articles and an entity without claims are deleted.
func (w *linkWork) flush() error {
	for _, k := range slices.Sorted(maps.Keys(w.dirty)) {
		n := w.nodes[k]
		var err error
		if n.Articles <= 0 {
			err = txnErr(w.txn.Delete(nodeKey(k)))
		} else {
			err = putJSON(w.txn, nodeKey(k), n)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w.ents)) {
		e := w.ents[id]
		b, err := encodeJSON(e)
		if err != nil {
			return err
		}
		if string(b) == w.entOrig[id] {
			continue // read, or changed and changed back
		}
		if e.Claims <= 0 && len(e.Nodes) == 0 {
			err = w.txn.Delete(entityKey(id))
		} else {
			err = w.txn.Set(entityKey(id), b)
		}
		if err != nil {
			return txnErr(err)
		}
	}
	return nil
}
