package queue

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claims-project/claims/ingest"
)

// TestJobThroughWorkers: a job of URLs and texts goes through three
// workers into the store, each article stored once, and the summary
// counts it all.
func TestJobThroughWorkers(t *testing.T) {
	s, js := newQueue(t, Config{})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	proc := &fakeProc{workers: 2}
	for range 3 {
		_, wjs := connect(t, s)
		startWorker(t, ctx, wjs, proc, WorkerOptions{Hold: 4})
	}
	srcs := append(sources(40, "https://news.example/story-%d"), sources(20, "a text by Speaker %d")...)
	e := enqueue(t, ctx, js, srcs...)
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 60 || sum.Skipped != 0 || sum.Failed != 0 || sum.Claims != 60 {
		t.Errorf("summary: %d stored, %d skipped, %d failed, %d claims; want 60, 0, 0, 60",
			sum.Stored, sum.Skipped, sum.Failed, sum.Claims)
	}
	if sum.Speakers["Speaker 7"] != 1 || sum.Speakers["Nobody"] != 40 {
		t.Errorf("speakers: %v", sum.Speakers)
	}
	if sink.count() != 60 {
		t.Errorf("store holds %d articles, want 60", sink.count())
	}
	for id, n := range sink.puts {
		if n != 1 {
			t.Errorf("article %s put %d times", id, n)
		}
	}
	st, workers, err := Status(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || !st[0].Complete() || st[0].Finished != 60 || st[0].Waiting != 0 {
		t.Errorf("status: %+v", st)
	}
	if len(workers) != 3 {
		t.Errorf("%d live workers, want 3", len(workers))
	}
}

// TestDuplicateEnqueue: a source enqueued twice (in one job or two) is
// one message; the second is reported as a duplicate and not waited for.
func TestDuplicateEnqueue(t *testing.T) {
	s, js := newQueue(t, Config{})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	_, wjs := connect(t, s)
	proc := &fakeProc{}
	startWorker(t, ctx, wjs, proc, WorkerOptions{})

	e := enqueue(t, ctx, js, "https://a.example/1", "https://a.example/2", "https://a.example/1")
	e2 := enqueue(t, ctx, js, "https://a.example/2")
	for _, c := range []struct {
		e                      *Enqueuer
		sources, dups, skipped int
	}{{e, 2, 1, 1}, {e2, 0, 1, 1}} {
		info := c.e.Info()
		if info.Sources != c.sources || info.Duplicates != c.dups {
			t.Errorf("job %s: %d sources, %d duplicates; want %d, %d", info.ID, info.Sources, info.Duplicates, c.sources, c.dups)
		}
		sum, err := Wait(ctx, js, info.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Skipped != c.skipped || sum.SkippedBy[SkipQueued] != c.dups {
			t.Errorf("job %s: skipped %v", info.ID, sum.SkippedBy)
		}
	}
	if proc.calls["https://a.example/1"] != 1 || proc.calls["https://a.example/2"] != 1 {
		t.Errorf("worked %v; want each source once", proc.calls)
	}
}

// TestKilledWorkerTaskRedelivered: a worker that dies holding tasks (its
// connection gone, no NAK: kill -9) loses none of them; another worker
// finishes them after AckWait, and each is stored once.
func TestKilledWorkerTaskRedelivered(t *testing.T) {
	s, js := newQueue(t, Config{AckWait: time.Second})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)

	stuck := &fakeProc{workers: 4, hang: make(chan struct{})}
	nc, wjs := connect(t, s)
	w, err := NewWorker(ctx, wjs, WorkerOptions{Processor: stuck, Hold: 4})
	if err != nil {
		t.Fatal(err)
	}
	wctx, kill := context.WithCancel(ctx)
	go w.Run(wctx)
	e := enqueue(t, ctx, js, sources(12, "https://b.example/%d")...)
	waitFor(t, "the stuck worker to hold 4 tasks", func() bool {
		stuck.mu.Lock()
		defer stuck.mu.Unlock()
		return len(stuck.calls) == 4
	})
	nc.Close() // dies without a word
	kill()

	good := &fakeProc{}
	_, wjs2 := connect(t, s)
	startWorker(t, ctx, wjs2, good, WorkerOptions{})
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 12 || sink.count() != 12 {
		t.Errorf("stored %d (store holds %d), want 12", sum.Stored, sink.count())
	}
	for src := range stuck.calls {
		if good.calls[src] != 1 {
			t.Errorf("%s, held by the dead worker, worked %d times by the other", src, good.calls[src])
		}
	}
}

// TestSecondResultCountsOnce: when a task's result comes twice (its worker
// died after publishing, before acknowledging, and the duplicate window
// had passed), the store is asked twice but the source ends once.
func TestSecondResultCountsOnce(t *testing.T) {
	_, js := newQueue(t, Config{})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	e := enqueue(t, ctx, js, "https://c.example/1")
	proc := &fakeProc{}
	r, err := proc.work(ctx, Task{Job: e.Job(), Key: SourceKey("https://c.example/1"), Source: "https://c.example/1",
		URL: "https://c.example/1"})
	if err != nil {
		t.Fatal(err)
	}
	r.V = version
	for i := range 2 {
		m, err := encode(resultsPrefix+r.Job, r)
		if err != nil {
			t.Fatal(err)
		}
		// Different message ids: as if the window had passed.
		if _, err := js.PublishMsg(ctx, m, jetstream.WithMsgID(fmt.Sprint("dup-", i))); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "both results stored", func() bool {
		sink.mu.Lock()
		defer sink.mu.Unlock()
		return sink.puts[r.Article.ID] == 2
	})
	// The job's one task is still on the queue (no worker ran): take it
	// away so that the job can complete.
	if err := js.DeleteStream(ctx, TasksStream); err != nil {
		t.Fatal(err)
	}
	st, _, err := statusOf(ctx, js, e.Job())
	if err != nil {
		t.Fatal(err)
	}
	if st.Finished != 1 || !st.Complete() {
		t.Errorf("job: %d finished, complete %v; want 1, true", st.Finished, st.Complete())
	}
}

// statusOf is the status of one job, read without the work queue.
func statusOf(ctx context.Context, js jetstream.JetStream, job string) (JobStatus, bool, error) {
	h := &handles{js: js}
	var err error
	if h.jobs, err = js.KeyValue(ctx, JobsBucket); err != nil {
		return JobStatus{}, false, err
	}
	if h.done, err = js.KeyValue(ctx, DoneBucket); err != nil {
		return JobStatus{}, false, err
	}
	s, err := jobStatus(ctx, h, job)
	return s, err == nil, err
}

// TestPoisonTransient: a source that keeps failing for a reason that may
// pass is delivered MaxDeliver times, then failed with its last error,
// and the rest of the queue flows meanwhile.
func TestPoisonTransient(t *testing.T) {
	s, js := newQueue(t, Config{MaxDeliver: 3})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	bad := "https://d.example/flaky"
	proc := &fakeProc{fail: map[string]string{bad: "http 503", "https://d.example/gone": "http 404"}}
	_, wjs := connect(t, s)
	startWorker(t, ctx, wjs, proc, WorkerOptions{})
	e := enqueue(t, ctx, js, append(sources(10, "https://d.example/%d"), bad, "https://d.example/gone")...)
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 10 || sum.Failed != 2 || sum.FailedBy["http 503"] != 1 || sum.FailedBy["http 404"] != 1 {
		t.Errorf("summary: %d stored, failed %v", sum.Stored, sum.FailedBy)
	}
	if proc.calls[bad] != 3 || proc.calls["https://d.example/gone"] != 1 {
		t.Errorf("worked the transient failure %d times (want 3), the permanent one %d (want 1)",
			proc.calls[bad], proc.calls["https://d.example/gone"])
	}
	failed, err := Failed(ctx, js, e.Job())
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 2 || failed[0].Source != bad || failed[0].Error != bad+": http 503" {
		t.Errorf("failed list: %+v", failed)
	}
}

// TestPoisonNeverFinished: a task every taker dies on (taken, never
// acknowledged) reaches the failed list from JetStream's advisory and
// leaves the queue.
func TestPoisonNeverFinished(t *testing.T) {
	s, js := newQueue(t, Config{AckWait: 500 * time.Millisecond, MaxDeliver: 2})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	e := enqueue(t, ctx, js, "https://e.example/crash")
	cons, err := js.Consumer(ctx, TasksStream, WorkersConsumer)
	if err != nil {
		t.Fatal(err)
	}
	for taken := 0; taken < 2; {
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for range b.Messages() {
			taken++ // and never acknowledged
		}
	}
	// JetStream gives up on the task when a worker next asks for work.
	_, wjs := connect(t, s)
	startWorker(t, ctx, wjs, &fakeProc{}, WorkerOptions{})
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.FailedBy[ReasonNeverFinished] != 1 {
		t.Errorf("failed %v, want one %q", sum.FailedBy, ReasonNeverFinished)
	}
	// The writer deletes the task after recording it failed (so that a
	// crash between the two loses no Done): the job may be complete a
	// moment before the task has left the queue.
	var st []JobStatus
	waitFor(t, "the task to leave the queue", func() bool {
		st, _, err = Status(ctx, js)
		return err == nil && len(st) == 1 && st[0].Waiting == 0
	})
	if st[0].Failed != 1 {
		t.Errorf("after the advisory: %d failed; want 1", st[0].Failed)
	}
}

// TestBackPressure: while the store writer is stuck, the results stream
// fills to its bound and the workers then stop taking tasks: what waits,
// waits on the work queue. Once the writer moves, everything is stored.
func TestBackPressure(t *testing.T) {
	const maxResults, hold = 3, 2
	s, js := newQueue(t, Config{MaxResults: maxResults})
	ctx := testContext(t)
	sink := newSink()
	sink.block = make(chan struct{})
	sink.entered = make(chan string, 100)
	startWriter(t, ctx, js, sink)
	proc := &fakeProc{}
	for range 2 {
		_, wjs := connect(t, s)
		startWorker(t, ctx, wjs, proc, WorkerOptions{Hold: hold})
	}
	const n = 40
	e := enqueue(t, ctx, js, sources(n, "https://f.example/%d")...)
	<-sink.entered // the writer holds one result
	results, err := js.Stream(ctx, ResultsStream)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the results stream to fill", func() bool {
		info, err := results.Info(ctx)
		return err == nil && info.State.Msgs == maxResults
	})
	// Every task worked is a result waiting, the one being stored, or
	// a task a worker holds while it waits to publish.
	for range 20 {
		proc.mu.Lock()
		worked := len(proc.calls)
		proc.mu.Unlock()
		if limit := maxResults + 1 + 2*hold; worked > limit {
			t.Fatalf("%d tasks worked while the writer was stuck; at most %d can be", worked, limit)
		}
		info, err := results.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Msgs > maxResults {
			t.Fatalf("results stream holds %d, over its bound %d", info.State.Msgs, maxResults)
		}
		time.Sleep(50 * time.Millisecond)
	}
	close(sink.block)
	go func() {
		for range sink.entered {
		}
	}()
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != n || sink.count() != n {
		t.Errorf("stored %d (store %d), want %d", sum.Stored, sink.count(), n)
	}
}

