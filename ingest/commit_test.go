package ingest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/claims-project/claims"
)

// syncSink is a fakeSink whose Puts count as durable only once Sync has
// returned after them.
type syncSink struct {
	*fakeSink
	mu      sync.Mutex
	puts    map[string]int // article id → Puts before it, counting it
	n       int
	synced  int // Puts made durable by the last Sync
	syncs   int
	failAt  int // fail the Sync that would cover this many Puts; 0 never
	failed  map[string]bool
	pending []string
}

func newSyncSink() *syncSink {
	return &syncSink{fakeSink: newFakeSink(), puts: map[string]int{}, failed: map[string]bool{}}
}

func (s *syncSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	unchanged, err := s.fakeSink.Put(ctx, a, cs, source)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.puts[a.ID] = s.n
	s.pending = append(s.pending, a.ID)
	return unchanged, err
}

func (s *syncSink) Sync(context.Context) error {
	// A sync takes time, as an fsync does; meanwhile the extractors make
	// more articles ready, which the next Sync covers together. (Without
	// it a fast storer may sync each article alone.)
	time.Sleep(2 * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncs++
	if s.failAt > 0 && s.synced < s.failAt && s.failAt <= s.n {
		for _, id := range s.pending {
			s.failed[id] = true
		}
		s.pending = nil
		s.synced = s.n
		return errors.New("fsync: input/output error")
	}
	s.pending = nil
	s.synced = s.n
	return nil
}

// ackObserver checks each article reported stored against the sink: it
// must have been made durable by a Sync already.
type ackObserver struct {
	t      *testing.T
	s      *syncSink
	stored int
	failed int
}

func (o *ackObserver) Queued() {}

func (o *ackObserver) Done(out Outcome) {
	o.s.mu.Lock()
	defer o.s.mu.Unlock()
	switch out.Status {
	case Stored:
		o.stored++
		if n := o.s.puts[out.Article.ID]; n == 0 || n > o.s.synced {
			o.t.Errorf("%s reported stored after Put %d; the last Sync covered %d", out.Article.ID, n, o.s.synced)
		}
	case Failed:
		o.failed++
	}
}

// TestGroupCommit: with a Syncer Sink, Run reports an article stored only
// once a Sync after its Put has returned, syncs batches rather than every
// article, and fails every article of a batch whose Sync fails.
func TestGroupCommit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		failAt int
	}{{"ok", 0}, {"sync fails", 150}} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 400
			sink := newSyncSink()
			sink.failAt = tc.failAt
			obs := &ackObserver{t: t, s: sink}
			sum, err := New(sink, quoteExtractor{}, Options{Workers: 2, Observer: obs}).
				Run(context.Background(), []string{goldFile(t, n)})
			if err != nil {
				t.Fatal(err)
			}
			if sink.syncs == 0 || sink.syncs >= n {
				t.Errorf("%d Syncs for %d articles; want batches", sink.syncs, n)
			}
			if obs.stored+obs.failed != n || sum.Stored != obs.stored {
				t.Errorf("reported %d stored and %d failed of %d (summary %d stored)", obs.stored, obs.failed, n, sum.Stored)
			}
			if want := len(sink.failed); obs.failed != want || tc.failAt > 0 && want == 0 {
				t.Errorf("%d failed, want the %d of the batch whose Sync failed", obs.failed, want)
			}
		})
	}
}
