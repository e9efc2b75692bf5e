package store

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/claims-project/claims"
)

// TestDistinctQuery: on the syndication set, a Distinct query returns,
// for every query asked, the first claim of each group in the order of
// the same query without Distinct (the newest matching occurrence) and
// every claim in no group, each group once; Limit takes the first of
// those. GroupHead reads each group as Group does, with only its first
// occurrence.
func TestDistinctQuery(t *testing.T) {
	arts, cs, _ := syndicated(t)
	s := openTemp(t, "")
	putAll(t, s, arts, cs, rand.New(rand.NewPCG(1, 2)).Perm(len(arts)))
	ctx := context.Background()
	key := func(r Result) string {
		if r.Claim.Group != nil {
			return r.Claim.Group.ID
		}
		return r.Claim.ID
	}
	read := func(q Query) (ids []string, groups map[string]bool) {
		t.Helper()
		groups = map[string]bool{}
		if err := s.Query(ctx, q, func(r Result) error {
			ids = append(ids, r.Claim.ID)
			if r.Claim.Group != nil {
				groups[r.Claim.Group.ID] = true
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return ids, groups
	}
	var speakers []string
	for _, c := range cs {
		for _, x := range c {
			if x.Speaker != nil && !slices.Contains(speakers, x.Speaker.Name) {
				speakers = append(speakers, x.Speaker.Name)
			}
		}
	}
	queries := []Query{{}, {Kinds: []claims.Kind{claims.Direct}}}
	for _, sp := range speakers[:min(len(speakers), 6)] {
		queries = append(queries, Query{Speaker: sp})
	}
	distinctGroups := 0
	for _, q := range queries {
		// What Distinct should return: the first of each key, in order.
		var want []string
		seen := map[string]bool{}
		if err := s.Query(ctx, q, func(r Result) error {
			if !seen[key(r)] {
				seen[key(r)] = true
				want = append(want, r.Claim.ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		dq := q
		dq.Distinct = true
		got, groups := read(dq)
		if !slices.Equal(got, want) {
			t.Errorf("%+v: Distinct returned %d claims %v, want %d %v", q, len(got), got, len(want), want)
		}
		distinctGroups = max(distinctGroups, len(groups))
		for _, limit := range []int{1, 3} {
			dq.Limit = limit
			if got, _ := read(dq); !slices.Equal(got, want[:min(limit, len(want))]) {
				t.Errorf("%+v with Limit %d: %v, want %v", q, limit, got, want[:min(limit, len(want))])
			}
		}
	}
	all, groups := read(Query{})
	if distinctGroups < 20 || len(all) <= len(groups) {
		t.Fatalf("the set has %d claims in %d groups: too few to test Distinct", len(all), len(groups))
	}
	for id := range groups {
		g, err := s.Group(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.GroupHead(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Occurrences) != 1 || !reflect.DeepEqual(h.Occurrences[0], g.Occurrences[0]) {
			t.Errorf("GroupHead(%s) occurrences %+v, want the first of Group's", id, h.Occurrences)
		}
		h.Occurrences, g.Occurrences = nil, nil
		if !reflect.DeepEqual(h, g) {
			t.Errorf("GroupHead(%s) = %+v, Group %+v", id, h, g)
		}
	}
}
