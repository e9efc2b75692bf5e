package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// SpeakerProfile is what the store knows of one speaker entity across all
// articles: a speaker page's head.
type SpeakerProfile struct {
	Key string
	// Name is the canonical name; Names every form of it articles used,
	// most claims first.
	Name  string
	Names []string
	// Titles are the titles articles gave the speaker, most frequent first.
	Titles   []string
	Claims   int
	Articles int
	// Undated counts claims from articles without a publication date,
	// which Weeks leaves out.
	Undated int
	// Weeks counts dated claims per week (weeks start on Monday, UTC),
	// oldest first; only weeks with claims are listed.
	Weeks []WeekCount
}

// Speaker returns the profile of the speaker entity whose id is key, or
// an error wrapping ErrNotFound. Its tallies come from the entity's
// record, its timeline from a walk of its names in the speaker index.
func (s *Store) Speaker(ctx context.Context, key string) (SpeakerProfile, error) {
	p := SpeakerProfile{Key: key}
	err := s.view(func(txn *badger.Txn) error {
		rec, ok, err := s.entityRecordOf(txn, key)
		if err != nil || !ok {
			return err
		}
		r := row(key, &rec)
		p.Name, p.Names, p.Titles, p.Articles = r.Name, append([]string{r.Name}, r.Aliases...), r.Titles, r.Articles
		t, err := s.keyTargets(txn, key)
		if err != nil {
			return err
		}
		return p.timeline(ctx, txn, t, s.pendingIn(txn), s.lists)
	})
	if err != nil {
		return p, fmt.Errorf("speaker %q: %w", key, err)
	}
	if p.Claims == 0 {
		return p, errorf(ErrNotFound, "no speaker %q in store %s", key, s.dir)
	}
	return p, nil
}

// entityRecordOf is an entity's record, or for an occurrence that is an
// entity of its own, one made of it.
func (s *Store) entityRecordOf(txn *badger.Txn, id string) (entityRecord, bool, error) {
	rec, ok, err := readEntity(txn, id)
	if err != nil || ok || !strings.HasPrefix(id, "p_") {
		return rec, ok, err
	}
	o, _, err := findLocal(txn, id)
	if err != nil || o == nil {
		return rec, false, err
	}
	return entityRecord{Kind: entity.ParseKey(o.Node).Kind, Names: o.Displays, Titles: o.Titles, Claims: o.Claims, Articles: 1}, true, nil
}

// timeline counts the entity's claims by week, newest first while
// walking.
func (p *SpeakerProfile) timeline(ctx context.Context, txn *badger.Txn, t speakerTargets, pending map[string]bool, lists *entity.Lists) error {
	pl := entityPlan(t)
	ents := newEntityView(txn, lists)
	w := newWalker(txn, pl.prefixes)
	defer w.close()
	var weeks []WeekCount
	i := 0
	for w.seek(nil); w.valid(); w.next() {
		if i++; i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		item, n := w.item()
		r, err := parseSuffix(item.Key(), n)
		if err != nil {
			return err
		}
		if pending[r.article] {
			continue
		}
		if ok, err := pl.accepts(item, ents, r); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		p.Claims++
		if r.sec == zeroSec {
			p.Undated++
			continue
		}
		if n := len(weeks); n > 0 && r.sec >= weeks[n-1].Start.Unix() {
			weeks[n-1].Claims++ // newest first: the same week as the last
		} else {
			weeks = append(weeks, WeekCount{Start: time.Unix(weekStartSec(r.sec), 0).UTC(), Claims: 1})
		}
	}
	for i, j := 0, len(weeks)-1; i < j; i, j = i+1, j-1 {
		weeks[i], weeks[j] = weeks[j], weeks[i]
	}
	p.Weeks = weeks
	return nil
}

// entityDates are the dates of an entity's oldest and newest dated
// claims: the first dated entry of a walk of its names each way.
func (s *Store) entityDates(txn *badger.Txn, ents *entityView, pending map[string]bool, id string) (first, last time.Time, err error) {
	t, err := s.keyTargets(txn, id)
	if err != nil {
		return first, last, err
	}
	pl := entityPlan(t)
	for _, w := range []*walker{newWalker(txn, pl.prefixes), newReverseWalker(txn, pl.prefixes)} {
		at, err := firstDated(w, pl, ents, pending)
		w.close()
		if err != nil {
			return first, last, err
		}
		if w.reverse {
			first = at
		} else {
			last = at
		}
	}
	return first, last, nil
}

// firstDated is the date of the first dated claim a walk accepts.
func firstDated(w *walker, pl plan, ents *entityView, pending map[string]bool) (time.Time, error) {
	for w.seek(nil); w.valid(); w.next() {
		item, n := w.item()
		r, err := parseSuffix(item.Key(), n)
		if err != nil {
			return time.Time{}, err
		}
		if r.sec == zeroSec || pending[r.article] {
			if w.reverse || pending[r.article] {
				continue
			}
			break
		}
		if ok, err := pl.accepts(item, ents, r); err != nil || ok {
			return time.Unix(r.sec, 0).UTC(), err
		}
	}
	return time.Time{}, nil
}

// speakerMatcher is SpeakerQuery.Match as a test of a folded name.
func speakerMatcher(m string) func(name []byte) bool {
	qs := claims.FoldWords(m)
	if len(qs) == 0 {
		return func([]byte) bool { return true }
	}
	return func(name []byte) bool {
		words := strings.Fields(string(name))
		j := 0
		for _, q := range qs {
			for j < len(words) && !strings.HasPrefix(words[j], q) {
				j++
			}
			if j == len(words) {
				return false
			}
			j++
		}
		return true
	}
}
