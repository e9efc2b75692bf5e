package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// SpeakerProfile is what the store knows of one speaker (one folded name,
// SpeakerCount.Key) across all articles: a speaker page's head.
type SpeakerProfile struct {
	Key string
	// Name is the most frequent spelling; Names every spelling articles
	// used, most frequent first.
	Name  string
	Names []string
	// Titles are the titles articles gave the speaker, most frequent first.
	Titles []string
	Claims int
	// Undated counts claims from articles without a publication date,
	// which Weeks leaves out.
	Undated int
	// Weeks counts dated claims per week (weeks start on Monday, UTC),
	// oldest first; only weeks with claims are listed.
	Weeks []WeekCount
}

// WeekCount is one week of a timeline.
type WeekCount struct {
	Start  time.Time
	Claims int
}

// WeekStart is the Monday (UTC, midnight) of the week t falls in.
func WeekStart(t time.Time) time.Time { return time.Unix(weekStartSec(t.Unix()), 0).UTC() }

// weekStartSec is WeekStart in Unix seconds: day 0 (1 January 1970) was a
// Thursday, three days after a Monday.
func weekStartSec(sec int64) int64 {
	const day = 24 * 60 * 60
	d := sec / day
	if sec%day < 0 {
		d--
	}
	return (d - ((d+3)%7+7)%7) * day
}

// recordCache decodes speaker-index values, each distinct one once: the
// entries of one speaker repeat a few values thousands of times.
type recordCache map[string]speakerRecord

// maxRecordCache bounds a recordCache; past it values are decoded each time.
const maxRecordCache = 1024

func (c recordCache) decode(item *badger.Item) (speakerRecord, error) {
	var rec speakerRecord
	err := item.Value(func(v []byte) error {
		if r, ok := c[string(v)]; ok {
			rec = r
			return nil
		}
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		if len(c) < maxRecordCache {
			c[string(v)] = rec
		}
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("decode speaker entry %q: %w", item.Key(), err)
	}
	return rec, nil
}

// Speaker returns the profile of the speaker whose key is key, or an
// error wrapping ErrNotFound. It reads the speaker's entries in the speaker
// index only (no claims), newest first.
func (s *Store) Speaker(ctx context.Context, key string) (SpeakerProfile, error) {
	p := SpeakerProfile{Key: key}
	names, titles := map[string]int{}, map[string]int{}
	var weeks []WeekCount // newest first while scanning
	recs := recordCache{}
	err := s.view(func(txn *badger.Txn) error {
		prefix := namePrefix(pSpeakerName, key)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		i := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if i++; i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			item := it.Item()
			r, err := parseSuffix(item.Key(), len(prefix))
			if err != nil {
				return err
			}
			rec, err := recs.decode(item)
			if err != nil {
				return err
			}
			if len(key) > maxNameKey && claims.NormalizeName(rec.Name) != key {
				continue
			}
			p.Claims++
			names[rec.Name]++
			if rec.Title != "" {
				titles[rec.Title]++
			}
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
		return nil
	})
	if err != nil {
		return p, fmt.Errorf("speaker %q: %w", key, err)
	}
	if p.Claims == 0 {
		return p, errorf(ErrNotFound, "no speaker %q in store %s", key, s.dir)
	}
	for i, j := 0, len(weeks)-1; i < j; i, j = i+1, j-1 {
		weeks[i], weeks[j] = weeks[j], weeks[i]
	}
	p.Weeks = weeks
	p.Names, p.Titles = byCount(names), byCount(titles)
	p.Name = p.Names[0]
	return p, nil
}

// Text returns the text of the article with id id (not a URL or path),
// which claim offsets refer to, or an error wrapping ErrNotFound.
func (s *Store) Text(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var text string
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(textKey(id))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { text = string(v); return nil })
	})
	if err == badger.ErrKeyNotFound {
		return "", errorf(ErrNotFound, "no article %q in store %s", id, s.dir)
	}
	if err != nil {
		return "", fmt.Errorf("read text of article %s: %w", id, err)
	}
	return text, nil
}

// ClaimAt returns the claim a Result.Cursor names, with its article
// (without text), or an error wrapping ErrNotFound (ErrBadQuery for a
// string no cursor could be). A cursor is a claim's address in the store:
// re-ingesting its article may move it.
func (s *Store) ClaimAt(ctx context.Context, cursor string) (Result, error) {
	b, err := parseCursor(cursor)
	if err != nil {
		return Result{}, err
	}
	r, _ := parseSuffix(b, 0)
	var res Result
	err = s.view(func(txn *badger.Txn) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := getClaim(txn, r)
		if err != nil {
			return err
		}
		rec, err := getArticle(txn, r.article)
		if err != nil {
			return err
		}
		if timeSec(rec.Published) != r.sec {
			return badger.ErrKeyNotFound // the article moved since
		}
		if err := newEntityView(txn).attach(&c, r.article); err != nil {
			return err
		}
		res = Result{Claim: c, Article: rec.Article, ref: r}
		return nil
	})
	if errors.Is(err, badger.ErrKeyNotFound) || errors.Is(err, ErrNotFound) {
		return Result{}, errorf(ErrNotFound, "no claim %s in store %s", cursor, s.dir)
	}
	if err != nil {
		return Result{}, fmt.Errorf("claim %s: %w", cursor, err)
	}
	return res, nil
}
