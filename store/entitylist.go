package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// SpeakerCount is one speaker entity in Speakers' answer.
type SpeakerCount struct {
	// Name is the entity's canonical name: the fullest form seen,
	// without titles.
	Name string
	// Key is the entity's id (claims.EntityRef.ID).
	Key string
	// Kind is "person" or "organisation".
	Kind     string
	Claims   int
	Articles int
	// Aliases are the other forms of the name articles used, most
	// claims first.
	Aliases []string
	// Titles are the titles articles gave the speaker, most frequent first.
	Titles []string
	// First and Last are the dates of the speaker's oldest and newest
	// dated claims, with SpeakerQuery.Dates; zero when all are undated.
	First, Last time.Time
}

// SpeakerQuery selects what Speakers counts.
type SpeakerQuery struct {
	Since, Until time.Time
	// Top keeps the N speakers with most claims; 0 keeps all.
	Top int
	// Match keeps speakers one of whose names has, for each word of Match
	// in order, a word that starts with it: "vlad put" and "putin" find
	// "Vladimir Putin", as a person types a name.
	Match string
	// Name keeps the entities a speaker query by this name means (as
	// Query.Speaker resolves it): the note a grouped answer gives.
	Name string
	// After and First read speakers a page at a time in key order: After
	// skips keys up to and including it, First stops after that many
	// speakers. With First set the answer stays in key order and Top is
	// ignored.
	After string
	First int
	// Dates fills in First and Last of each speaker returned (two short
	// walks of its names each).
	Dates bool
}

// Speakers lists speaker entities, one row each, most claims first, ties
// by key. Generic speakers are no entity and are not listed. Without
// dates it reads the entity records (and the occurrences that are
// entities of their own); with Since or Until it counts the claims in
// that window from the speaker index.
func (s *Store) Speakers(ctx context.Context, q SpeakerQuery) ([]SpeakerCount, error) {
	var out []SpeakerCount
	err := s.view(func(txn *badger.Txn) error {
		rows, err := s.speakerRows(ctx, txn, &q)
		if err != nil {
			return err
		}
		out = pageSpeakers(rows, &q)
		if !q.Dates {
			return nil
		}
		ents := newEntityView(txn, s.lists)
		pending := s.pendingIn(txn)
		for i := range out {
			if out[i].First, out[i].Last, err = s.entityDates(txn, ents, pending, out[i].Key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list speakers: %w", err)
	}
	return out, nil
}

// pageSpeakers orders and cuts rows as q asks.
func pageSpeakers(rows []SpeakerCount, q *SpeakerQuery) []SpeakerCount {
	if q.First > 0 {
		slices.SortFunc(rows, func(a, b SpeakerCount) int { return strings.Compare(a.Key, b.Key) })
		i, _ := slices.BinarySearchFunc(rows, q.After, func(r SpeakerCount, k string) int { return strings.Compare(r.Key, k) })
		for i < len(rows) && q.After != "" && rows[i].Key <= q.After {
			i++
		}
		rows = rows[i:]
		return rows[:min(q.First, len(rows))]
	}
	SortSpeakers(rows)
	if q.Top > 0 && len(rows) > q.Top {
		rows = rows[:q.Top]
	}
	return rows
}

// SortSpeakers orders speakers as Speakers does: most claims first, ties
// by key.
func SortSpeakers(s []SpeakerCount) {
	slices.SortFunc(s, func(a, b SpeakerCount) int {
		return cmp.Or(cmp.Compare(b.Claims, a.Claims), strings.Compare(a.Key, b.Key))
	})
}

// speakerRows builds one row per entity q keeps, unordered.
func (s *Store) speakerRows(ctx context.Context, txn *badger.Txn, q *SpeakerQuery) ([]SpeakerCount, error) {
	keep := func(string) bool { return true }
	if q.Name != "" {
		t, err := s.resolveSpeaker(txn, q.Name)
		if err != nil {
			return nil, err
		}
		keep = func(id string) bool { return t.ids[id] }
		rows, err := s.entityRows(ctx, txn, keep, q)
		if err != nil {
			return nil, err
		}
		locals, err := s.localRows(ctx, txn, func(node string) bool { return t.locals[node] }, q)
		return append(rows, locals...), err
	}
	rows, err := s.entityRows(ctx, txn, keep, q)
	if err != nil {
		return nil, err
	}
	locals, err := s.localRows(ctx, txn, func(string) bool { return true }, q)
	return append(rows, locals...), err
}

// row is the row of an entity from its tallies.
func row(id string, e *entityRecord) SpeakerCount {
	names := byCount(e.Names)
	name := canonicalName(e.Names)
	kind := "person"
	if e.Kind == entity.Org {
		kind = "organisation"
	}
	aliases := slices.DeleteFunc(names, func(n string) bool { return n == name })
	if len(aliases) == 0 {
		aliases = nil
	}
	return SpeakerCount{Name: name, Key: id, Kind: kind, Claims: e.Claims, Articles: e.Articles, Aliases: aliases, Titles: byCount(e.Titles)}
}

// matchRow reports whether a row passes q's Match.
func matchRow(r *SpeakerCount, match func(name []byte) bool) bool {
	if match([]byte(claims.NormalizeName(r.Name))) {
		return true
	}
	return slices.ContainsFunc(r.Aliases, func(a string) bool { return match([]byte(claims.NormalizeName(a))) })
}

// entityRows is a row for each entity record keep keeps: its tallies,
// or with dates its claims in them.
func (s *Store) entityRows(ctx context.Context, txn *badger.Txn, keep func(id string) bool, q *SpeakerQuery) ([]SpeakerCount, error) {
	var rows []SpeakerCount
	match := speakerMatcher(q.Match)
	dated, err := s.datedCounts(ctx, txn, q)
	if err != nil {
		return nil, err
	}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pEntity}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		id := string(it.Item().Key()[1:])
		if !keep(id) {
			continue
		}
		var e entityRecord
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
			return nil, fmt.Errorf("decode entity %s: %w", id, err)
		}
		r := row(id, &e)
		if dated != nil {
			if r.Claims = dated[id]; r.Claims == 0 {
				continue
			}
		}
		if matchRow(&r, match) {
			rows = append(rows, r)
		}
	}
	return rows, ctx.Err()
}

