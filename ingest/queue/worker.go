// The worker: tasks off the work queue, through a Processor (ingest's
// pipeline), results onto the results stream, and a task acknowledged
// only once its result is stored by JetStream.

package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"

	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/ingest/internal/flow"
)

// Processor does a worker's work: ingest's pipeline, or a fake in tests.
// Process reads tasks until in is closed and calls done once per task,
// never concurrently, with the task's result (its Job, Key and Source
// those of the task). It returns when in is closed and every task is
// done, or when ctx ends or done fails.
type Processor interface {
	Process(ctx context.Context, in <-chan Task, done func(context.Context, Result) error) error
}

// WorkerOptions configure a Worker.
type WorkerOptions struct {
	Processor Processor
	// ReadWARC reads the records of a WARC file named by a path or URL,
	// calling emit with each record as a task (Source, URL, ContentType,
	// Body), or with the error that makes a record unreadable. Its error
	// is the archive's own. Nil fails WARC tasks as unsupported.
	ReadWARC func(ctx context.Context, ref string, emit func(Task, error) error) error
	// Hold is how many tasks the worker takes from the queue at a time;
	// default 8.
	Hold int
	// Retry says whether a failed result deserves another delivery;
	// default Transient.
	Retry func(Result) bool
	// Backoff is the wait before a task that failed for a transient
	// reason is delivered again, times its deliveries so far (at most 12
	// times); default 5 s.
	Backoff time.Duration
	// Name names the worker in claims jobs; default host name and pid.
	Name string
	// Fetchers and Extractors are shown in claims jobs.
	Fetchers, Extractors int
	// Log receives a line per task that could not be finished; nil
	// discards.
	Log *slog.Logger
}

// Transient reports whether a failure may pass if the task is tried again
// later: a timeout, a dropped connection, a server error or 429 left
// after the fetcher's own retries, an unreachable robots.txt.
func Transient(r Result) bool {
	switch r.Reason {
	case ingest.ReasonTimeout, ingest.ReasonNetwork, ingest.ReasonRobotsDown, "http 429":
		return true
	}
	return strings.HasPrefix(r.Reason, "http 5")
}

// Worker takes tasks from the queue until its context ends.
type Worker struct {
	h    *handles
	opts WorkerOptions
	id   string
	log  *slog.Logger

	ackWait    time.Duration
	maxDeliver int

	// published takes each task's result, sent without waiting for
	// JetStream to store it, to confirm (made by Run).
	published chan published

	mu      sync.Mutex
	held    map[string]*held // by JOB.KEY of the task, or of a WARC record
	started time.Time
	done    int
}

// published is a task's result on its way to the results stream: the
// message, and what JetStream answers (nil when it could not be sent).
type published struct {
	h   *held
	r   Result
	m   *nats.Msg
	ack jetstream.PubAckFuture
	err error // the result could not be made a message
}

// held is a task the worker holds: its message, and for a WARC task the
// count of its records not yet published.
type held struct {
	msg       jetstream.Msg
	task      Task
	delivered int
	// WARC tasks only:
	parent     *held
	pending    int
	records    int
	expanded   bool
	readErr    error
	publishErr error
}

// NewWorker returns a worker of the queue on js.
func NewWorker(ctx context.Context, js jetstream.JetStream, opts WorkerOptions) (*Worker, error) {
	if opts.Processor == nil {
		return nil, errors.New("queue worker: no processor")
	}
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, err
	}
	info, err := h.workerCons.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue worker: consumer %s: %w", WorkersConsumer, err)
	}
	if opts.Hold <= 0 {
		opts.Hold = 8
	}
	if opts.Retry == nil {
		opts.Retry = Transient
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 5 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Worker{
		h: h, opts: opts, id: workerID(opts.Name), log: opts.Log,
		ackWait: info.Config.AckWait, maxDeliver: info.Config.MaxDeliver,
		held: map[string]*held{}, started: time.Now().UTC(),
	}, nil
}

