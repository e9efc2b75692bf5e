package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// linkMarkPrefix opens "!link 0x00 ID": the occurrences article ID is
// being linked to a part at a time. The mark is written with the article
// (a staged Put's final write, a reindex), and removed by the transaction
// that links the last part; an Open, or the next Put of the article,
// finishes what a crash left.
var linkMarkPrefix = []byte("!link\x00")

func linkMarkKey(id string) []byte { return append(slices.Clone(linkMarkPrefix), id...) }

// linkPart bounds the occurrences one transaction of linkInParts
// changes: with their postings, node and entity records, well inside a
// transaction.
const linkPart = 200

// markLinking sets article id to be linked to occ a part at a time.
func markLinking(txn *badger.Txn, id string, occ []entity.Occurrence) error {
	if occ == nil {
		occ = []entity.Occurrence{}
	}
	return putJSON(txn, linkMarkKey(id), occ)
}

// linkMarks lists the articles with a link mark, with id's alone when id
// is not "".
func (s *Store) linkMarks(id string) ([]string, error) {
	var ids []string
	prefix := linkMarkPrefix
	if id != "" {
		prefix = linkMarkKey(id)
	}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if m := string(it.Item().Key()[len(linkMarkPrefix):]); id == "" || m == id {
				ids = append(ids, m)
			}
		}
		return nil
	})
	return ids, err
}

// finishLinking links every marked article (id's alone when id is not
// "") a part at a time, each part in a transaction of its own that also
// records how far it got: the article's stored occurrences are the
// progress, so an interrupted run resumes where it stopped.
func (s *Store) finishLinking(ctx context.Context, id string) error {
	ids, err := s.linkMarks(id)
	if err != nil {
		return fmt.Errorf("read link marks: %w", err)
	}
	for _, m := range ids {
		for done := false; !done; {
			err := s.update(ctx, func(txn *badger.Txn) error {
				var err error
				done, err = s.linkNextPart(txn, m)
				return err
			})
			if err != nil {
				return fmt.Errorf("link speakers of article %s: %w", m, err)
			}
			s.hook("linkpart")()
		}
	}
	return nil
}

// linkNextPart links the next part of a marked article, and removes the
// mark with the last.
func (s *Store) linkNextPart(txn *badger.Txn, id string) (bool, error) {
	item, err := txn.Get(linkMarkKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	var target []entity.Occurrence
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &target) }); err != nil {
		return false, fmt.Errorf("decode link mark: %w", err)
	}
	for i := range target {
		target[i].Bucket = nodeBucket(target[i].Node)
	}
	w := s.newLinkWork(txn)
	cur, err := w.articleLinks(id)
	if err != nil {
		return false, err
	}
	next, done := nextPart(cur, target, linkPart)
	if err := w.linkArticle(id, next); err != nil {
		return false, err
	}
	if err := w.flush(); err != nil {
		return false, err
	}
	if done {
		return true, txnErr(txn.Delete(linkMarkKey(id)))
	}
	return false, nil
}

// nextPart is cur with up to n of the nodes where it differs from target
// taken from target, in node order; done when nothing else differs.
func nextPart(cur, target []entity.Occurrence, n int) (next []entity.Occurrence, done bool) {
	byNode := func(occ []entity.Occurrence) map[string]*entity.Occurrence {
		m := make(map[string]*entity.Occurrence, len(occ))
		for i := range occ {
			m[occ[i].Node] = &occ[i]
		}
		return m
	}
	c, t := byNode(cur), byNode(target)
	var nodes []string
	for k := range c {
		nodes = append(nodes, k)
	}
	for k := range t {
		if c[k] == nil {
			nodes = append(nodes, k)
		}
	}
	slices.Sort(nodes)
	changed := 0
	for _, k := range nodes {
		from, to := c[k], t[k]
		differs := from == nil || to == nil || !sameOccurrences([]entity.Occurrence{*from}, []entity.Occurrence{*to})
		if differs && changed < n {
			changed++
			from = to
		}
		if from != nil {
			next = append(next, *from)
		}
	}
	slices.SortFunc(next, func(a, b entity.Occurrence) int { return strings.Compare(a.Node, b.Node) })
	return next, sameOccurrences(next, target)
}
