package groups

import (
	"fmt"
	"slices"
)

// Member is one occurrence of a wording: a claim and the publication time
// of its article.
type Member struct {
	// Sec is the article's publication time in Unix seconds (the zero
	// time's for an undated article, which sorts first).
	Sec int64 `json:"sec"`
	// Claim is the claim's id.
	Claim string `json:"claim"`
}

// Before orders occurrences by date, then by claim id.
func (m Member) Before(o Member) bool {
	if m.Sec != o.Sec {
		return m.Sec < o.Sec
	}
	return m.Claim < o.Claim
}

// VariantRecord is what the index keeps of one wording of one speaker.
type VariantRecord struct {
	ID      string `json:"id"`
	Scope   string `json:"scope"`
	Text    Text   `json:"text"`
	Cluster string `json:"cluster"`
	Group   string `json:"group"`
	// First is the earliest claim with this wording. The record keeps no
	// count: a reprint that is not the earliest then writes nothing here
	// (the index's members are the count, FirstMember reads them).
	First Member `json:"first"`
}

// ClusterRecord lists the wordings of one cluster (a connected part of
// Linked), ordered by id. Its id is its first wording's.
type ClusterRecord struct {
	ID       string   `json:"id"`
	Scope    string   `json:"scope"`
	Variants []string `json:"variants"`
}

// GroupRecord is one group: its wordings, ordered by id, its cluster and
// its earliest occurrence, from which its id is made (GroupID), and its
// canonical wording: the longest, the earliest of those, the least id of
// those.
type GroupRecord struct {
	ID        string   `json:"id"`
	Scope     string   `json:"scope"`
	Cluster   string   `json:"cluster"`
	Variants  []string `json:"variants"`
	First     Member   `json:"first"`
	Canonical string   `json:"canonical"`
}

// Index is the storage grouping works on: the store implements it over
// one Badger transaction, MemIndex in memory. A getter returns nil (or
// an empty list) and no error for what is absent. Every list is of
// wording ids.
type Index interface {
	Variant(id string) (*VariantRecord, error)
	PutVariant(v *VariantRecord) error
	DeleteVariant(id string) error
	Cluster(id string) (*ClusterRecord, error)
	PutCluster(c *ClusterRecord) error
	DeleteCluster(id string) error
	PutGroup(g *GroupRecord) error
	DeleteGroup(id string) error
	// Bucket lists the wordings of scope in LSH bucket b of band band;
	// SetBucket replaces the list (an empty one deletes it).
	Bucket(scope string, band int, b uint64) ([]string, error)
	SetBucket(scope string, band int, b uint64, ids []string) error
	// Containing lists the quoted wordings of scope that have full
	// shingle sh; SetContaining adds or removes one.
	Containing(scope string, sh uint64) ([]string, error)
	SetContaining(scope string, sh uint64, id string, present bool) error
	// Anchored lists the quoted wordings of scope whose Anchor is sh;
	// SetAnchored replaces the list.
	Anchored(scope string, sh uint64) ([]string, error)
	SetAnchored(scope string, sh uint64, ids []string) error
	// FirstMember is the earliest occurrence of wording id as stored
	// now; ok is false when it has none.
	FirstMember(id string) (m Member, ok bool, err error)
}

// Grouper keeps groups in an Index as claims come and go. Add and Remove
// touch only the wording's cluster and the index entries of the wording,
// never the whole index.
type Grouper struct {
	P  Params
	Ix Index
}

