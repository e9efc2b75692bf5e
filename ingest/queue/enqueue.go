// The enqueuer: a job's sources onto the work queue, and the job's record.

package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Enqueuer puts one job's sources on the work queue. Its methods are not
// safe for concurrent use.
type Enqueuer struct {
	h    *handles
	info JobInfo
	// saved is when the job's record was last written, so that a long
	// enqueue shows its progress to claims jobs.
	saved time.Time
}

// NewJob starts a job with a new id and writes its record.
func NewJob(ctx context.Context, js jetstream.JetStream) (*Enqueuer, error) {
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, err
	}
	e := &Enqueuer{h: h, info: JobInfo{ID: newJobID(time.Now()), Created: time.Now().UTC()}}
	if err := e.save(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// newJobID is a job id: its start time, so that ids sort by it, and
// random bits, so that two enqueuers never share one.
func newJobID(now time.Time) string {
	var b [4]byte
	rand.Read(b[:])
	return "j" + now.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:])
}

// Job is the job's id.
func (e *Enqueuer) Job() string { return e.info.ID }

// Info is the job's record as this enqueuer knows it.
func (e *Enqueuer) Info() JobInfo { return e.info }

// Add enqueues t as a source of the job (its Job, Key and V are set
// here; Key from the source unless set). It waits while the queue is
// full. dup reports that JetStream dropped it as already queued within
// the duplicate window: it is not part of the job.
func (e *Enqueuer) Add(ctx context.Context, t Task) (dup bool, err error) {
	t.V, t.Job = version, e.info.ID
	if t.Key == "" {
		t.Key = SourceKey(t.Source)
	}
	m, err := encode(tasksPrefix+t.Job, t)
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", t.Source, err)
	}
	ack, err := publish(ctx, e.h.js, m, jetstream.WithMsgID(t.Key))
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", t.Source, err)
	}
	switch {
	case ack.Duplicate:
		e.info.Duplicates++
	case t.WARC != "":
		e.info.WARCs++
		e.info.Sources++
	default:
		e.info.Sources++
	}
	return ack.Duplicate, e.saveEvery(ctx)
}

// Fail records a source that failed before it could be enqueued (a file
// that cannot be read, a feed that cannot be fetched): it ends the job
// as failed with err, as if a worker had failed it.
func (e *Enqueuer) Fail(ctx context.Context, source, reason string, cause error) error {
	return e.end(ctx, source, StatusFailed, reason, cause)
}

// Skip records a source passed over on purpose before it was enqueued.
func (e *Enqueuer) Skip(ctx context.Context, source, reason string) error {
	return e.end(ctx, source, StatusSkipped, reason, nil)
}

func (e *Enqueuer) end(ctx context.Context, source, status, reason string, cause error) error {
	d := Done{Source: source, Status: status, Reason: reason, At: time.Now().UTC()}
	if cause != nil {
		d.Error = cause.Error()
	}
	created, err := finish(ctx, e.h, e.info.ID, SourceKey(source), d)
	if err != nil {
		return fmt.Errorf("record %s source %s: %w", status, source, err)
	}
	if created {
		e.info.Sources++
	}
	return e.saveEvery(ctx)
}

// Close marks the job as fully enqueued: it is complete once every
// source has its Done.
func (e *Enqueuer) Close(ctx context.Context) error {
	e.info.Closed = true
	return e.save(ctx)
}

func (e *Enqueuer) saveEvery(ctx context.Context) error {
	if time.Since(e.saved) < time.Second {
		return nil
	}
	return e.save(ctx)
}

// save writes the enqueuer's counts into the job's record, keeping what
// the writer adds there (WARC record counts).
func (e *Enqueuer) save(ctx context.Context) error {
	e.saved = time.Now()
	return updateJob(ctx, e.h.jobs, e.info.ID, func(j *JobInfo) {
		records := j.Records
		*j = e.info
		j.Records = records
	})
}

// updateJob applies change to a job's record with compare-and-swap, so
// that the enqueuer's and the writer's changes never overwrite each other.
func updateJob(ctx context.Context, kv jetstream.KeyValue, id string, change func(*JobInfo)) error {
	for {
		var j JobInfo
		var rev uint64
		e, err := kv.Get(ctx, id)
		switch {
		case err == nil:
			if err := json.Unmarshal(e.Value(), &j); err != nil {
				return fmt.Errorf("job %s: record: %w", id, err)
			}
			rev = e.Revision()
		case errors.Is(err, jetstream.ErrKeyNotFound):
			j.ID = id
		default:
			return fmt.Errorf("job %s: read record: %w", id, err)
		}
		change(&j)
		b, err := json.Marshal(j)
		if err != nil {
			return fmt.Errorf("job %s: %w", id, err)
		}
		if rev == 0 {
			_, err = kv.Create(ctx, id, b)
		} else {
			_, err = kv.Update(ctx, id, b, rev)
		}
		if err == nil {
			return nil
		}
		if !isConflict(err) {
			return fmt.Errorf("job %s: write record: %w", id, err)
		}
	}
}

// isConflict reports a lost compare-and-swap: the key was created, or
// changed, since it was read. (One server and a cluster say it with
// different codes.)
func isConflict(err error) bool {
	return errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch)
}

// finish records the end of a source, once: created is false when it was
// already recorded (a second result for it). A failed source goes on the
// failed list first, so that whoever sees the job complete finds it
// there; when an earlier end that was not a failure stands, that entry is
// taken back.
func finish(ctx context.Context, h *handles, job, key string, d Done) (created bool, err error) {
	b, err := json.Marshal(d)
	if err != nil {
		return false, err
	}
	k := job + "." + key
	if d.Status == StatusFailed {
		if _, err := h.failed.Put(ctx, k, b); err != nil {
			return false, fmt.Errorf("write failed record %s: %w", k, err)
		}
	}
	_, err = h.done.Create(ctx, k, b)
	switch {
	case err == nil:
		return true, nil
	case !isConflict(err):
		return false, fmt.Errorf("write done record %s: %w", k, err)
	}
	prev, err := h.done.Get(ctx, k)
	if err != nil {
		return false, fmt.Errorf("read done record %s: %w", k, err)
	}
	var was Done
	if json.Unmarshal(prev.Value(), &was) != nil {
		return false, nil
	}
	switch {
	case was.Status == StatusFailed:
		// A crash between the two writes of the first end loses nothing.
		if _, err := h.failed.Put(ctx, k, prev.Value()); err != nil {
			return false, fmt.Errorf("write failed record %s: %w", k, err)
		}
	case d.Status == StatusFailed:
		if err := h.failed.Delete(ctx, k); err != nil {
			return false, fmt.Errorf("take back failed record %s: %w", k, err)
		}
	}
	return false, nil
}

// requestTimeout bounds one request to JetStream (a publish, a
// key-value write) before it is tried again.
const requestTimeout = 5 * time.Second

// publish publishes m and waits for JetStream to store it, waiting and
// trying again while the stream is full or has no leader: that wait is
// the queue's back-pressure.
func publish(ctx context.Context, js jetstream.JetStream, m *nats.Msg, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error) {
	wait := 50 * time.Millisecond
	for {
		// Each attempt has its own deadline: a request sent as a cluster's
		// leader moves may never be answered, and the message id makes
		// sending it again safe.
		actx, cancel := context.WithTimeout(ctx, requestTimeout)
		ack, err := js.PublishMsg(actx, m, opts...)
		cancel()
		if err == nil || !isTemporary(err) || ctx.Err() != nil {
			if err != nil && ctx.Err() != nil {
				err = ctx.Err()
			}
			return ack, err
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