// TestWARCTask: an archive is one task; its records are worked and
// stored each, a bad record fails alone, and the job expects them all.
func TestWARCTask(t *testing.T) {
	s, js := newQueue(t, Config{})
	ctx := testContext(t)
	sink := newSink()
	startWriter(t, ctx, js, sink)
	readWARC := func(ctx context.Context, ref string, emit func(Task, error) error) error {
		if ref != "/data/crawl.warc.gz" {
			return &ingest.Error{Reason: ingest.ReasonRead, Err: errors.New(ref + ": no such file")}
		}
		for i := range 5 {
			u := fmt.Sprintf("https://g.example/%d", i)
			var err error
			if i == 3 {
				err = &ingest.Error{Reason: ingest.ReasonParse, Err: errors.New("bad gzip")}
			}
			if err := emit(Task{Source: u, URL: u, Body: []byte("record by Writer " + u)}, err); err != nil {
				return err
			}
		}
		return nil
	}
	_, wjs := connect(t, s)
	startWorker(t, ctx, wjs, &fakeProc{}, WorkerOptions{ReadWARC: readWARC})
	e, err := NewJob(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"/data/crawl.warc.gz", "/data/missing.warc"} {
		if _, err := e.Add(ctx, Task{Source: ref, WARC: ref}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	sum, err := Wait(ctx, js, e.Job(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 4 || sum.Failed != 2 || sum.FailedBy[ingest.ReasonParse] != 1 || sum.FailedBy[ingest.ReasonRead] != 1 {
		t.Errorf("summary: %d stored, failed %v; want 4 stored, one parse and one read failure", sum.Stored, sum.FailedBy)
	}
	st, _, err := statusOf(ctx, js, e.Job())
	if err != nil {
		t.Fatal(err)
	}
	if st.Expected() != 2+5 || st.Finished != 7 {
		t.Errorf("job expects %d, finished %d; want 7, 7", st.Expected(), st.Finished)
	}
}

// waitFor polls cond until it holds; only the test deadline fails it.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
