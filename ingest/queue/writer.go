// The writer: results off the results stream into the store, a batch at
// a time with one sync, through an ingest.Sink, and the end of every
// source recorded once. It is the store's only writer for the queue:
// claims serve runs it.

package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/ingest/internal/flow"
)

// writerBatch is how many results the writer asks for at a time, and so
// the most one sync of the store serves: as many as the local pipeline's
// batches.
const writerBatch = ingest.MaxBatch

// WriterOptions configure a Writer.
type WriterOptions struct {
	// CheckpointEvery is how many articles written pass between two
	// checkpoints of a Sink that is an ingest.Checkpointer; 0 means
	// ingest.DefaultCheckpointEvery, negative never.
	CheckpointEvery int
	// Log receives a line per source that failed and per message that
	// could not be read; nil discards.
	Log *slog.Logger
	// Observer, when set, is told of each source's end as it is recorded,
	// one call at a time.
	Observer func(job string, d Done)
}

// recordsAtOnce is how many sources' ends the writer records at once:
// each is a round trip to JetStream, and a batch's would otherwise be
// waited for one after the other.
const recordsAtOnce = 16

// Writer stores the results of the queue on js through a Sink.
type Writer struct {
	h       *handles
	sink    ingest.Sink
	opts    WriterOptions
	log     *slog.Logger
	written int
	// observing makes the Observer's calls one at a time.
	observing sync.Mutex
}

// NewWriter returns the writer of the queue on js into sink. Setup must
// have run.
func NewWriter(ctx context.Context, js jetstream.JetStream, sink ingest.Sink, opts WriterOptions) (*Writer, error) {
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, err
	}
	if opts.CheckpointEvery == 0 {
		opts.CheckpointEvery = ingest.DefaultCheckpointEvery
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Writer{h: h, sink: sink, opts: opts, log: log}, nil
}

// Run stores results, and records tasks that ran out of deliveries, until
// ctx ends. A failure of JetStream is logged and the message tried again
// later: the writer outlives a leader election or a node restarting.
func (w *Writer) Run(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.drain(ctx, w.h.advisoryCons, func(ctx context.Context, msgs []jetstream.Msg) {
			for _, msg := range msgs {
				if w.retryLater(ctx, msg, w.advisory(ctx, msg)) {
					return
				}
			}
		})
	}()
	w.drain(ctx, w.h.storeCons, w.results)
	<-done
	return nil
}

// drain fetches messages of c, up to writerBatch at a time, and hands
// each batch to handle, until ctx ends.
func (w *Writer) drain(ctx context.Context, c jetstream.Consumer, handle func(context.Context, []jetstream.Msg)) {
	var msgs []jetstream.Msg
	for ctx.Err() == nil {
		batch, err := fetch(ctx, c, writerBatch)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.log.Warn("fetch results", "err", err)
			if sleep(ctx, time.Second) != nil {
				return
			}
			continue
		}
		msgs = msgs[:0]
		for msg := range batch {
			msgs = append(msgs, msg)
		}
		handle(ctx, msgs)
	}
}

// retryLater hands msg back to be done again after a second when err,
// JetStream's, kept it from being done: a leader moving in a cluster,
// say. What was done of it counts once. It reports whether ctx ended,
// which leaves the message to come back after AckWait.
func (w *Writer) retryLater(ctx context.Context, msg jetstream.Msg, err error) (stop bool) {
	if ctx.Err() != nil {
		return true
	}
	if err != nil {
		w.log.Warn("will retry", "subject", msg.Subject(), "err", err)
		msg.NakWithDelay(time.Second)
	}
	return false
}

// put is a result of the batch whose article is stored, not yet synced,
// with the end its source will have once the batch is durable.
type put struct {
	msg jetstream.Msg
	r   Result
	d   Done
	// inStore: the article was Put, and is durable once synced; written:
	// the Put changed the store (a checkpoint counts it).
	inStore, written bool
}

// results stores a batch of results as the local pipeline stores its
// batches: every article Put first, then one Sync of an ingest.Syncer
// sink for all of them, and only then each source's end recorded and its
// result acknowledged. Nothing is recorded stored before it is durable,
// and one sync serves the batch instead of one per article.
func (w *Writer) results(ctx context.Context, msgs []jetstream.Msg) {
	var ps []put
	for _, msg := range msgs {
		p, ok, err := w.put(ctx, msg)
		if w.retryLater(ctx, msg, err) {
			return
		}
		if ok {
			ps = append(ps, p)
		}
	}
	if err := w.commit(ctx, ps); err != nil {
		return // ctx ended: the batch comes back after AckWait
	}
	w.finishResults(ctx, ps)
}

