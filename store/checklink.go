package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// checkLinking verifies the linking state against the stored claims
// (speakers, by article): each article's occurrences are what its claims
// give; the postings, local marks, nodes and links are those the
// occurrences and the alias file give; every entity record tallies
// exactly the occurrences linked to it, so that every claim's speaker
// entity exists and every entity has a claim.
func (s *Store) checkLinking(ctx context.Context, txn *badger.Txn, speakers map[string][]entity.Speaker) error {
	want := linkState{nodes: map[string]*nodeRecord{}, ents: map[string]*entityRecord{}, keys: map[string]bool{}}
	occs := map[string][]entity.Occurrence{}
	for _, id := range slices.Sorted(maps.Keys(speakers)) {
		if err := ctx.Err(); err != nil {
			return err
		}
		occ := s.occurrences(speakers[id])
		got, err := readLinks(txn, id)
		if err != nil {
			return err
		}
		if !sameOccurrences(got, occ) {
			a, _ := json.Marshal(got)
			b, _ := json.Marshal(occ)
			return fmt.Errorf("article %s: its links are not what its claims give: %s, want %s", id, a, b)
		}
		occs[id] = occ
		want.add(id, occ)
	}
	err := eachKey(txn, pLinks, func(k, _ []byte) error {
		if len(occs[string(k[1:])]) == 0 {
			return fmt.Errorf("links %q belong to no article with speakers", k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := want.link(s.aliasSet()); err != nil {
		return err
	}
	for id, occ := range occs {
		if err := want.tally(id, occ); err != nil {
			return err
		}
	}
	return want.compare(txn)
}

// linkState is the linking state Check derives from the claims.
type linkState struct {
	nodes map[string]*nodeRecord
	ents  map[string]*entityRecord
	// keys holds every posting and local mark.
	keys map[string]bool
}

func (st *linkState) add(article string, occ []entity.Occurrence) {
	for i := range occ {
		o := &occ[i]
		n := st.nodes[o.Node]
		if n == nil {
			n = &nodeRecord{}
			st.nodes[o.Node] = n
		}
		n.Articles++
		n.addForms(o, 1)
		for _, t := range o.TitleWords {
			if n.Titles == nil {
				n.Titles = map[string]int{}
			}
			n.Titles[t]++
		}
		st.keys[string(postingKey(o.Bucket, o.Node, article))] = true
		if o.Local {
			st.keys[string(localKey(article, o.Node))] = true
		}
	}
}

// link links every unit of the nodes.
func (st *linkState) link(al *entity.Aliases) error {
	units := map[string][]string{}
	titles := map[string][]string{}
	for k, n := range st.nodes {
		u := al.Unit(nodeBucket(k))[0]
		units[u] = append(units[u], k)
		titles[k] = n.titleWords()
	}
	for _, keys := range units {
		for k, lk := range entity.LinkUnit(keys, titles, al) {
			st.nodes[k].Link = lk
		}
	}
	return nil
}

// tally adds an article's occurrences to their entities' tallies.
func (st *linkState) tally(article string, occ []entity.Occurrence) error {
	seen := map[string]bool{}
	for i := range occ {
		o := &occ[i]
		id := entity.EntityOf(st.nodes[o.Node].Link, article, o)
		if isLocal(id, article, o) {
			continue
		}
		e := st.ents[id]
		if e == nil {
			e = &entityRecord{}
			st.ents[id] = e
		}
		e.add(o, entity.ParseKey(o.Node).Kind, 1)
		if !seen[id] {
			seen[id] = true
			e.Articles++
		}
	}
	return nil
}

// compare checks the stored linking keys against the derived state.
func (st *linkState) compare(txn *badger.Txn) error {
	for _, p := range []byte{pPosting, pLocal} {
		if err := eachKey(txn, p, func(k []byte, _ []byte) error {
			if !st.keys[string(k)] {
				return fmt.Errorf("linking key %q belongs to no article's speakers", k)
			}
			delete(st.keys, string(k))
			return nil
		}); err != nil {
			return err
		}
	}
	for k := range st.keys {
		return fmt.Errorf("linking key %q missing", k)
	}
	if err := compareRecords(txn, pNode, st.nodes, "node"); err != nil {
		return err
	}
	return compareRecords(txn, pEntity, st.ents, "entity")
}

// compareRecords checks that the records under prefix p are exactly want,
// compared as JSON.
func compareRecords[T any](txn *badger.Txn, p byte, want map[string]*T, what string) error {
	seen := map[string]bool{}
	err := eachKey(txn, p, func(k, v []byte) error {
		id := string(k[1:])
		w, ok := want[id]
		if !ok {
			return fmt.Errorf("%s %q has no claim", what, id)
		}
		var got T
		if err := json.Unmarshal(v, &got); err != nil {
			return fmt.Errorf("%s %q: %w", what, id, err)
		}
		a, _ := json.Marshal(&got)
		b, _ := json.Marshal(w)
		if !bytes.Equal(a, b) {
			return fmt.Errorf("%s %q is %s, its claims give %s", what, id, a, b)
		}
		seen[id] = true
		return nil
	})
	if err != nil {
		return err
	}
	for id := range want {
		if !seen[id] {
			return fmt.Errorf("%s %q of stored claims is missing", what, id)
		}
	}
	return nil
}

// eachKey calls fn with every key and value under prefix byte p.
func eachKey(txn *badger.Txn, p byte, fn func(k, v []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if err := fn(item.KeyCopy(nil), v); err != nil {
			return err
		}
	}
	return nil
}
