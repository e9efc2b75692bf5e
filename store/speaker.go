package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

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
		if err := newEntityView(txn, s.lists).attach(&c, r.article); err != nil {
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
