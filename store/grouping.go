package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cespare/xxhash/v2"
	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	"github.com/claims-project/claims/store/groups"
	badger "github.com/dgraph-io/badger/v4"
)

// Quote groups (store/groups): the keys grouping keeps, each under a
// prefix byte of its own. SCOPE is xxhash64 of the speaker's scope
// (groups.Scope), 8 bytes big-endian: postings of different speakers
// whose hashes meet are told apart by the scope in the wording record.
const (
	pGroupVariant = 'v' // v VID: a wording (JSON groups.VariantRecord)
	pGroupCluster = 'K' // K CID: a cluster (JSON groups.ClusterRecord)
	pGroup        = 'g' // g GID: a group (JSON groups.GroupRecord)
	pGroupFirst   = 'f' // f VID: a wording's earliest occurrence (encodeMember)
	pGroupMember  = 'm' // m VID 0x00 REF: an occurrence; value: claim id 0x00 site (m VID 0x00 alone: their head)
	pGroupBucket  = 'l' // l SCOPE BAND BUCKET: LSH bucket; value: VIDs, 0x00-separated
	pGroupShingle = 'h' // h SCOPE SHINGLE VID: a quoted wording has this full shingle
	pGroupAnchor  = 'n' // n SCOPE SHINGLE: wordings anchored on it; value: VIDs
)

// groupKeys are the prefixes above, for Check and for counting.
var groupKeys = []byte{pGroupFirst, pGroupVariant, pGroupCluster, pGroup, pGroupMember, pGroupBucket, pGroupShingle, pGroupAnchor}

// claimScope is the speaker identity claim c is grouped under
// (groups.Scope): the node linking reads in its speaker's name
// (entity.Lists.Parse: titles and honorifics off, each word reduced to
// its spelling skeleton, so that "Zelensky" and "Zelenskyy" are one; an
// organisation's words; a spokeswoman for a named organisation is that
// organisation). It is a pure function of the claim, not of the
// entities the store has linked so far, so that the groups of a
// set of articles do not depend on the order they came in; the
// extractor has already given a short name the full name its article
// has ("Holt" is "Dana Holt"). A generic speaker ("the company",
// "officials") is nobody in particular, whom linking never merges across
// articles: the same words from "the company" of two articles are two
// companies' unless the article names the organisation, so such a claim
// is a group of its own ("" scope), as a claim without a speaker is.
func claimScope(l nameParser, c *claims.Claim) string {
	if c.Speaker == nil {
		return ""
	}
	n := l.Parse(c.Speaker.Name, c.Speaker.Type)
	switch {
	case n.Kind == entity.Generic && n.Org != nil:
		return groups.Scope(c, "k:"+n.Org.Key())
	case n.Kind == entity.Generic:
		return ""
	case n.Key() != "":
		return groups.Scope(c, "k:"+n.Key())
	}
	return groups.Scope(c, "")
}

// nameParser reads a speaker name as linking does: *entity.Lists, or
// parseMemo in front of it.
type nameParser interface {
	Parse(name, typ string) entity.Name
}

// parseMemo remembers the names it parsed, for a reader that meets the
// same few speakers again and again (a query's results): parsing one
// costs microseconds and dozens of allocations.
type parseMemo struct {
	l *entity.Lists
	m map[[2]string]entity.Name
}

// maxParsedNames bounds a parseMemo; past it the memo starts again.
const maxParsedNames = 1024

func (p *parseMemo) Parse(name, typ string) entity.Name {
	k := [2]string{name, typ}
	if n, ok := p.m[k]; ok {
		return n
	}
	if p.m == nil || len(p.m) >= maxParsedNames {
		p.m = map[[2]string]entity.Name{}
	}
	n := p.l.Parse(name, typ)
	p.m[k] = n
	return n
}

// claimWording is the scope and text c is grouped by; ok is
// false for a claim that is a group of its own (no speaker, or no words).
func claimWording(l nameParser, c *claims.Claim) (scope string, t groups.Text, ok bool) {
	scope = claimScope(l, c)
	if scope == "" {
		return "", t, false
	}
	t, ok = groups.TextOf(c)
	return scope, t, ok
}

func scopeHash(scope string) []byte {
	return binary.BigEndian.AppendUint64(nil, xxhash.Sum64String(scope))
}

