package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// SpeakerCount is one speaker in Speakers' answer.
type SpeakerCount struct {
	// Name is the most frequent spelling of the speaker's name.
	Name string
	// Key is the folded name speakers are grouped by.
	Key    string
	Claims int
	// Titles are the titles articles gave the speaker, most frequent first.
	Titles []string
}

// SpeakerQuery selects what Speakers counts.
type SpeakerQuery struct {
	Since, Until time.Time
	// Top keeps the N speakers with most claims; 0 keeps all.
	Top int
	// Match keeps speakers whose folded name has, for each word of Match
	// in order, a word that starts with it: "vlad put" and "putin" find
	// "Vladimir Putin", as a person types a name.
	Match string
	// After and First read speakers a page at a time in key order: After
	// skips keys up to and including it, First stops after that many
	// speakers. With First set the answer stays in key order and Top is
	// ignored.
	After string
	First int
}

// Speakers counts claims per speaker (grouped by folded name), most
// claims first, ties by name. It reads only the speaker index: every
// entry of each speaker it counts, and with Match one seek past each
// speaker it does not.
func (s *Store) Speakers(ctx context.Context, q SpeakerQuery) ([]SpeakerCount, error) {
	var out []SpeakerCount
	match := speakerMatcher(q.Match)
	recs := recordCache{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pSpeakerName}})
		defer it.Close()
		var cur *speakerAgg
		pending := s.pendingIn(txn)
		flush := func() {
			if cur != nil && cur.n > 0 {
				out = append(out, cur.result())
				// Keep memory bounded by Top: trim when the list doubles.
				if q.First == 0 && q.Top > 0 && len(out) >= 2*q.Top+64 {
					sortSpeakers(out)
					out = out[:q.Top]
				}
			}
			cur = nil
		}
		start := []byte{pSpeakerName}
		if q.After != "" {
			start = append(append(start, keyName(q.After)...), 1)
		}
		i := 0
		for it.Seek(start); it.Valid(); {
			if i++; i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			item := it.Item()
			key := item.Key()
			name, r, err := parseNameKey(key)
			if err != nil {
				return err
			}
			if pending[r.article] {
				it.Next()
				continue
			}
			if cur == nil || cur.key != string(name) {
				flush()
				if q.First > 0 && len(out) >= q.First {
					break
				}
				if !match(name) {
					// Past every entry of this name: the next key after
					// "P NAME 0x00 ..." that is not one of them.
					it.Seek(append(append([]byte{pSpeakerName}, name...), 1))
					continue
				}
				cur = &speakerAgg{key: string(name), names: map[string]int{}, titles: map[string]int{}}
			}
			if err := cur.add(item, r, &q, recs); err != nil {
				return err
			}
			it.Next()
		}
		flush()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count speakers: %w", err)
	}
	if q.First > 0 {
		if len(out) > q.First {
			out = out[:q.First]
		}
		return out, nil
	}
	sortSpeakers(out)
	if q.Top > 0 && len(out) > q.Top {
		out = out[:q.Top]
	}
	return out, nil
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

// add counts one speaker-index entry if it is inside q's dates.
func (a *speakerAgg) add(item *badger.Item, r ref, q *SpeakerQuery, recs recordCache) error {
	if !q.Since.IsZero() && (r.sec < timeSec(q.Since) || r.sec == zeroSec) {
		return nil
	}
	if !q.Until.IsZero() && (r.sec >= timeSec(q.Until) || r.sec == zeroSec) {
		return nil
	}
	rec, err := recs.decode(item)
	if err != nil {
		return err
	}
	a.n++
	a.names[rec.Name]++
	if rec.Title != "" {
		a.titles[rec.Title]++
	}
	return nil
}

type speakerAgg struct {
	key    string
	n      int
	names  map[string]int
	titles map[string]int
}

func (a *speakerAgg) result() SpeakerCount {
	return SpeakerCount{Name: byCount(a.names)[0], Key: a.key, Claims: a.n, Titles: byCount(a.titles)}
}

// byCount lists a tally's keys, most frequent first, ties alphabetically.
func byCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// SortSpeakers orders speakers as Speakers does: most claims first, ties
// by key.
func SortSpeakers(s []SpeakerCount) { sortSpeakers(s) }

func sortSpeakers(s []SpeakerCount) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Claims != s[j].Claims {
			return s[i].Claims > s[j].Claims
		}
		return s[i].Key < s[j].Key
	})
}

// Stats summarises a store.
type Stats struct {
	Dir      string
	Articles int
	Claims   int
	ByKind   map[claims.Kind]int
	Speakers int
	// DiskBytes is what the directory takes on disk; LSMBytes (tables) and
	// VLogBytes (value log) are the parts of it in Badger's two kinds of
	// data file.
	LSMBytes, VLogBytes, DiskBytes int64
	Oldest, Newest                 time.Time
}

// Stats counts articles, claims by kind and distinct speakers, reading
// keys and small index values only.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Dir: s.dir, ByKind: map[claims.Kind]int{}}
	err := s.view(func(txn *badger.Txn) error {
		pending := s.pendingIn(txn)
		count := func(prefix byte, each func(item *badger.Item) error) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefix}})
			defer it.Close()
			i := 0
			for it.Rewind(); it.Valid(); it.Next() {
				if i++; i%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if err := each(it.Item()); err != nil {
					return err
				}
			}
			return nil
		}
		if err := count(pArticle, func(*badger.Item) error { st.Articles++; return nil }); err != nil {
			return err
		}
		err := count(pDate, func(item *badger.Item) error {
			r, err := parseSuffix(item.Key(), 1)
			if err != nil {
				return err
			}
			if pending[r.article] {
				return nil
			}
			st.Claims++
			if r.sec != zeroSec {
				t := time.Unix(r.sec, 0).UTC()
				if st.Oldest.IsZero() || t.Before(st.Oldest) {
					st.Oldest = t
				}
				if t.After(st.Newest) {
					st.Newest = t
				}
			}
			return item.Value(func(v []byte) error { st.ByKind[claims.Kind(v)]++; return nil })
		})
		if err != nil {
			return err
		}
		var last []byte
		return count(pSpeakerName, func(item *badger.Item) error {
			k := item.Key()
			if len(pending) > 0 {
				if _, r, err := parseNameKey(k); err != nil || pending[r.article] {
					return err
				}
			}
			name := k[:bytesIndex0(k)]
			if string(name) != string(last) {
				st.Speakers++
				last = append(last[:0], name...)
			}
			return nil
		})
	})
	if err != nil {
		return st, fmt.Errorf("stats of store %s: %w", s.dir, err)
	}
	st.LSMBytes, st.VLogBytes, st.DiskBytes = dirSize(s.dir)
	return st, nil
}

// dirSize is the space the files under dir take on disk, in total and in
// table (.sst) and value-log (.vlog) files. Best effort: a file that
// vanishes mid-walk (compaction) is skipped. Badger's own Size() is only
// refreshed once a minute, so a CLI run would always see zero.
func dirSize(dir string) (lsm, vlog, total int64) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		n := diskBytes(info)
		total += n
		switch filepath.Ext(path) {
		case ".sst":
			lsm += n
		case ".vlog":
			vlog += n
		}
		return nil
	})
	return lsm, vlog, total
}
