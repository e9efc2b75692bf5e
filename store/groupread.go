package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	"github.com/claims-project/claims/store/groups"
	badger "github.com/dgraph-io/badger/v4"
)

// groupReader gives the claims one read transaction returns their quote
// group (claims.GroupRef), reading each group once.
type groupReader struct {
	txn     *badger.Txn
	names   *parseMemo
	pending map[string]bool
	// byVariant holds the summary of each wording's group read so far
	// (nil for a group of one occurrence).
	byVariant map[string]*claims.GroupRef
}

func newGroupReader(txn *badger.Txn, lists *entity.Lists, pending map[string]bool) *groupReader {
	return &groupReader{txn: txn, names: &parseMemo{l: lists}, pending: pending, byVariant: map[string]*claims.GroupRef{}}
}

// maxCachedGroups bounds byVariant, so that a query streaming a whole
// store keeps constant memory: past it the cache starts again.
const maxCachedGroups = 4096

// ref is the group of claim c, or nil when it is an occurrence of nothing
// else (formats.md prints a group only when the quote appears more than
// once).
// Its members come too when this call read them, not when the group was
// read before.
func (g *groupReader) ref(c *claims.Claim) (*claims.GroupRef, []groupMember, error) {
	scope, t, ok := claimWording(g.names, c)
	if !ok {
		return nil, nil, nil
	}
	vid := groups.VariantID(scope, t)
	if r, ok := g.byVariant[vid]; ok {
		return r, nil, nil
	}
	ix := groupIndex{g.txn}
	v, err := ix.Variant(vid)
	if err != nil || v == nil {
		return nil, nil, err
	}
	gr, err := ix.group(v.Group)
	if err != nil || gr == nil {
		return nil, nil, err
	}
	ms, err := g.members(gr)
	if err != nil {
		return nil, nil, err
	}
	var out *claims.GroupRef
	if len(ms) > 1 {
		out = &claims.GroupRef{ID: gr.ID, Size: len(ms), Sites: distinctSites(ms)}
		if sec := ms[0].r.sec; sec != zeroSec {
			out.FirstSeen = time.Unix(sec, 0).UTC()
		}
	}
	if len(g.byVariant) >= maxCachedGroups {
		clear(g.byVariant)
	}
	for _, id := range gr.Variants {
		g.byVariant[id] = out
	}
	return out, ms, nil
}

// groupMember is one stored occurrence of a group: where the claim is,
// its id, its article's folded site and its wording.
type groupMember struct {
	r       ref
	claim   string
	site    string
	variant string
}

// members lists the occurrences of group gr that readers see, oldest
// first (then by claim id).
func (g *groupReader) members(gr *groups.GroupRecord) ([]groupMember, error) {
	var out []groupMember
	for _, vid := range gr.Variants {
		prefix := memberPrefix(vid)
		it := g.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		for it.Rewind(); it.Valid(); it.Next() {
			if len(it.Item().Key()) == len(prefix) {
				continue // the head (touchMembers)
			}
			r, err := parseSuffix(it.Item().Key(), len(prefix))
			if err != nil {
				it.Close()
				return nil, err
			}
			if g.pending[r.article] {
				continue
			}
			m := groupMember{r: r, variant: vid}
			err = it.Item().Value(func(v []byte) error {
				claim, site, _ := bytes.Cut(v, []byte{0})
				m.claim, m.site = string(claim), string(site)
				return nil
			})
			if err != nil {
				it.Close()
				return nil, fmt.Errorf("read member of quote group %s: %w", gr.ID, err)
			}
			out = append(out, m)
		}
		it.Close()
	}
	slices.SortFunc(out, func(a, b groupMember) int {
		return cmp.Or(cmp.Compare(a.r.sec, b.r.sec), strings.Compare(a.claim, b.claim))
	})
	return out, nil
}

func distinctSites(ms []groupMember) int {
	seen := map[string]bool{}
	for _, m := range ms {
		if m.site != "" {
			seen[m.site] = true
		}
	}
	return len(seen)
}

// Group is one quote group as `claims quote` shows it.
type Group struct {
	ID string
	// Canonical is the longest wording, as its earliest occurrence
	// printed it (QuotedWords).
	Canonical string
	// Size counts the occurrences, Sites their distinct sites; FirstSeen
	// is the earliest publication date (zero when every one is undated).
	Size, Sites int
	FirstSeen   time.Time
	// Occurrences are the claims, oldest first, each with its article
	// (without text); the first is the earliest.
	Occurrences []Result
}

// ErrNoGroup is returned by Group for an id no group has; it is an
// ErrNotFound.
var ErrNoGroup = fmt.Errorf("%w: no such quote group", ErrNotFound)

// Group reads quote group id ("g_…") with every occurrence.
func (s *Store) Group(ctx context.Context, id string) (Group, error) {
	return s.group(ctx, id, false)
}

// GroupHead reads quote group id as Group does, but only its earliest
// occurrence (and the one whose wording is the canonical, to quote it):
// what a listing of groups prints of each, at the cost of two claims,
// not of all.
func (s *Store) GroupHead(ctx context.Context, id string) (Group, error) {
	return s.group(ctx, id, true)
}

func (s *Store) group(ctx context.Context, id string, head bool) (Group, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	gen := s.articles.generation()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	gr, err := groupIndex{txn}.group(id)
	if err != nil {
		return Group{}, fmt.Errorf("read quote group %q: %w", id, err)
	}
	if gr == nil {
		return Group{}, fmt.Errorf("%w: %q", ErrNoGroup, id)
	}
	ms, err := newGroupReader(txn, s.lists, s.pendingIn(txn)).members(gr)
	if err != nil {
		return Group{}, err
	}
	arts := newArticleCache(txn, &s.articles, gen)
	out := Group{ID: id, Size: len(ms), Sites: distinctSites(ms)}
	for i, m := range ms {
		if err := ctx.Err(); err != nil {
			return Group{}, err
		}
		if head && i > 0 && (out.Canonical != "" || m.variant != gr.Canonical) {
			continue
		}
		c, err := getClaim(txn, m.r)
		if err != nil {
			return Group{}, err
		}
		if out.Canonical == "" && m.variant == gr.Canonical {
			out.Canonical = QuotedWords(&c)
		}
		if head && i > 0 {
			continue
		}
		a, err := arts.get(m.r.article)
		if err != nil {
			return Group{}, err
		}
		out.Occurrences = append(out.Occurrences, Result{Claim: c, Article: a, ref: m.r})
	}
	if len(ms) > 0 && ms[0].r.sec != zeroSec {
		out.FirstSeen = time.Unix(ms[0].r.sec, 0).UTC()
	}
	return out, nil
}

// QuotedWords is what a claim groups by, as printed: the quoted words of
// a partial claim (several joined by " … "), else its text.
func QuotedWords(c *claims.Claim) string {
	if c.Kind != claims.Partial || len(c.Quotes) == 0 {
		return c.Text
	}
	parts := make([]string, len(c.Quotes))
	for i, q := range c.Quotes {
		parts[i] = q.Text
	}
	return strings.Join(parts, " … ")
}