// workerID names a worker in claims_workers: the name given, else host
// and pid, made a valid key.
func workerID(name string) string {
	if name == "" {
		host, _ := os.Hostname()
		name = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	b := []byte(name)
	for i, c := range b {
		if !validToken(string(c)) {
			b[i] = '_'
		}
	}
	if len(b) > 48 {
		b = b[:48]
	}
	return string(b) + "-" + newJobID(time.Now())[len("j20060102-150405-"):]
}

// Run works until ctx ends. The tasks it holds then are handed back
// (NAK) for other workers; a task it was stopped in the middle of is
// worked again from the start, by whichever worker takes it.
func (w *Worker) Run(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	in := make(chan Task)
	warcs := make(chan *held)
	slots := make(chan struct{}, w.opts.Hold)
	var feeders sync.WaitGroup
	feeders.Add(2)
	g.Go(func() error {
		defer feeders.Done()
		defer close(warcs)
		return w.pull(gctx, slots, in, warcs)
	})
	g.Go(func() error {
		defer feeders.Done()
		return w.readWARCs(gctx, warcs, in, slots)
	})
	g.Go(func() error {
		feeders.Wait()
		close(in)
		return nil
	})
	// As many results as tasks held may be on their way at once: each
	// keeps its slot until its task is settled.
	w.published = make(chan published, w.opts.Hold)
	g.Go(func() error {
		defer close(w.published)
		return w.opts.Processor.Process(gctx, in, func(ctx context.Context, r Result) error {
			return w.finished(ctx, r, slots)
		})
	})
	g.Go(func() error { return w.confirm(gctx, slots) })
	g.Go(func() error { return w.heartbeat(gctx) })
	err := g.Wait()
	w.handBack()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// pull takes tasks from the queue while the worker has room for them,
// and hands each to the processor (or, for a WARC, to readWARCs).
func (w *Worker) pull(ctx context.Context, slots chan struct{}, in chan<- Task, warcs chan<- *held) error {
	for ctx.Err() == nil {
		if err := flow.Send(ctx, slots, struct{}{}); err != nil {
			return err
		}
		// One slot is ours; take as many more as are free.
		n := 1
		for n < cap(slots) && len(slots) < cap(slots) {
			slots <- struct{}{}
			n++
		}
		batch, err := fetch(ctx, w.h.workerCons, n)
		if err != nil {
			release(slots, n)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			w.log.Warn("fetch tasks", "err", err)
			if err := sleep(ctx, time.Second); err != nil {
				return err
			}
			continue
		}
		got := 0
		for msg := range batch {
			got++
			if err := w.accept(ctx, msg, slots, in, warcs); err != nil {
				release(slots, n-got)
				return err
			}
		}
		release(slots, n-got)
	}
	return ctx.Err()
}

// fetchWait is how long a fetch waits for a message before asking again.
const fetchWait = 2 * time.Second

// fetch asks c for up to n messages and returns them as they come; the
// channel is closed when the request is over. It takes what is there at
// once and, only when nothing is, waits up to fetchWait for one message:
// a request for n that waited for all n would hold the last few messages
// of a job for the whole wait.
func fetch(ctx context.Context, c jetstream.Consumer, n int) (<-chan jetstream.Msg, error) {
	b, err := c.FetchNoWait(n)
	if err != nil {
		return nil, err
	}
	out := make(chan jetstream.Msg)
	go func() {
		defer close(out)
		if forward(ctx, b, out) > 0 || ctx.Err() != nil {
			return
		}
		fctx, cancel := context.WithTimeout(ctx, fetchWait)
		defer cancel()
		if b, err := c.Fetch(1, jetstream.FetchContext(fctx)); err == nil {
			forward(ctx, b, out)
		}
	}()
	return out, nil
}

// forward hands b's messages to out and says how many there were.
func forward(ctx context.Context, b jetstream.MessageBatch, out chan<- jetstream.Msg) int {
	n := 0
	for m := range b.Messages() {
		n++
		select {
		case out <- m:
		case <-ctx.Done():
			m.Nak() // the reader is gone: hand it back at once
		}
	}
	return n
}

func release(slots chan struct{}, n int) {
	for range n {
		<-slots
	}
}

// accept takes one task message: a task that does not decode is
// terminated, and failed when it names its job and key.
func (w *Worker) accept(ctx context.Context, msg jetstream.Msg, slots chan struct{}, in chan<- Task, warcs chan<- *held) error {
	meta, err := msg.Metadata()
	if err != nil {
		w.log.Warn("task without metadata", "subject", msg.Subject(), "err", err)
		msg.Term()
		<-slots
		return nil
	}
	t, err := decodeTask(msg.Headers(), msg.Data())
	if err != nil {
		w.refuse(ctx, msg, t, err)
		<-slots
		return nil
	}
	h := &held{msg: msg, task: t, delivered: int(meta.NumDelivered)}
	w.hold(t.Job+"."+t.Key, h)
	if t.WARC != "" {
		return flow.Send(ctx, warcs, h)
	}
	return flow.Send(ctx, in, t)
}

// refuse ends a task that cannot be worked: it is terminated so that it
// is never delivered again, and recorded as failed if it says whose it is.
func (w *Worker) refuse(ctx context.Context, msg jetstream.Msg, t Task, cause error) {
	w.log.Warn("bad task", "subject", msg.Subject(), "err", cause)
	if validToken(t.Job) && validToken(t.Key) {
		r := Result{V: version, Job: t.Job, Key: t.Key, Source: t.Source, Status: StatusFailed,
			Reason: ingest.ReasonParse, Error: cause.Error()}
		if w.publish(ctx, r) != nil {
			msg.Nak()
			return
		}
	}
	msg.Term()
}

func (w *Worker) hold(key string, h *held) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.held[key] = h
}

// take removes and returns what the worker held under key.
func (w *Worker) take(key string) *held {
	w.mu.Lock()
	defer w.mu.Unlock()
	h := w.held[key]
	delete(w.held, key)
	return h
}

// holding returns what the worker holds under key, still holding it.
func (w *Worker) holding(key string) *held {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.held[key]
}

// release stops holding h, unless key was taken since.
func (w *Worker) release(key string, h *held) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.held[key] == h {
		delete(w.held, key)
	}
}

