package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// Query selects claims. Empty fields do not filter. Results come newest
// first (by the article's publication date, undated last), and claims of
// one article in article order.
type Query struct {
	// Speaker matches claims by any of their speakers. Unless Exact, case,
	// diacritics, punctuation and leading honorifics are ignored and the
	// alias rule of namesMatch applies: "Putin" finds "Vladimir Putin", and
	// "Vladimir Putin" finds "Mr. Putin".
	Speaker string
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
}

// Result is one claim with its article (without text).
type Result struct {
	Claim   claims.Claim
	Article claims.Article
}

// ErrBadQuery marks a query that cannot match anything as written (a name
// with no letters or digits, an invalid kind).
var ErrBadQuery = errors.New("bad query")

// plan is how one query walks an index.
type plan struct {
	prefix []byte
	// names, when set, are checked against the entry's value: the folded
	// names on the claim (token index) or the exact name (raw index).
	match func(val []byte) bool
}

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

// Query calls fn for each claim matching q, newest first, until fn returns
// an error (returned as is), the limit is reached or ctx ends. It streams:
// memory does not grow with the number of results.
func (s *Store) Query(ctx context.Context, q Query, fn func(Result) error) error {
	for _, k := range q.Kinds {
		if !k.Valid() {
			return fmt.Errorf("%w: kind %q (want direct, partial or indirect)", ErrBadQuery, k)
		}
	}
	var p plan
	var err error
	switch {
	case q.Speaker != "":
		p, err = namePlan(pSpeakerTok, pSpeakerRaw, q.Speaker, q.Exact, "speaker")
	case q.About != "":
		p, err = namePlan(pEntityTok, pEntityRaw, q.About, q.Exact, "entity")
	case foldSite(q.Site) != "":
		site := foldSite(q.Site)
		p = plan{prefix: namePrefix(pSite, site), match: func(v []byte) bool { return string(v) == site }}
	default:
		p = plan{prefix: []byte{pDate}}
	}
	if err != nil {
		return err
	}
	var aboutOK func([]string) bool
	if q.Speaker != "" && q.About != "" {
		if !q.Exact && len(claims.NameWords(q.About)) == 0 {
			return fmt.Errorf("%w: entity name %q has no letters or digits", ErrBadQuery, q.About)
		}
		aboutOK = nameMatcher(q.About, q.Exact)
	}
	site := foldSite(q.Site)
	contains := claims.FoldWords(q.Contains)
	if strings.TrimSpace(q.Contains) != "" && len(contains) == 0 {
		return fmt.Errorf("%w: --contains %q has no letters or digits", ErrBadQuery, q.Contains)
	}
	dated := !q.Since.IsZero() || !q.Until.IsZero()

	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p.prefix})
	defer it.Close()
	start := p.prefix
	if !q.Until.IsZero() {
		start = seekTime(p.prefix, timeSec(q.Until))
	}
	arts := newArticleCache(txn)
	n, scanned := 0, 0
	for it.Seek(start); it.Valid(); it.Next() {
		if scanned++; scanned%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		item := it.Item()
		r, err := parseSuffix(item.Key(), len(p.prefix))
		if err != nil {
			return err
		}
		if dated && (r.sec == zeroSec || !q.Since.IsZero() && r.sec < timeSec(q.Since)) {
			// Everything after this is older, or undated.
			break
		}
		if p.match != nil {
			ok := false
			if err := item.Value(func(v []byte) error { ok = p.match(v); return nil }); err != nil {
				return fmt.Errorf("read index entry: %w", err)
			}
			if !ok {
				continue
			}
		}
		c, err := getClaim(txn, r)
		if err != nil {
			return err
		}
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, c.Kind) {
			continue
		}
		if len(contains) > 0 && !containsPhrase(claims.FoldWords(c.Text), contains) {
			continue
		}
		if aboutOK != nil && !aboutOK(entityNames(&c)) {
			continue
		}
		a, err := arts.get(r.article)
		if err != nil {
			return err
		}
		if site != "" && foldSite(a.Site) != site {
			continue
		}
		n++
		if err := fn(Result{Claim: c, Article: a}); err != nil {
			return err
		}
		if q.Limit > 0 && n >= q.Limit {
			return nil
		}
	}
	return ctx.Err()
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
func exactName(name string) string {
	name = strings.TrimSpace(name)
	if utf8.ValidString(name) {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}
