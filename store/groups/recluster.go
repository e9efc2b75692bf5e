package groups

import (
	"fmt"
	"slices"
)

// recluster recomputes clusters and groups over the wordings of the given
// clusters of scope (and the wording extra, new to them, unless ""): what
// is linked becomes one cluster, split into groups by Partition, and
// every record of theirs is rewritten; cluster and group records that no
// longer name anything are deleted, and so is group stale (the group of
// a wording just deleted) unless it is still made.
func (g Grouper) recluster(scope string, clusters []string, extra, stale string) error {
	ids, oldClusters := []string{}, map[string]bool{}
	for _, cid := range clusters {
		if cid == "" || oldClusters[cid] {
			continue
		}
		oldClusters[cid] = true
		c, err := g.Ix.Cluster(cid)
		if err != nil {
			return fmt.Errorf("read cluster %s: %w", cid, err)
		}
		if c != nil {
			ids = append(ids, c.Variants...)
		}
	}
	if extra != "" {
		ids = append(ids, extra)
	}
	recs := map[string]*VariantRecord{}
	oldGroups := map[string]bool{stale: true}
	var vs []*Variant
	for _, id := range ids {
		rec, err := g.Ix.Variant(id)
		if err != nil {
			return fmt.Errorf("read wording %s: %w", id, err)
		}
		if rec == nil || recs[id] != nil {
			continue // removed (Remove deleted it) or listed twice
		}
		recs[id] = rec
		oldGroups[rec.Group] = true
		vs = append(vs, g.P.Prepare(id, rec.Text))
	}
	newClusters, newGroups := map[string]bool{}, map[string]bool{}
	for _, comp := range g.P.Components(vs) {
		cid := comp[0].ID
		newClusters[cid] = true
		c := &ClusterRecord{ID: cid, Scope: scope, Variants: variantIDs(comp)}
		if err := g.Ix.PutCluster(c); err != nil {
			return err
		}
		for _, grp := range g.P.Partition(comp) {
			gr := g.group(scope, cid, grp, recs)
			newGroups[gr.ID] = true
			if err := g.writeGroup(gr, recs); err != nil {
				return err
			}
		}
	}
	for cid := range oldClusters {
		if !newClusters[cid] {
			if err := g.Ix.DeleteCluster(cid); err != nil {
				return err
			}
		}
	}
	for _, gid := range sortedKeys(oldGroups) {
		if gid != "" && !newGroups[gid] {
			if err := g.Ix.DeleteGroup(gid); err != nil {
				return err
			}
		}
	}
	return nil
}

// group is the record of the group of wordings grp, in cluster cid.
func (g Grouper) group(scope, cid string, grp []*Variant, recs map[string]*VariantRecord) *GroupRecord {
	first, firstID, canon := recs[grp[0].ID].First, grp[0].ID, grp[0]
	for _, v := range grp[1:] {
		f := recs[v.ID].First
		if f.Before(first) {
			first, firstID = f, v.ID
		}
		if v.words > canon.words || v.words == canon.words && f.Before(recs[canon.ID].First) {
			canon = v
		}
	}
	return &GroupRecord{ID: GroupID(first.Claim, firstID), Scope: scope, Cluster: cid, Variants: variantIDs(grp), First: first, Canonical: canon.ID}
}

// writeGroup writes gr and points its wordings at it.
func (g Grouper) writeGroup(gr *GroupRecord, recs map[string]*VariantRecord) error {
	if err := g.Ix.PutGroup(gr); err != nil {
		return err
	}
	for _, id := range gr.Variants {
		rec := recs[id]
		if rec.Cluster == gr.Cluster && rec.Group == gr.ID {
			continue
		}
		rec.Cluster, rec.Group = gr.Cluster, gr.ID
		if err := g.Ix.PutVariant(rec); err != nil {
			return err
		}
	}
	return nil
}

func variantIDs(vs []*Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