// finishResults records the ends of a batch's sources and acknowledges
// their results, recordsAtOnce at a time. Results of the same source
// (a redelivery's second result) are finished one after the other, in
// order, as finish expects.
func (w *Writer) finishResults(ctx context.Context, ps []put) {
	var order []string
	bySource := map[string][]put{}
	for _, p := range ps {
		k := p.r.Job + "." + p.r.Key
		if bySource[k] == nil {
			order = append(order, k)
		}
		bySource[k] = append(bySource[k], p)
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, recordsAtOnce)
	for _, k := range order {
		if flow.Send(ctx, slots, struct{}{}) != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			for _, p := range bySource[k] {
				if w.retryLater(ctx, p.msg, w.finishResult(ctx, p)) {
					return
				}
			}
		})
	}
	wg.Wait()
}

// put decodes a result and stores its article. A result that cannot be
// read is recorded as failed and terminated at once (ok false).
func (w *Writer) put(ctx context.Context, msg jetstream.Msg) (p put, ok bool, err error) {
	delivered := uint64(1)
	if meta, err := msg.Metadata(); err == nil {
		delivered = meta.NumDelivered
	}
	r, err := decodeResult(msg.Headers(), msg.Data())
	if err != nil {
		w.log.Warn("bad result", "subject", msg.Subject(), "err", err)
		if validToken(r.Job) && validToken(r.Key) {
			if err := w.record(ctx, r.Job, r.Key, failedDone(r.Source, ingest.ReasonParse, err)); err != nil {
				return p, false, err
			}
		}
		return p, false, msg.Term()
	}
	d, written, err := w.store(ctx, r, delivered)
	if err != nil {
		return p, false, err
	}
	inStore := r.Status == StatusExtracted && d.Status != StatusFailed
	return put{msg: msg, r: r, d: d, inStore: inStore, written: written}, true, nil
}