func memberPrefix(vid string) []byte {
	b := append([]byte{pGroupMember}, vid...)
	return append(b, 0)
}

func memberKey(vid string, r ref) []byte { return appendSuffix(memberPrefix(vid), r) }

// groupIndex is groups.Index over one write (or read) transaction.
type groupIndex struct{ txn *badger.Txn }

func (x groupIndex) getJSON(key []byte, v any) (bool, error) {
	item, err := x.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func (x groupIndex) setJSON(key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txnErr(x.txn.Set(key, b))
}

func (x groupIndex) del(key []byte) error { return txnErr(x.txn.Delete(key)) }

func (x groupIndex) Variant(id string) (*groups.VariantRecord, error) {
	var v groups.VariantRecord
	ok, err := x.getJSON(append([]byte{pGroupVariant}, id...), &v)
	if !ok || err != nil {
		return nil, err
	}
	return &v, nil
}

func (x groupIndex) PutVariant(v *groups.VariantRecord) error {
	if err := x.txn.Set(firstKey(v.ID), encodeMember(v.First)); err != nil {
		return txnErr(err)
	}
	return x.setJSON(append([]byte{pGroupVariant}, v.ID...), v)
}

func (x groupIndex) DeleteVariant(id string) error {
	if err := x.del(firstKey(id)); err != nil {
		return err
	}
	return x.del(append([]byte{pGroupVariant}, id...))
}

// firstKey is the key of a wording's earliest occurrence, kept beside
// its record (which holds it too) so that a reprint, which changes
// nothing when it is not the earliest, costs a small read and no
// decoding of the record (groupClaim).
func firstKey(vid string) []byte { return append([]byte{pGroupFirst}, vid...) }

// encodeMember is sec (8 bytes, big-endian, sign bit flipped so that
// the bytes sort as the times) and the claim id.
func encodeMember(m groups.Member) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(m.Sec)^(1<<63)), m.Claim...)
}

func decodeMember(b []byte) (groups.Member, error) {
	if len(b) < 8 {
		return groups.Member{}, fmt.Errorf("malformed first occurrence %q", b)
	}
	return groups.Member{Sec: int64(binary.BigEndian.Uint64(b[:8]) ^ (1 << 63)), Claim: string(b[8:])}, nil
}

// laterThanFirst reports whether wording vid is stored and has an
// occurrence before m: then adding m changes no group.
func laterThanFirst(txn *badger.Txn, vid string, m groups.Member) (bool, error) {
	item, err := txn.Get(firstKey(vid))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var first groups.Member
	err = item.Value(func(v []byte) error {
		first, err = decodeMember(v)
		return err
	})
	return err == nil && !m.Before(first), err
}

func (x groupIndex) Cluster(id string) (*groups.ClusterRecord, error) {
	var c groups.ClusterRecord
	ok, err := x.getJSON(append([]byte{pGroupCluster}, id...), &c)
	if !ok || err != nil {
		return nil, err
	}
	return &c, nil
}

func (x groupIndex) PutCluster(c *groups.ClusterRecord) error {
	return x.setJSON(append([]byte{pGroupCluster}, c.ID...), c)
}

func (x groupIndex) DeleteCluster(id string) error {
	return x.del(append([]byte{pGroupCluster}, id...))
}

func (x groupIndex) group(id string) (*groups.GroupRecord, error) {
	var g groups.GroupRecord
	ok, err := x.getJSON(append([]byte{pGroup}, id...), &g)
	if !ok || err != nil {
		return nil, err
	}
	return &g, nil
}

func (x groupIndex) PutGroup(g *groups.GroupRecord) error {
	return x.setJSON(append([]byte{pGroup}, g.ID...), g)
}

func (x groupIndex) DeleteGroup(id string) error { return x.del(append([]byte{pGroup}, id...)) }

func (x groupIndex) getList(key []byte) ([]string, error) {
	item, err := x.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	err = item.Value(func(v []byte) error {
		for id := range bytes.SplitSeq(v, []byte{0}) {
			out = append(out, string(id))
		}
		return nil
	})
	return out, err
}

func (x groupIndex) setList(key []byte, ids []string) error {
	if len(ids) == 0 {
		return x.del(key)
	}
	var v []byte
	for i, id := range ids {
		if i > 0 {
			v = append(v, 0)
		}
		v = append(v, id...)
	}
	return txnErr(x.txn.Set(key, v))
}

