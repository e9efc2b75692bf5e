package groups

import (
	"fmt"
	"slices"
)

// MemIndex is an Index in memory, with the members of each wording, for
// tests and tools that group claims without a store. Records are copied
// in and out, as a store would encode them.
type MemIndex struct {
	variants   map[string]VariantRecord
	clusters   map[string]ClusterRecord
	groups     map[string]GroupRecord
	lists      map[string][]string
	containing map[string]map[string]bool
	members    map[string][]Member
}

// NewMemIndex is an empty MemIndex.
func NewMemIndex() *MemIndex {
	return &MemIndex{
		variants: map[string]VariantRecord{}, clusters: map[string]ClusterRecord{},
		groups: map[string]GroupRecord{}, lists: map[string][]string{},
		containing: map[string]map[string]bool{}, members: map[string][]Member{},
	}
}

// AddMember and RemoveMember keep the members FirstMember reads: what the
// store does with its member entries.
func (x *MemIndex) AddMember(id string, m Member) { x.members[id] = append(x.members[id], m) }

// RemoveMember forgets member m of wording id.
func (x *MemIndex) RemoveMember(id string, m Member) {
	x.members[id] = slices.DeleteFunc(x.members[id], func(o Member) bool { return o == m })
}

func (x *MemIndex) Variant(id string) (*VariantRecord, error) {
	v, ok := x.variants[id]
	if !ok {
		return nil, nil
	}
	v.Text.Segments = slices.Clone(v.Text.Segments)
	return &v, nil
}

func (x *MemIndex) PutVariant(v *VariantRecord) error { x.variants[v.ID] = *v; return nil }
func (x *MemIndex) DeleteVariant(id string) error     { delete(x.variants, id); return nil }

func (x *MemIndex) Cluster(id string) (*ClusterRecord, error) {
	c, ok := x.clusters[id]
	if !ok {
		return nil, nil
	}
	c.Variants = slices.Clone(c.Variants)
	return &c, nil
}

func (x *MemIndex) PutCluster(c *ClusterRecord) error {
	c2 := *c
	c2.Variants = slices.Clone(c.Variants)
	x.clusters[c.ID] = c2
	return nil
}

func (x *MemIndex) DeleteCluster(id string) error { delete(x.clusters, id); return nil }

func (x *MemIndex) PutGroup(g *GroupRecord) error {
	g2 := *g
	g2.Variants = slices.Clone(g.Variants)
	x.groups[g.ID] = g2
	return nil
}

func (x *MemIndex) DeleteGroup(id string) error { delete(x.groups, id); return nil }

func listKey(kind byte, scope string, band int, h uint64) string {
	return fmt.Sprintf("%c\x00%s\x00%d\x00%x", kind, scope, band, h)
}

func (x *MemIndex) Bucket(scope string, band int, b uint64) ([]string, error) {
	return slices.Clone(x.lists[listKey('b', scope, band, b)]), nil
}

func (x *MemIndex) SetBucket(scope string, band int, b uint64, ids []string) error {
	x.setList(listKey('b', scope, band, b), ids)
	return nil
}

func (x *MemIndex) Anchored(scope string, sh uint64) ([]string, error) {
	return slices.Clone(x.lists[listKey('a', scope, 0, sh)]), nil
}

func (x *MemIndex) SetAnchored(scope string, sh uint64, ids []string) error {
	x.setList(listKey('a', scope, 0, sh), ids)
	return nil
}

func (x *MemIndex) setList(k string, ids []string) {
	if len(ids) == 0 {
		delete(x.lists, k)
		return
	}
	x.lists[k] = slices.Clone(ids)
}

func (x *MemIndex) Containing(scope string, sh uint64) ([]string, error) {
	set := x.containing[listKey('c', scope, 0, sh)]
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}

func (x *MemIndex) SetContaining(scope string, sh uint64, id string, present bool) error {
	k := listKey('c', scope, 0, sh)
	if present {
		if x.containing[k] == nil {
			x.containing[k] = map[string]bool{}
		}
		x.containing[k][id] = true
		return nil
	}
	delete(x.containing[k], id)
	if len(x.containing[k]) == 0 {
		delete(x.containing, k)
	}
	return nil
}

func (x *MemIndex) FirstMember(id string) (Member, bool, error) {
	ms := x.members[id]
	if len(ms) == 0 {
		return Member{}, false, nil
	}
	first := ms[0]
	for _, m := range ms[1:] {
		if m.Before(first) {
			first = m
		}
	}
	return first, true, nil
}

// Groups is every group, keyed by id.
func (x *MemIndex) Groups() map[string]GroupRecord { return x.groups }

// GroupOf is the id of the group wording id is in, or "".
func (x *MemIndex) GroupOf(id string) string { return x.variants[id].Group }

// Size is the number of entries the index holds besides records: LSH
// bucket and anchor lists (one per list) and shingle postings (one per
// wording and shingle).
func (x *MemIndex) Size() (lists, postings int) {
	for _, set := range x.containing {
		postings += len(set)
	}
	return len(x.lists), postings
}
