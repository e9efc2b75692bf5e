package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	"github.com/claims-project/claims/store/groups"
	badger "github.com/dgraph-io/badger/v4"
)

// groupCheck is what Check learns of quote groups from the stored claims:
// the member entry each claim with a wording should have.
type groupCheck struct {
	// members holds the member key of every stored claim with a wording.
	members map[string]bool
	lists   *entity.Lists
}

// wantMember checks that claim cl, stored at r, has its member entry.
func (g *groupCheck) wantMember(txn *badger.Txn, cl *claims.Claim, r ref) error {
	scope, t, ok := claimWording(g.lists, cl)
	if !ok {
		return nil
	}
	key := memberKey(groups.VariantID(scope, t), r)
	if _, err := txn.Get(key); err != nil {
		// A store written before quote groups has none: Reindex builds them.
		return fmt.Errorf("claim %s: in no quote group (member entry: %w; claims reindex builds the groups)", cl.ID, err)
	}
	g.members[string(key)] = true
	return nil
}

// checkGroups checks, once every claim has been seen, that every member
// entry is a stored claim's (or a pending one's), that every wording
// counts its members and is in a group that lists it, and that every
// group lists only wordings in it: so every claim with a wording is in
// exactly one group.
func (c *checker) checkGroups() error {
	firsts, err := c.countMembers()
	if err != nil {
		return err
	}
	ix := groupIndex{c.txn}
	variants := 0
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pGroupVariant}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var v groups.VariantRecord
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
			return fmt.Errorf("quote wording %q: %w", it.Item().Key(), err)
		}
		first, ok := firsts[v.ID]
		if !ok {
			return fmt.Errorf("quote wording %s: no member stored", v.ID)
		}
		if first != v.First {
			return fmt.Errorf("quote wording %s: earliest member %+v, record says %+v", v.ID, first, v.First)
		}
		if err := c.checkFirstKey(&v); err != nil {
			return err
		}
		delete(firsts, v.ID)
		variants++
		g, err := ix.group(v.Group)
		if err != nil {
			return fmt.Errorf("quote wording %s: group %s: %w", v.ID, v.Group, err)
		}
		if g == nil || !slices.Contains(g.Variants, v.ID) {
			return fmt.Errorf("quote wording %s: its group %q does not list it", v.ID, v.Group)
		}
	}
	for vid := range firsts {
		return fmt.Errorf("quote wording %s: members and no record", vid)
	}
	if n := c.countPrefix(pGroupFirst); n != variants {
		return fmt.Errorf("%d earliest-occurrence keys for %d quote wordings", n, variants)
	}
	return c.checkGroupRecords()
}

// countMembers finds the earliest member entry of each wording that has
// one, checking that each belongs to a stored or pending claim.
func (c *checker) countMembers() (map[string]groups.Member, error) {
	first := map[string]groups.Member{}
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pGroupMember}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		i := bytesIndex0(k)
		if i == len(k)-1 {
			continue // a head (touchMembers)
		}
		r, err := parseSuffix(k, i+1)
		if err != nil {
			return nil, err
		}
		if !c.groups.members[string(k)] && !c.pending[r.article] {
			return nil, fmt.Errorf("quote group member %q belongs to no claim", k)
		}
		m, err := memberAt(it.Item(), r)
		if err != nil {
			return nil, err
		}
		vid := string(k[1:i])
		if f, ok := first[vid]; !ok || m.Before(f) {
			first[vid] = m
		}
	}
	return first, nil
}

// checkGroupRecords checks that every wording a group lists points back
// at it.
func (c *checker) checkGroupRecords() error {
	ix := groupIndex{c.txn}
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pGroup}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var g groups.GroupRecord
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &g) }); err != nil {
			return fmt.Errorf("quote group %q: %w", it.Item().Key(), err)
		}
		for _, vid := range g.Variants {
			v, err := ix.Variant(vid)
			if err != nil {
				return err
			}
			if v == nil || v.Group != g.ID {
				return fmt.Errorf("quote group %s lists wording %s, which is not in it", g.ID, vid)
			}
		}
	}
	return nil
}

// checkFirstKey checks that wording v's earliest-occurrence key says what
// its record says.
func (c *checker) checkFirstKey(v *groups.VariantRecord) error {
	item, err := c.txn.Get(firstKey(v.ID))
	if err != nil {
		return fmt.Errorf("quote wording %s: earliest occurrence: %w", v.ID, err)
	}
	var m groups.Member
	err = item.Value(func(b []byte) error {
		m, err = decodeMember(b)
		return err
	})
	if err != nil || m != v.First {
		return fmt.Errorf("quote wording %s: earliest occurrence %+v (%v), record says %+v", v.ID, m, err, v.First)
	}
	return nil
}

// countPrefix counts the keys under prefix byte p.
func (c *checker) countPrefix(p byte) int {
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}, PrefetchValues: false})
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		n++
	}
	return n
}
