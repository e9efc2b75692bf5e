package queue

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest"
)

// syncSink is a fakeSink that is an ingest.Syncer, as claims serve's
// store is: what it is given is durable only once a Sync after it
// returns. failSync, when set, is the error of every Sync.
type syncSink struct {
	*fakeSink
	failSync error

	mu       sync.Mutex
	unsynced map[string]bool // article ids Put since the last Sync
	syncs    int
}

func newSyncSink() *syncSink { return &syncSink{fakeSink: newSink(), unsynced: map[string]bool{}} }

func (s *syncSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	unchanged, err := s.fakeSink.Put(ctx, a, cs, source)
	if err == nil {
		s.mu.Lock()
		s.unsynced[a.ID] = true
		s.mu.Unlock()
	}
	return unchanged, err
}

func (s *syncSink) Sync(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncs++
	if s.failSync != nil {
		return s.failSync
	}
	clear(s.unsynced)
	return nil
}

func (s *syncSink) durable(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.unsynced[id]
}

// TestWriterStoredOnceSynced: with a sink whose Puts are durable only
// after Sync, the writer records no source as stored before a Sync has
// followed its article's Put, and every article is stored once.
func TestWriterStoredOnceSynced(t *testing.T) {
	s, js := newQueue(t, Config{})
	ctx := testContext(t)
	sink := newSyncSink()
	var early []string
	var mu sync.Mutex
	w, err := NewWriter(ctx, js, sink, WriterOptions{Log: testLog(t), Observer: func(_ string, d Done) {
		if d.Status == StatusStored && !sink.durable(d.Article) {
			mu.Lock()
			early = append(early, d.Source)
			mu.Unlock()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "writer", w.Run)
	_, wjs := connect(t, s)
	startWorker(t, ctx, wjs, &fakeProc{workers: 4}, WorkerOptions{Hold: 32})
	e := enqueue(t, ctx, js, sources(150, "a text by Speaker %d")...)
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 150 || sum.Failed != 0 {
		t.Errorf("summary: %d stored, %d failed; want 150, 0", sum.Stored, sum.Failed)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(early) > 0 {
		t.Errorf("%d sources recorded stored before their article was synced, e.g. %s", len(early), early[0])
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if sink.syncs == 0 {
		t.Error("the writer never synced the sink")
	}
	for id, n := range sink.puts {
		if n != 1 {
			t.Errorf("article %s put %d times", id, n)
		}
	}
}

// TestWriterSyncFails: when the sink cannot sync, no source of the
// batch is stored: each fails for the store, as in the local pipeline,
// while one the worker failed keeps its own reason.
func TestWriterSyncFails(t *testing.T) {
	s, js := newQueue(t, Config{})
	ctx := testContext(t)
	sink := newSyncSink()
	sink.failSync = errors.New("disk gone")
	w, err := NewWriter(ctx, js, sink, WriterOptions{Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "writer", w.Run)
	_, wjs := connect(t, s)
	const gone = "https://gone.example/1"
	startWorker(t, ctx, wjs, &fakeProc{workers: 2, fail: map[string]string{gone: "http 404"}}, WorkerOptions{})
	e := enqueue(t, ctx, js, append(sources(20, "a text by Speaker %d"), gone)...)
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 0 || sum.Failed != 21 || sum.FailedBy[ingest.ReasonStore] != 20 || sum.FailedBy["http 404"] != 1 {
		t.Errorf("summary: %d stored, %d failed %v; want 0 stored, 20 failed for the store and 1 for http 404",
			sum.Stored, sum.Failed, sum.FailedBy)
	}
	failed, err := Failed(ctx, js, e.Job())
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 21 {
		t.Errorf("failed list: %d entries, want 21", len(failed))
	}
	for _, d := range failed {
		if d.Source != gone && d.Error != "disk gone" {
			t.Errorf("failed %s: %q, want the Sync's error", d.Source, d.Error)
		}
	}
}
