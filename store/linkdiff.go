package store

import (
	"github.com/claims-project/claims/store/entity"
)

// linkArticle replaces the occurrences stored for article id by occ (nil
// unlinks it): the postings, local marks and node records of the
// occurrences that change, the links of every unit whose nodes or title
// words that changes, with the tallies of other articles those links
// move, and the article's own tallies. What it writes grows with what
// changes, not with the article, so that a long article can be linked
// a part at a time (linkInParts).
func (w *linkWork) linkArticle(id string, occ []entity.Occurrence) error {
	old, err := w.articleLinks(id)
	if err != nil {
		return err
	}
	if sameOccurrences(old, occ) {
		return nil
	}
	removed, kept, added := diffOccurrences(old, occ)
	before, err := w.entitySet(id, old)
	if err != nil {
		return err
	}
	keptBefore := make([]string, len(kept))
	for i, o := range kept {
		if keptBefore[i], err = w.entityOf(id, o); err != nil {
			return err
		}
	}
	for _, o := range removed {
		if err := w.tallyOne(id, o, -1); err != nil {
			return err
		}
		if err := w.unpost(id, o); err != nil {
			return err
		}
	}
	for _, o := range added {
		if err := w.post(id, o); err != nil {
			return err
		}
	}
	w.links[id] = occ
	if err := w.relinkTouched(id); err != nil {
		return err
	}
	if err := w.retally(id, kept, keptBefore, added); err != nil {
		return err
	}
	after, err := w.entitySet(id, occ)
	if err != nil {
		return err
	}
	if err := w.countArticle(before, after); err != nil {
		return err
	}
	if len(occ) == 0 {
		return txnErr(w.txn.Delete(linksKey(id)))
	}
	return putJSON(w.txn, linksKey(id), occ)
}

// retally moves the tallies of the kept occurrences whose entity the
// links changed (from keptBefore), and adds the added ones.
func (w *linkWork) retally(id string, kept []*entity.Occurrence, keptBefore []string, added []*entity.Occurrence) error {
	for i, o := range kept {
		now, err := w.entityOf(id, o)
		if err != nil {
			return err
		}
		if now == keptBefore[i] {
			continue
		}
		if err := w.tallyAs(id, o, keptBefore[i], -1); err != nil {
			return err
		}
		if err := w.tallyAs(id, o, now, 1); err != nil {
			return err
		}
	}
	for _, o := range added {
		if err := w.tallyOne(id, o, 1); err != nil {
			return err
		}
	}
	return nil
}

// diffOccurrences splits two lists of occurrences of one article (each
// in node order) into those only in a, those alike in both (as in b),
// and those only in b; an occurrence of one node that differs is in both
// the first and the last.
func diffOccurrences(a, b []entity.Occurrence) (removed, kept, added []*entity.Occurrence) {
	byNode := make(map[string]*entity.Occurrence, len(b))
	for i := range b {
		byNode[b[i].Node] = &b[i]
	}
	inA := make(map[string]bool, len(a))
	for i := range a {
		o := &a[i]
		inA[o.Node] = true
		n, ok := byNode[o.Node]
		switch {
		case !ok:
			removed = append(removed, o)
		case sameOccurrences(a[i:i+1], []entity.Occurrence{*n}):
			kept = append(kept, n)
		default:
			removed, added = append(removed, o), append(added, n)
		}
	}
	for i := range b {
		if !inA[b[i].Node] {
			added = append(added, &b[i])
		}
	}
	return removed, kept, added
}

// entitySet is the set of entities (with records) an article's
// occurrences are linked to under the current links.
func (w *linkWork) entitySet(id string, occ []entity.Occurrence) (map[string]bool, error) {
	set := map[string]bool{}
	for i := range occ {
		e, err := w.entityOf(id, &occ[i])
		if err != nil {
			return nil, err
		}
		if !isLocal(e, id, &occ[i]) {
			set[e] = true
		}
	}
	return set, nil
}

// countArticle counts the article once for each entity it now names and
// did not, and once less for each it no longer names.
func (w *linkWork) countArticle(before, after map[string]bool) error {
	for e := range before {
		if !after[e] {
			rec, err := w.entity(e)
			if err != nil {
				return err
			}
			rec.Articles--
		}
	}
	for e := range after {
		if !before[e] {
			rec, err := w.entity(e)
			if err != nil {
				return err
			}
			rec.Articles++
		}
	}
	return nil
}

// tallyOne adds (1) or subtracts (-1) one occurrence to the tallies of
// its entity under the current links, without counting its article.
func (w *linkWork) tallyOne(id string, o *entity.Occurrence, sign int) error {
	e, err := w.entityOf(id, o)
	if err != nil {
		return err
	}
	return w.tallyAs(id, o, e, sign)
}

// tallyAs is tallyOne for a given entity.
func (w *linkWork) tallyAs(id string, o *entity.Occurrence, e string, sign int) error {
	if isLocal(e, id, o) {
		return nil
	}
	rec, err := w.entity(e)
	if err != nil {
		return err
	}
	rec.add(o, entity.ParseKey(o.Node).Kind, sign)
	return nil
}
