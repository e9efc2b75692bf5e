package groups

import (
	"slices"
)

// unionFind over indexes; the root of a set is its least index, so that
// the result does not depend on the order of unions.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

// union joins the sets of i and j and reports whether they were apart.
func (u unionFind) union(i, j int) bool {
	a, b := u.find(i), u.find(j)
	if a == b {
		return false
	}
	if b < a {
		a, b = b, a
	}
	u[b] = a
	return true
}

// labels is, for each index, the least index of its set.
func (u unionFind) labels() []int {
	out := make([]int, len(u))
	for i := range u {
		out[i] = u.find(i)
	}
	return out
}

// sortByID orders vs by id, so that what is computed from them does not
// depend on the order they came in.
func sortByID(vs []*Variant) []*Variant {
	out := slices.Clone(vs)
	slices.SortFunc(out, func(a, b *Variant) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return out
}

// Components splits wordings (of one scope) into clusters, the connected
// parts of Linked: each inner slice is one cluster, its wordings ordered
// by id, the clusters by their first id.
func (p Params) Components(vs []*Variant) [][]*Variant {
	vs = sortByID(vs)
	u := newUnionFind(len(vs))
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			if u.find(i) != u.find(j) && p.Linked(vs[i], vs[j]) {
				u.union(i, j)
			}
		}
	}
	return collect(vs, u.labels())
}

func collect(vs []*Variant, labels []int) [][]*Variant {
	at := map[int]int{}
	var out [][]*Variant
	for i, l := range labels {
		k, ok := at[l]
		if !ok {
			k = len(out)
			at[l] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], vs[i])
	}
	return out
}

// Partition splits one cluster's wordings into groups:
//
//  1. Near wordings are one group (the connected parts of Near).
//  2. A group all of whose wordings' containers (the wordings, in other
//     groups, of which one of its wordings is a fragment) lie in one
//     other group joins that group; repeated until nothing changes. A
//     fragment that two different statements of the speaker both
//     contain ("the devil is in the details", said in two speeches)
//     joins neither, so that it never chains them into one.
//
// Both steps only ever join, and whether step 2 joins two groups can only
// become true as other groups join, so the result is the same whatever
// the order of vs: each inner slice is one group, ordered by id, the
// groups by their first id.
func (p Params) Partition(vs []*Variant) [][]*Variant {
	vs = sortByID(vs)
	n := len(vs)
	u := newUnionFind(n)
	// parents[i]: the wordings containing wording i.
	parents := make([][]int, n)
	for i := range vs {
		for j := i + 1; j < n; j++ {
			switch {
			case p.Near(vs[i], vs[j]):
				u.union(i, j)
			case Contains(vs[i], vs[j]):
				parents[j] = append(parents[j], i)
			case Contains(vs[j], vs[i]):
				parents[i] = append(parents[i], j)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, root := range distinctRoots(u, n) {
			if target, ok := soleParent(u, parents, root, n); ok && u.union(root, target) {
				changed = true
			}
		}
	}
	return collect(vs, u.labels())
}

func distinctRoots(u unionFind, n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		if u.find(i) == i {
			out = append(out, i)
		}
	}
	return out
}

// soleParent is the one group, other than root's, that holds every
// container of root's wordings; ok is false when there are none or
// several.
func soleParent(u unionFind, parents [][]int, root, n int) (int, bool) {
	target := -1
	for i := 0; i < n; i++ {
		if u.find(i) != root {
			continue
		}
		for _, par := range parents[i] {
			r := u.find(par)
			switch {
			case r == root:
			case target < 0:
				target = r
			case target != r:
				return 0, false
			}
		}
	}
	return target, target >= 0
}