// Add records an occurrence m of wording t by scope, whose member entry
// the caller has written, and returns the wording's id.
func (g Grouper) Add(scope string, t Text, m Member) (string, error) {
	id := VariantID(scope, t)
	rec, err := g.Ix.Variant(id)
	if err != nil {
		return "", fmt.Errorf("read wording %s: %w", id, err)
	}
	if rec != nil {
		if !m.Before(rec.First) {
			return id, nil
		}
		rec.First = m
		if err := g.Ix.PutVariant(rec); err != nil {
			return "", err
		}
		// The earliest occurrence names the group: see it again.
		return id, g.recluster(rec.Scope, []string{rec.Cluster}, "", "")
	}
	v := g.P.Prepare(id, t)
	rec = &VariantRecord{ID: id, Scope: scope, Text: t, First: m}
	clusters, err := g.linkedClusters(scope, v)
	if err != nil {
		return "", err
	}
	if err := g.register(scope, v, true); err != nil {
		return "", err
	}
	if err := g.Ix.PutVariant(rec); err != nil {
		return "", err
	}
	return id, g.recluster(scope, clusters, id, "")
}

// Remove forgets an occurrence m of wording t by scope, whose member entry
// the caller has deleted.
func (g Grouper) Remove(scope string, t Text, m Member) error {
	id := VariantID(scope, t)
	rec, err := g.Ix.Variant(id)
	if err != nil || rec == nil {
		return err
	}
	first, ok, err := g.Ix.FirstMember(id)
	if err != nil {
		return err
	}
	if ok {
		if rec.First == first {
			return nil
		}
		rec.First = first
		if err := g.Ix.PutVariant(rec); err != nil {
			return err
		}
		return g.recluster(scope, []string{rec.Cluster}, "", rec.Group)
	}
	if err := g.register(scope, g.P.Prepare(id, rec.Text), false); err != nil {
		return err
	}
	if err := g.Ix.DeleteVariant(id); err != nil {
		return err
	}
	return g.recluster(scope, []string{rec.Cluster}, "", rec.Group)
}

// linkedClusters finds the clusters of the wordings of scope linked to v:
// candidates from its LSH buckets, the wordings containing its anchor
// and those anchored on its shingles, each checked with Linked.
func (g Grouper) linkedClusters(scope string, v *Variant) ([]string, error) {
	seen := map[string]bool{v.ID: true}
	var cands []string
	add := func(ids []string, err error) error {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				cands = append(cands, id)
			}
		}
		return err
	}
	for band, b := range v.Buckets {
		if err := add(g.Ix.Bucket(scope, band, b)); err != nil {
			return nil, err
		}
	}
	if v.HasAnchor {
		if err := add(g.Ix.Containing(scope, v.Anchor)); err != nil {
			return nil, err
		}
	}
	for _, sh := range v.Full {
		if err := add(g.Ix.Anchored(scope, sh)); err != nil {
			return nil, err
		}
	}
	var clusters []string
	for _, id := range cands {
		rec, err := g.Ix.Variant(id)
		if err != nil {
			return nil, err
		}
		if rec == nil || rec.Scope != scope || slices.Contains(clusters, rec.Cluster) {
			continue
		}
		if g.P.Linked(v, g.P.Prepare(id, rec.Text)) {
			clusters = append(clusters, rec.Cluster)
		}
	}
	return clusters, nil
}

// register adds wording v to (or, with add false, removes it from) the
// LSH buckets, shingle postings and anchor lists of scope.
func (g Grouper) register(scope string, v *Variant, add bool) error {
	edit := func(ids []string) []string {
		ids = slices.DeleteFunc(ids, func(s string) bool { return s == v.ID })
		if add {
			ids = append(ids, v.ID)
			slices.Sort(ids)
		}
		return ids
	}
	for band, b := range v.Buckets {
		ids, err := g.Ix.Bucket(scope, band, b)
		if err != nil {
			return err
		}
		if err := g.Ix.SetBucket(scope, band, b, edit(ids)); err != nil {
			return err
		}
	}
	for _, sh := range v.Full {
		if err := g.Ix.SetContaining(scope, sh, v.ID, add); err != nil {
			return err
		}
	}
	if !v.HasAnchor {
		return nil
	}
	ids, err := g.Ix.Anchored(scope, v.Anchor)
	if err != nil {
		return err
	}
	return g.Ix.SetAnchored(scope, v.Anchor, edit(ids))
}