// localRows is a row for each occurrence that is an entity of its own,
// of the nodes keep keeps: the local marks, and the occurrences of
// ambiguous nodes that no title settles.
func (s *Store) localRows(ctx context.Context, txn *badger.Txn, keep func(node string) bool, q *SpeakerQuery) ([]SpeakerCount, error) {
	var rows []SpeakerCount
	match := speakerMatcher(q.Match)
	dated, err := s.datedCounts(ctx, txn, q)
	if err != nil {
		return nil, err
	}
	add := func(article, node string) error {
		if !keep(node) {
			return nil
		}
		occ, err := readLinks(txn, article)
		if err != nil {
			return err
		}
		for i := range occ {
			o := &occ[i]
			if o.Node != node {
				continue
			}
			lk, _, err := readNode(txn, node)
			if err != nil {
				return err
			}
			id := entity.EntityOf(lk.Link, article, o)
			if !isLocal(id, article, o) {
				continue
			}
			r := row(id, &entityRecord{Kind: entity.ParseKey(node).Kind, Names: o.Displays, Titles: o.Titles, Claims: o.Claims, Articles: 1})
			if dated != nil {
				r.Claims = dated[id]
			}
			if r.Claims > 0 && matchRow(&r, match) && !slices.ContainsFunc(rows, func(x SpeakerCount) bool { return x.Key == id }) {
				rows = append(rows, r)
			}
		}
		return ctx.Err()
	}
	err = eachKey(txn, pLocal, func(k, _ []byte) error {
		a, node, _ := strings.Cut(string(k[1:]), "\x00")
		return add(a, node)
	})
	if err != nil {
		return nil, err
	}
	err = eachAmbiguous(txn, func(node string) error {
		return eachPosting(txn, node, func(a string) error { return add(a, node) })
	})
	return rows, err
}

// datedCounts counts, when q has dates, the claims of each entity in
// them from the speaker index: every entry in the window, its speaker's
// entity looked up. Without dates it returns nil.
func (s *Store) datedCounts(ctx context.Context, txn *badger.Txn, q *SpeakerQuery) (map[string]int, error) {
	if q.Since.IsZero() && q.Until.IsZero() {
		return nil, nil
	}
	counts := map[string]int{}
	ents := newEntityView(txn, s.lists)
	pending := s.pendingIn(txn)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pSpeakerName}})
	defer it.Close()
	i := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if i++; i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		_, r, err := parseNameKey(it.Item().Key())
		if err != nil {
			return nil, err
		}
		if r.sec == zeroSec || !q.Since.IsZero() && r.sec < timeSec(q.Since) || !q.Until.IsZero() && r.sec >= timeSec(q.Until) || pending[r.article] {
			continue
		}
		var rec speakerRecord
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &rec) }); err != nil {
			return nil, err
		}
		id, _, err := ents.entityOf(articleOf(r.article), rec.Name)
		if err != nil {
			return nil, err
		}
		if id != "" {
			counts[id]++
		}
	}
	return counts, nil
}

// byCount lists a tally's keys, most frequent first, ties alphabetically.
func byCount(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b)) })
	return keys
}
