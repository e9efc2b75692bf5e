package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// Query selects claims. Empty fields do not filter. Results come newest
// first (by the article's publication date, undated last), and claims of
// one article in article order.
type Query struct {
	// Speaker matches claims by any of their speakers. Unless Exact, it
	// names speaker entities (entity.Readings and entity.Matches: case,
	// diacritics, punctuation, titles and honorifics ignored; "Putin",
	// "President Putin" and "Vladimir Putin" find the entity of Vladimir
	// Putin, "Varga" every Varga), and the claims of all of them come; a
	// name that names no entity ("the company") matches speaker names by
	// the alias rule of namesMatch instead.
	Speaker string
	// SpeakerKey matches claims by one speaker entity, by its id
	// (SpeakerCount.Key): the claims a speaker page lists. It cannot be
	// combined with Speaker.
	SpeakerKey string
	// About matches claims whose content names an entity, by the same rule.
	About string
	// Exact turns folding and aliases off for Speaker and About: the name
	// must equal the stored canonical name byte for byte (case-sensitive).
	Exact bool
	// Site matches the article's site, ignoring case and a leading "www.".
	Site string
	// Kinds keeps only these kinds.
	Kinds []claims.Kind
	// Since (inclusive) and Until (exclusive) bound the publication date, at
	// one-second precision. Either excludes undated articles.
	Since, Until time.Time
	// Contains keeps claims whose text contains these words consecutively,
	// folded like names (case and diacritics ignored, whole words).
	Contains string
	// Limit stops after this many claims; 0 means no limit.
	Limit int
	// Distinct returns one claim per quote group: the newest occurrence
	// that matches, then none of the group's others, whose index entries
	// the walk skips without reading them. Claims in no group all come.
	// Limit counts what is returned. It holds within one call: the pages
	// of a query read by After may repeat a group of an earlier page. Its
	// memory grows with the groups returned (their members' places).
	Distinct bool
	// After resumes a query after the claim whose Result.Cursor it is, so
	// that a long answer can be read page by page with the same filters.
	After string
}

// Result is one claim with its article (without text).
type Result struct {
	Claim   claims.Claim
	Article claims.Article
	// ref is where the claim stands in the index the query walked.
	ref ref
}

// Cursor names the result's place in its query's order: Query.After set
// to it resumes the same query after this claim. It is opaque, URL-safe,
// and means nothing to a query with other filters.
func (r Result) Cursor() string {
	return base64.RawURLEncoding.EncodeToString(appendSuffix(nil, r.ref))
}

// parseCursor reads a cursor back into the reference suffix it encodes,
// refusing anything Cursor could not have produced.
func parseCursor(c string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, fmt.Errorf("%w: cursor %.40q is not one this store gave", ErrBadQuery, c)
	}
	if _, err := parseSuffix(b, 0); err != nil || bytes.IndexByte(b[8:len(b)-5], 0) >= 0 {
		return nil, fmt.Errorf("%w: cursor %.40q is not one this store gave", ErrBadQuery, c)
	}
	return b, nil
}

// ErrBadQuery marks a query that cannot match anything as written (a name
// with no letters or digits, an invalid kind).
var ErrBadQuery = errors.New("bad query")

// plan is how one query walks an index.
type plan struct {
	prefix []byte
	// match, when set, checks the entry's value: the folded names on the
	// claim (token index), the exact name (raw index) or the site. Keys
	// cannot decide, since they hold one token or a name cut short.
	match func(val []byte) bool
	// after is the reference suffix of the claim to resume after (a
	// decoded Query.After), or nil.
	after []byte
	// prefixes, when set, are walked together instead of prefix: the
	// speaker-index prefixes of an entity's names, whose entries entity
	// checks (entityquery.go).
	prefixes [][]byte
	entity   func(ents *entityView, v []byte, r ref) (bool, error)
}