// finished is the processor's done: it publishes the result and settles
// the task (or the record's WARC task). A task whose result is on its
// way stays held (heartbeat keeps it from being redelivered, even while
// a full results stream makes it wait) until confirm settles it.
func (w *Worker) finished(ctx context.Context, r Result, slots chan struct{}) error {
	key := r.Job + "." + r.Key
	h := w.holding(key)
	if h == nil {
		w.log.Warn("result for a task not held", "job", r.Job, "key", r.Key, "source", r.Source)
		return nil
	}
	r.V = version
	if h.parent == nil && !(r.Status == StatusFailed && w.opts.Retry(r) && h.delivered < w.maxDeliver) {
		w.settle(ctx, h, r, slots)
		return nil
	}
	w.release(key, h)
	if h.parent != nil {
		err := w.publish(ctx, r)
		if err != nil && ctx.Err() == nil {
			w.log.Warn("publish record result", "source", r.Source, "err", err)
		}
		w.recordDone(ctx, h.parent, err, slots)
		return nil
	}
	h.msg.NakWithDelay(w.retryDelay(h.delivered)) // to be tried again
	<-slots
	return nil
}

// retryDelay spaces the deliveries of a task that keeps failing.
func (w *Worker) retryDelay(delivered int) time.Duration {
	return time.Duration(min(delivered, 12)) * w.opts.Backoff
}

// settle sends a task's result to the results stream without waiting
// for JetStream to store it: confirm waits, and settles the task. The
// processor goes on meanwhile, instead of waiting a round trip per
// result, while the task keeps its slot.
func (w *Worker) settle(ctx context.Context, h *held, r Result, slots chan struct{}) {
	p := published{h: h, r: r}
	if p.m, p.err = w.message(r); p.err == nil {
		// Not sent (too many on their way, say): confirm publishes it.
		p.ack, _ = w.h.js.PublishMsgAsync(p.m, jetstream.WithMsgID(r.Job+"."+r.Key))
	}
	if flow.Send(ctx, w.published, p) != nil {
		<-slots
	}
}

