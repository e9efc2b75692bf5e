package store

import (
	"bytes"

	badger "github.com/dgraph-io/badger/v4"
)

// walker walks one or more index prefixes together, newest claim first:
// the keys under each prefix end in a claim reference (REF), and a walk
// over several merges them by it, so that the claims of an entity known
// by several names come in the order of one index. A claim under two of
// the prefixes comes once.
type walker struct {
	its      []*badger.Iterator
	prefixes [][]byte
	cur      int // the iterator at the smallest reference, or -1
	last     []byte
	// reverse walks oldest first (undated claims first of all).
	reverse bool
}

func newWalker(txn *badger.Txn, prefixes [][]byte) *walker {
	w := &walker{prefixes: prefixes, cur: -1}
	for _, p := range prefixes {
		w.its = append(w.its, txn.NewIterator(badger.IteratorOptions{Prefix: p}))
	}
	return w
}

// newReverseWalker walks the prefixes oldest claim first.
func newReverseWalker(txn *badger.Txn, prefixes [][]byte) *walker {
	w := &walker{prefixes: prefixes, cur: -1, reverse: true}
	for _, p := range prefixes {
		w.its = append(w.its, txn.NewIterator(badger.IteratorOptions{Prefix: p, Reverse: true}))
	}
	return w
}

// seek positions every prefix at its first key whose reference is at or
// after suffix (the reference of the first claim wanted; nil for all).
// A reverse walker starts at the end of each prefix.
func (w *walker) seek(suffix []byte) {
	for i, it := range w.its {
		if w.reverse {
			it.Seek(append(append([]byte(nil), w.prefixes[i]...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
			continue
		}
		it.Seek(append(append([]byte(nil), w.prefixes[i]...), suffix...))
	}
	w.pick()
}

// pick finds the iterator at the smallest reference, skipping a
// reference equal to the last one given.
func (w *walker) pick() {
	for {
		w.cur = -1
		var best []byte
		for i, it := range w.its {
			if !it.Valid() {
				continue
			}
			ref := it.Item().Key()[len(w.prefixes[i]):]
			if c := bytes.Compare(ref, best); w.cur < 0 || c < 0 && !w.reverse || c > 0 && w.reverse {
				w.cur, best = i, ref
			}
		}
		if w.cur < 0 || w.last == nil || !bytes.Equal(best, w.last) {
			return
		}
		w.its[w.cur].Next()
	}
}

func (w *walker) valid() bool { return w.cur >= 0 }

// item is the current entry and the length of its prefix.
func (w *walker) item() (*badger.Item, int) {
	return w.its[w.cur].Item(), len(w.prefixes[w.cur])
}

func (w *walker) next() {
	item, n := w.item()
	w.last = append(w.last[:0], item.Key()[n:]...)
	w.its[w.cur].Next()
	w.pick()
}

func (w *walker) close() {
	for _, it := range w.its {
		it.Close()
	}
}