// commit makes the batch's articles durable and checkpoints the sink
// when its turn has come. As in the local pipeline, a failed Sync fails
// every article of the batch, and a failed checkpoint the article that
// triggered it. It returns only the context's error.
func (w *Writer) commit(ctx context.Context, ps []put) error {
	var err error
	if s, ok := w.sink.(ingest.Syncer); ok && slices.ContainsFunc(ps, func(p put) bool { return p.inStore }) {
		err = s.Sync(ctx)
	}
	for i := range ps {
		p := &ps[i]
		perr := err
		if perr == nil && p.written {
			perr = w.checkpoint(ctx)
		}
		if perr == nil || !p.inStore {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p.d = failedDone(p.r.Source, ingest.ReasonStore, perr)
		w.log.Warn("failed", "source", p.r.Source, "reason", ingest.ReasonStore, "err", perr)
	}
	return nil
}

// finishResult records a stored result's end (an archive's record count
// first), then acknowledges the result.
func (w *Writer) finishResult(ctx context.Context, p put) error {
	if p.r.Status == StatusExpanded {
		if err := within(ctx, func(ctx context.Context) error { return w.setRecords(ctx, p.r.Job, p.r.Key, p.r.Records) }); err != nil {
			return err
		}
	}
	if err := within(ctx, func(ctx context.Context) error { return w.record(ctx, p.r.Job, p.r.Key, p.d) }); err != nil {
		return err
	}
	// Stored and recorded: the acknowledgement is not waited for, since
	// a result that comes back for want of it is counted once anyway.
	if err := p.msg.Ack(); err != nil && ctx.Err() == nil {
		w.log.Warn("acknowledge result", "source", p.r.Source, "err", err)
	}
	return nil
}

// store writes an extracted article and says how its source ended, and
// whether the store changed. An article found unchanged on a redelivery
// was stored by the delivery before, whose end was not recorded: it
// counts as stored. A Put that fails fails the source, as in the local
// pipeline; only the context's error is returned.
func (w *Writer) store(ctx context.Context, r Result, delivered uint64) (d Done, written bool, err error) {
	d = Done{Source: r.Source, Status: r.Status, Reason: r.Reason, Error: r.Error, Records: r.Records,
		At: time.Now().UTC()}
	switch r.Status {
	case StatusExpanded:
		if r.Reason != "" {
			d.Status = StatusFailed
		}
		return d, false, nil
	case StatusExtracted:
	default:
		return d, false, nil
	}
	unchanged, err := w.sink.Put(ctx, *r.Article, r.Claims, r.Source)
	if err != nil {
		if ctx.Err() != nil {
			return d, false, ctx.Err()
		}
		w.log.Warn("failed", "source", r.Source, "reason", ingest.ReasonStore, "err", err)
		return failedDone(r.Source, ingest.ReasonStore, err), false, nil
	}
	d.Status, d.Article = StatusStored, r.Article.ID
	if unchanged && delivered == 1 {
		d.Status, d.Reason = StatusSkipped, ingest.SkipUnchanged
		return d, false, nil
	}
	countClaims(&d, r.Claims)
	d.Tokens = ingest.CountTokens(r.Article.Text)
	return d, !unchanged, nil
}

// setRecords writes into a job's record how many records one of its
// archives held, before the archive's own Done, so that whoever sees the
// Done sees the count.
func (w *Writer) setRecords(ctx context.Context, job, key string, n int) error {
	return updateJob(ctx, w.h.jobs, job, func(j *JobInfo) {
		if j.Records == nil {
			j.Records = map[string]int{}
		}
		j.Records[key] = n
	})
}

func failedDone(source, reason string, err error) Done {
	return Done{Source: source, Status: StatusFailed, Reason: reason, Error: err.Error(), At: time.Now().UTC()}
}

// within runs fn with at most requestTimeout to do its JetStream
// requests: a request lost as a cluster's leader moved is then given up,
// and the message comes back to be done again.
func within(ctx context.Context, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	return fn(ctx)
}

// record writes a source's end once and tells the observer.
func (w *Writer) record(ctx context.Context, job, key string, d Done) error {
	created, err := finish(ctx, w.h, job, key, d)
	if err != nil {
		return err
	}
	if created && w.opts.Observer != nil {
		w.observing.Lock()
		w.opts.Observer(job, d)
		w.observing.Unlock()
	}
	if created && d.Status == StatusFailed {
		w.log.Warn("failed", "job", job, "source", d.Source, "reason", d.Reason, "err", d.Error)
	}
	return nil
}

// checkpoint checkpoints a Checkpointer sink every CheckpointEvery
// articles written, as the local pipeline does.
func (w *Writer) checkpoint(ctx context.Context) error {
	w.written++
	cp, ok := w.sink.(ingest.Checkpointer)
	if !ok || w.opts.CheckpointEvery <= 0 || w.written%w.opts.CheckpointEvery != 0 {
		return nil
	}
	if err := cp.Checkpoint(ctx); err != nil {
		return err
	}
	debug.FreeOSMemory()
	return nil
}

func countClaims(d *Done, cs []claims.Claim) {
	d.Claims = len(cs)
	for _, c := range cs {
		if d.Kinds == nil {
			d.Kinds = map[claims.Kind]int{}
		}
		d.Kinds[c.Kind]++
		if c.Speaker != nil && c.Speaker.Name != "" {
			if d.Speakers == nil {
				d.Speakers = map[string]int{}
			}
			d.Speakers[c.Speaker.Name]++
		}
	}
}

// maxDeliveries is the part of JetStream's max-deliveries advisory the
// writer reads.
type maxDeliveries struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

// advisory records as failed a task that ran out of deliveries without a
// worker finishing it (each worker died or hung on it), and deletes it
// from the queue.
func (w *Writer) advisory(ctx context.Context, msg jetstream.Msg) error {
	var a maxDeliveries
	if err := json.Unmarshal(msg.Data(), &a); err != nil || a.Stream != TasksStream || a.StreamSeq == 0 {
		w.log.Warn("bad advisory", "subject", msg.Subject(), "err", err)
		return msg.Term()
	}
	raw, err := w.h.tasks.GetMsg(ctx, a.StreamSeq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return msg.Ack() // a worker finished it after all
	}
	if err != nil {
		return fmt.Errorf("read task %d of the advisory: %w", a.StreamSeq, err)
	}
	t, terr := decodeTask(raw.Header, raw.Data)
	if terr == nil {
		d := failedDone(t.Source, ReasonNeverFinished,
			fmt.Errorf("delivered %d times, and no worker finished it", a.Deliveries))
		if t.WARC != "" {
			d.Records = w.probeRecords(ctx, t)
			if err := w.setRecords(ctx, t.Job, t.Key, d.Records); err != nil {
				return err
			}
		}
		if err := w.record(ctx, t.Job, t.Key, d); err != nil {
			return err
		}
	}
	if err := w.h.tasks.DeleteMsg(ctx, a.StreamSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("delete task %d: %w", a.StreamSeq, err)
	}
	return msg.Ack()
}

// ReasonNeverFinished is the reason of a task whose every delivery ended
// without a result: the workers that took it died or hung.
const ReasonNeverFinished = "never finished"

// probeRecords counts the records of an archive whose task failed that
// were stored by earlier deliveries, so that the job expects their Done
// records: it stops after a run of keys with none.
func (w *Writer) probeRecords(ctx context.Context, t Task) int {
	n, missing := 0, 0
	for i := 0; missing < 256 && ctx.Err() == nil; i++ {
		if _, err := w.h.done.Get(ctx, t.Job+"."+recordKey(t.Key, i)); err != nil {
			missing++
			continue
		}
		n++
		missing = 0
	}
	return n
}