// confirm settles each task whose result settle sent, in turn, until
// the processor is done: once JetStream has stored the result, the task
// is acknowledged (the acknowledgement is not waited for, since a task
// that comes back for want of it gives a second result, which is dropped
// or counted once); if it cannot be stored, the task goes back, at once
// when the worker is stopping.
func (w *Worker) confirm(ctx context.Context, slots chan struct{}) error {
	for p := range w.published {
		err := p.err
		if err == nil {
			err = w.stored(ctx, p)
		}
		switch {
		case err == nil:
			if err := p.h.msg.Ack(); err != nil {
				w.log.Warn("acknowledge task", "source", p.r.Source, "err", err)
			}
			w.mu.Lock()
			w.done++
			w.mu.Unlock()
		case ctx.Err() != nil:
			p.h.msg.Nak()
		default:
			w.log.Warn("publish result", "source", p.r.Source, "err", err)
			p.h.msg.NakWithDelay(w.retryDelay(p.h.delivered))
		}
		w.release(p.r.Job+"."+p.r.Key, p.h)
		<-slots
	}
	return nil
}

// stored waits until JetStream has stored p's result. One it refused
// (its stream full: back-pressure), did not answer for within
// requestTimeout, or that could not be sent is published again, waiting,
// as publish does.
func (w *Worker) stored(ctx context.Context, p published) error {
	if p.ack != nil {
		t := time.NewTimer(requestTimeout)
		defer t.Stop()
		select {
		case <-p.ack.Ok():
			return nil
		case <-p.ack.Err():
		case <-t.C:
		case <-ctx.Done():
			select {
			case <-p.ack.Ok():
				return nil
			default:
				return ctx.Err()
			}
		}
	}
	_, err := publish(ctx, w.h.js, p.m, jetstream.WithMsgID(p.r.Job+"."+p.r.Key))
	return err
}

// publish puts a result on the results stream and waits until JetStream
// holds it.
func (w *Worker) publish(ctx context.Context, r Result) error {
	m, err := w.message(r)
	if err != nil {
		return err
	}
	_, err = publish(ctx, w.h.js, m, jetstream.WithMsgID(r.Job+"."+r.Key))
	return err
}

// message is a result's message. A result too large for the queue is
// sent as failed.
func (w *Worker) message(r Result) (*nats.Msg, error) {
	m, err := encode(resultsPrefix+r.Job, r)
	if errors.Is(err, errTooLarge) {
		r = Result{V: version, Job: r.Job, Key: r.Key, Source: r.Source, Status: StatusFailed,
			Reason: ingest.ReasonTooLarge, Error: err.Error()}
		m, err = encode(resultsPrefix+r.Job, r)
	}
	return m, err
}

// handBack returns every task still held to the queue at once, so that
// another worker need not wait out AckWait.
func (w *Worker) handBack() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, h := range w.held {
		if h.parent == nil {
			h.msg.Nak()
		}
		delete(w.held, k)
	}
	w.h.js.Conn().Flush()
}

// heartbeat keeps the held tasks from being redelivered while they are
// worked (an in-progress acknowledgement every AckWait/3) and tells
// claims jobs that this worker lives and what it holds.
func (w *Worker) heartbeat(ctx context.Context) error {
	every := min(w.ackWait/3, heartbeatTTL/3)
	t := time.NewTicker(every)
	defer t.Stop()
	defer w.h.workers.Delete(context.WithoutCancel(ctx), w.id)
	for {
		w.beat(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (w *Worker) beat(ctx context.Context) {
	info := WorkerInfo{ID: w.id, Started: w.started, Fetchers: w.opts.Fetchers, Extractors: w.opts.Extractors,
		InFlight: map[string]int{}}
	w.mu.Lock()
	for _, h := range w.held {
		if h.parent == nil {
			h.msg.InProgress()
			info.InFlight[h.task.Job]++
		}
	}
	info.Done = w.done
	w.mu.Unlock()
	if b, err := json.Marshal(info); err == nil {
		if _, err := w.h.workers.Put(ctx, w.id, b); err != nil && ctx.Err() == nil {
			w.log.Warn("worker heartbeat", "err", err)
		}
	}
}