// namePlan is the plan of a speaker or entity query (what names it in
// errors): the postings of the name's last token, or with exact, those of
// the name as written.
func namePlan(tokPrefix, rawPrefix byte, name string, exact bool, what string) (plan, error) {
	if exact {
		name = exactName(name)
		if name == "" {
			return plan{}, fmt.Errorf("%w: empty %s name", ErrBadQuery, what)
		}
		return plan{
			prefix: namePrefix(rawPrefix, name),
			match:  func(v []byte) bool { return string(v) == name },
		}, nil
	}
	q := claims.NameWords(name)
	if len(q) == 0 {
		return plan{}, fmt.Errorf("%w: %s name %q has no letters or digits", ErrBadQuery, what, name)
	}
	return plan{
		// Every name the alias rule accepts contains the query's last
		// token, so its postings hold every match.
		prefix: namePrefix(tokPrefix, q[len(q)-1]),
		match: func(v []byte) bool {
			for n := range strings.SplitSeq(string(v), "\x00") {
				if namesMatch(q, strings.Fields(n)) {
					return true
				}
			}
			return false
		},
	}, nil
}

// nameMatcher checks a name filter against a decoded claim, for the filter
// that does not drive the scan.
func nameMatcher(name string, exact bool) func(names []string) bool {
	if exact {
		name = exactName(name)
		return func(names []string) bool {
			for _, n := range names {
				if exactName(n) == name {
					return true
				}
			}
			return false
		}
	}
	q := claims.NameWords(name)
	return func(names []string) bool {
		for _, n := range names {
			if namesMatch(q, claims.NameWords(n)) {
				return true
			}
		}
		return false
	}
}

// Query calls fn for each claim matching q, newest first, with its quote
// group when the quote appears more than once (Claim.Group), until fn
// returns an error (returned as is), the limit is reached or ctx ends. It
// streams: memory does not grow with the number of results.
func (s *Store) Query(ctx context.Context, q Query, fn func(Result) error) error {
	cq, err := compile(q)
	if err != nil {
		return err
	}
	cq.lists = s.lists
	s.mu.RLock()
	defer s.mu.RUnlock()
	gen := s.articles.generation()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	if err := s.planSpeaker(txn, &cq); err != nil {
		return err
	}
	pending := s.pendingIn(txn)
	grp := newGroupReader(txn, s.lists, pending)
	var seen *distinctGroups
	limit := q.Limit
	if q.Distinct {
		seen = &distinctGroups{groups: map[string]bool{}, members: map[memberPlace]bool{}}
		cq.skip, cq.q.Limit = seen.skips, 0
	}
	n := 0
	err = cq.scan(ctx, txn, newArticleCache(txn, &s.articles, gen), pending, func(r Result) error {
		g, ms, err := grp.ref(&r.Claim)
		if err != nil {
			return fmt.Errorf("quote group of claim %s: %w", r.Claim.ID, err)
		}
		if seen != nil && !seen.add(g, ms) {
			return nil
		}
		if limit > 0 && n == limit {
			return errLimitReached
		}
		n++
		r.Claim.Group = g
		return fn(r)
	})
	if errors.Is(err, errLimitReached) {
		err = nil
	}
	return err
}

// errLimitReached ends a Distinct scan, which counts results itself.
var errLimitReached = errors.New("limit reached")

// memberPlace is where a claim stands: its storage id and ordinal.
type memberPlace struct {
	article string
	ord     uint32
}

// distinctGroups is what a Distinct query has returned: the groups, and
// the places of their members, which the walk then skips unread.
type distinctGroups struct {
	groups  map[string]bool
	members map[memberPlace]bool
}

func (d *distinctGroups) skips(r ref) bool { return d.members[memberPlace{r.article, r.ord}] }

// add reports whether a claim of group g (nil: in none) is the first of
// its group, and then remembers the group's members ms (nil when the
// group reader had read them before, for a claim returned earlier).
func (d *distinctGroups) add(g *claims.GroupRef, ms []groupMember) bool {
	if g == nil {
		return true
	}
	if d.groups[g.ID] {
		return false
	}
	d.groups[g.ID] = true
	for _, m := range ms {
		d.members[memberPlace{m.r.article, m.r.ord}] = true
	}
	return true
}