func bucketKey(scope string, band int, b uint64) []byte {
	k := append([]byte{pGroupBucket}, scopeHash(scope)...)
	k = append(k, byte(band))
	return binary.BigEndian.AppendUint64(k, b)
}

func shingleKey(p byte, scope string, sh uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{p}, scopeHash(scope)...), sh)
}

func (x groupIndex) Bucket(scope string, band int, b uint64) ([]string, error) {
	return x.getList(bucketKey(scope, band, b))
}

func (x groupIndex) SetBucket(scope string, band int, b uint64, ids []string) error {
	return x.setList(bucketKey(scope, band, b), ids)
}

func (x groupIndex) Anchored(scope string, sh uint64) ([]string, error) {
	return x.getList(shingleKey(pGroupAnchor, scope, sh))
}

func (x groupIndex) SetAnchored(scope string, sh uint64, ids []string) error {
	return x.setList(shingleKey(pGroupAnchor, scope, sh), ids)
}

// Containing lists the postings of shingle sh. Badger's conflict
// detection sees the keys a transaction read, not those it would have
// read had they existed: so the list also reads its head (the prefix
// itself, as a key), which every change to the list writes, and a
// transaction that listed it conflicts with one that changed it since.
func (x groupIndex) Containing(scope string, sh uint64) ([]string, error) {
	prefix := shingleKey(pGroupShingle, scope, sh)
	if _, err := x.txn.Get(prefix); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return nil, err
	}
	it := x.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	var out []string
	for it.Rewind(); it.Valid(); it.Next() {
		if id := it.Item().Key()[len(prefix):]; len(id) > 0 {
			out = append(out, string(id))
		}
	}
	return out, nil
}

func (x groupIndex) SetContaining(scope string, sh uint64, id string, present bool) error {
	// Badger keeps the slices it is given: head and k share no memory.
	head := shingleKey(pGroupShingle, scope, sh)
	if err := x.txn.Set(head, nil); err != nil {
		return txnErr(err)
	}
	k := append(shingleKey(pGroupShingle, scope, sh), id...)
	if present {
		return txnErr(x.txn.Set(k, nil))
	}
	return x.del(k)
}

// FirstMember reads the head of the wording's occurrences too, which
// every change to them writes (touchMembers): a transaction that listed
// them conflicts with one that changed them since (see Containing).
func (x groupIndex) FirstMember(id string) (groups.Member, bool, error) {
	prefix := memberPrefix(id)
	var first groups.Member
	if _, err := x.txn.Get(prefix); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return first, false, err
	}
	it := x.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	found := false
	for it.Rewind(); it.Valid(); it.Next() {
		if len(it.Item().Key()) == len(prefix) {
			continue // the head
		}
		r, err := parseSuffix(it.Item().Key(), len(prefix))
		if err != nil {
			return first, false, err
		}
		m, err := memberAt(it.Item(), r)
		if err != nil {
			return first, false, err
		}
		if !found || m.Before(first) {
			first, found = m, true
		}
	}
	return first, found, nil
}

// groupClaim makes claim c, stored at r in an article of site, an
// occurrence of its quote: its member entry, then its wording's groups
// (groups.Grouper.Add). A claim already grouped (its member entry
// exists) is left alone, so that regrouping can run again after a crash.
func groupClaim(txn *badger.Txn, l *entity.Lists, c *claims.Claim, r ref, site string) error {
	scope, t, ok := claimWording(l, c)
	if !ok {
		return nil
	}
	vid := groups.VariantID(scope, t)
	key := memberKey(vid, r)
	if _, err := txn.Get(key); err == nil {
		return nil
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	val := append(append([]byte(c.ID), 0), foldSite(site)...)
	if err := txn.Set(key, val); err != nil {
		return txnErr(err)
	}
	if err := touchMembers(txn, vid); err != nil {
		return err
	}
	m := groups.Member{Sec: r.sec, Claim: c.ID}
	if later, err := laterThanFirst(txn, vid, m); err != nil || later {
		return err // a reprint: its member entry is all it adds
	}
	g := groups.Grouper{P: groups.DefaultParams, Ix: groupIndex{txn}}
	if _, err := g.Add(scope, t, m); err != nil {
		return fmt.Errorf("group claim %s: %w", c.ID, err)
	}
	return nil
}

// touchMembers writes the head of wording vid's occurrences, as every
// change to them does (FirstMember).
func touchMembers(txn *badger.Txn, vid string) error {
	return txnErr(txn.Set(memberPrefix(vid), nil))
}

// ungroupClaim undoes groupClaim for a claim being deleted.
func ungroupClaim(txn *badger.Txn, l *entity.Lists, c *claims.Claim, r ref) error {
	scope, t, ok := claimWording(l, c)
	if !ok {
		return nil
	}
	vid := groups.VariantID(scope, t)
	key := memberKey(vid, r)
	if _, err := txn.Get(key); errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if err := txn.Delete(key); err != nil {
		return txnErr(err)
	}
	if err := touchMembers(txn, vid); err != nil {
		return err
	}
	g := groups.Grouper{P: groups.DefaultParams, Ix: groupIndex{txn}}
	if err := g.Remove(scope, t, groups.Member{Sec: r.sec, Claim: c.ID}); err != nil {
		return fmt.Errorf("ungroup claim %s: %w", c.ID, err)
	}
	return nil
}

// lockGroups takes the grouping lock, unless the store does not group,
// and returns its release.
func (s *Store) lockGroups() func() {
	if s.opts.NoGroups {
		return func() {}
	}
	s.groupMu.Lock()
	return s.groupMu.Unlock
}

// groupClaims groups claims cs, numbered from first, of the article
// whose decoded record is stored.
func (s *Store) groupClaims(txn *badger.Txn, stored *articleRecord, first int, cs []claims.Claim) error {
	if s.opts.NoGroups {
		return nil
	}
	sec := timeSec(stored.Published)
	for i := range cs {
		if err := groupClaim(txn, s.lists, &cs[i], ref{article: stored.sid(), ord: uint32(first + i), sec: sec}, stored.Site); err != nil {
			return err
		}
	}
	return nil
}

// regroup groups the claims cs of the article whose record is rec, in
// transactions of at most batchEntries/groupWeight claims: what Reindex
// runs after deleting every group.
func (s *Store) regroup(ctx context.Context, rec *articleRecord, cs []claims.Claim) error {
	if s.opts.NoGroups {
		return nil
	}
	step := max(1, batchEntries/groupWeight)
	for i := 0; i < len(cs); i += step {
		chunk := cs[i:min(len(cs), i+step)]
		if err := s.updateGroups(ctx, func(txn *badger.Txn) error { return s.groupClaims(txn, rec, i, chunk) }); err != nil {
			return fmt.Errorf("group claims %d to %d: %w", i, i+len(chunk), err)
		}
	}
	return nil
}

// groupWeight is what grouping a claim may add to a transaction, in
// entries: its member entry, its wording, cluster and group records, a
// dozen LSH buckets and a posting for each of its shingles. Staged writes
// count it when they bound their batches.
const groupWeight = 48

// updateGroups is update for a transaction that changes quote groups:
// run again after a conflict, as Put is (retryConflicts).
func (s *Store) updateGroups(ctx context.Context, fn func(txn *badger.Txn) error) error {
	_, err := s.retryConflicts(ctx, func() (PutResult, error) {
		return PutResult{}, s.update(ctx, fn)
	})
	return err
}

// groupEntries groups the claims among entries, written for the article
// whose decoded record is stored, as they will be read back.
func (s *Store) groupEntries(txn *badger.Txn, stored *articleRecord, entries []kv) error {
	if s.opts.NoGroups || stored == nil {
		return nil
	}
	sec := timeSec(stored.Published)
	for _, e := range entries {
		if e.key[0] != pClaim {
			continue
		}
		var c claims.Claim
		if err := json.Unmarshal(e.val, &c); err != nil {
			return fmt.Errorf("decode claim %q: %w", e.key, err)
		}
		if err := groupClaim(txn, s.lists, &c, ref{article: stored.sid(), ord: binaryOrd(e.key), sec: sec}, stored.Site); err != nil {
			return err
		}
	}
	return nil
}

// memberAt reads the group member that a member key's item stands for:
// its claim id is the value up to a NUL, its time the key's.
func memberAt(item *badger.Item, r ref) (groups.Member, error) {
	var m groups.Member
	err := item.Value(func(v []byte) error {
		claim, _, _ := bytes.Cut(v, []byte{0})
		m = groups.Member{Sec: r.sec, Claim: string(claim)}
		return nil
	})
	return m, err
}