// planSpeaker makes a query by speaker key, or by a speaker name that
// resolves to entities, walk the entities' names (entityPlan); a name
// that resolves to none keeps the folded-name plan compile gave it.
func (s *Store) planSpeaker(txn *badger.Txn, cq *compiledQuery) error {
	q := &cq.q
	var t speakerTargets
	var err error
	switch {
	case q.SpeakerKey != "":
		t, err = s.keyTargets(txn, q.SpeakerKey)
	case q.Speaker != "" && !q.Exact:
		t, err = s.resolveSpeaker(txn, q.Speaker)
		if err == nil && t.empty() && s.fallsBack(q.Speaker) {
			return nil
		}
	default:
		return nil
	}
	if err != nil {
		return fmt.Errorf("speaker %q: %w", q.Speaker+q.SpeakerKey, err)
	}
	after := cq.p.after
	cq.p = entityPlan(t)
	cq.p.after = after
	return nil
}

// compiledQuery is a Query checked and split into the index walk that
// drives it and the filters checked on each claim the walk reads.
type compiledQuery struct {
	q Query
	p plan
	f filter
	// lists parse speaker names for the entities of the results.
	lists *entity.Lists
	// skip, if set, passes over index entries before they are read
	// (Distinct).
	skip func(ref) bool
}

// compile checks q, reporting what makes it unanswerable as ErrBadQuery
// (kinds first, then names, then the phrase), and plans it.
func compile(q Query) (compiledQuery, error) {
	for _, k := range q.Kinds {
		if !k.Valid() {
			return compiledQuery{}, fmt.Errorf("%w: kind %q (want direct, partial or indirect)", ErrBadQuery, k)
		}
	}
	p, err := scanPlan(q)
	if err != nil {
		return compiledQuery{}, err
	}
	if q.After != "" {
		if p.after, err = parseCursor(q.After); err != nil {
			return compiledQuery{}, err
		}
	}
	f, err := claimFilter(q)
	if err != nil {
		return compiledQuery{}, err
	}
	return compiledQuery{q: q, p: p, f: f}, nil
}

// scanPlan picks the index a query walks: the speaker's names, else the
// entity's, else the site, else every claim by date. Only the filter that
// picks the index bounds the scan; the others are checked claim by claim.
func scanPlan(q Query) (plan, error) {
	switch {
	case q.SpeakerKey != "" && q.Speaker != "":
		return plan{}, fmt.Errorf("%w: a speaker key and a speaker name together", ErrBadQuery)
	case q.SpeakerKey != "":
		// Walked by the entity's names (planSpeaker).
		return plan{prefix: []byte{pSpeakerName, 0}}, nil
	case q.Speaker != "":
		return namePlan(pSpeakerTok, pSpeakerRaw, q.Speaker, q.Exact, "speaker")
	case q.About != "":
		return namePlan(pEntityTok, pEntityRaw, q.About, q.Exact, "entity")
	case foldSite(q.Site) != "":
		site := foldSite(q.Site)
		return plan{prefix: namePrefix(pSite, site), match: func(v []byte) bool { return string(v) == site }}, nil
	default:
		return plan{prefix: []byte{pDate}}, nil
	}
}

// filter is what a query checks on each claim it reads and on that
// claim's article. Empty fields do not filter.
type filter struct {
	kinds []claims.Kind
	// contains is the phrase the claim's text must contain, folded.
	contains []string
	// about matches the claim's entities when a speaker drives the scan
	// (when About drives it, its index has done the matching).
	about func(names []string) bool
	// site is the article's site, folded.
	site string
}

// claimFilter is the filter of q, for whichever index scanPlan picks.
func claimFilter(q Query) (filter, error) {
	f := filter{kinds: q.Kinds, site: foldSite(q.Site), contains: claims.FoldWords(q.Contains)}
	if (q.Speaker != "" || q.SpeakerKey != "") && q.About != "" {
		if !q.Exact && len(claims.NameWords(q.About)) == 0 {
			return filter{}, fmt.Errorf("%w: entity name %q has no letters or digits", ErrBadQuery, q.About)
		}
		f.about = nameMatcher(q.About, q.Exact)
	}
	if strings.TrimSpace(q.Contains) != "" && len(f.contains) == 0 {
		return filter{}, fmt.Errorf("%w: --contains %q has no letters or digits", ErrBadQuery, q.Contains)
	}
	return f, nil
}

// scan walks the plan's index from q.Until down and calls fn for each
// claim that passes the filter and is not under a pending mark, until it
// passes q.Since, reaches q.Limit or ctx ends (checked every 64 entries
// scanned, matching or not, so that a selective filter over a long index
// still stops).
func (cq *compiledQuery) scan(ctx context.Context, txn *badger.Txn, arts *articleCache, pending map[string]bool, fn func(Result) error) error {
	q, p := &cq.q, &cq.p
	ents := newEntityView(txn, cq.lists)
	prefixes := p.prefixes
	if len(prefixes) == 0 {
		prefixes = [][]byte{p.prefix}
	}
	w := newWalker(txn, prefixes)
	defer w.close()
	var start []byte
	if !q.Until.IsZero() {
		start = seekTime(nil, timeSec(q.Until))
	}
	if p.after != nil {
		// The first reference past the cursor's: none is the cursor's
		// plus a 0 byte.
		if after := append(append([]byte(nil), p.after...), 0); bytes.Compare(after, start) > 0 {
			start = after
		}
	}
	n, scanned := 0, 0
	for w.seek(start); w.valid(); w.next() {
		if scanned++; scanned%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		item, plen := w.item()
		r, err := parseSuffix(item.Key(), plen)
		if err != nil {
			return err
		}
		if q.endsScan(r.sec) {
			break
		}
		if pending[r.article] || cq.skip != nil && cq.skip(r) {
			continue
		}
		ok, err := p.accepts(item, ents, r)
		if err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		res, ok, err := cq.f.fetch(txn, arts, r)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := ents.attach(&res.Claim, articleOf(r.article)); err != nil {
			return err
		}
		res.ref = r
		n++
		if err := fn(res); err != nil {
			return err
		}
		if q.Limit > 0 && n >= q.Limit {
			return nil
		}
	}
	return ctx.Err()
}

// endsScan reports whether a claim published at sec is outside q's dates
// on the old side: older than Since, or undated when either date bound is
// set. A scan runs newest first and undated claims sort last, so every
// entry after it is outside too.
func (q *Query) endsScan(sec int64) bool {
	dated := !q.Since.IsZero() || !q.Until.IsZero()
	return dated && (sec == zeroSec || !q.Since.IsZero() && sec < timeSec(q.Since))
}

// accepts reports whether an index entry passes the plan's checks on its
// value: the name or site it holds, or the entity of the speaker it
// names.
func (p *plan) accepts(item *badger.Item, ents *entityView, r ref) (bool, error) {
	if p.match == nil && p.entity == nil {
		return true, nil
	}
	ok := false
	err := item.Value(func(v []byte) error {
		if p.match != nil {
			ok = p.match(v)
			return nil
		}
		var err error
		ok, err = p.entity(ents, v, r)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("read index entry: %w", err)
	}
	return ok, nil
}

// fetch reads the claim r names and, if the claim passes f, its article
// (through arts); ok is false when either fails f. The claim is checked
// first so that a rejected one costs no article read.
func (f *filter) fetch(txn *badger.Txn, arts *articleCache, r ref) (res Result, ok bool, err error) {
	c, err := getClaim(txn, r)
	if err != nil {
		return Result{}, false, err
	}
	if len(f.kinds) > 0 && !slices.Contains(f.kinds, c.Kind) {
		return Result{}, false, nil
	}
	if len(f.contains) > 0 && !containsPhrase(claims.FoldWords(c.Text), f.contains) {
		return Result{}, false, nil
	}
	if f.about != nil && !f.about(entityNames(&c)) {
		return Result{}, false, nil
	}
	a, err := arts.get(r.article)
	if err != nil {
		return Result{}, false, err
	}
	if f.site != "" && !slices.Contains(articleSites(a.Site, a.URL), f.site) {
		return Result{}, false, nil
	}
	return Result{Claim: c, Article: a}, true, nil
}

func entityNames(c *claims.Claim) []string {
	names := make([]string, len(c.Entities))
	for i, e := range c.Entities {
		names[i] = e.Name
	}
	return names
}

// exactName is the form an exact lookup compares: trimmed, with each
// invalid UTF-8 byte replaced by U+FFFD as the stored JSON has it.
func exactName(name string) string { return asDecoded(strings.TrimSpace(name)) }
