// WARC tasks: one task per archive, read by the worker that took it, its
// records worked as tasks of their own and the archive's task
// acknowledged once every record's result is stored by JetStream. The
// heartbeat keeps the archive's task in progress meanwhile; a worker that
// dies in the middle leaves it to another, which reads the archive again
// and whose results for records already stored count once.

package queue

import (
	"context"
	"fmt"

	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/ingest/internal/flow"
)

// readWARCs reads each WARC task the puller hands over, one at a time.
func (w *Worker) readWARCs(ctx context.Context, warcs <-chan *held, in chan<- Task, slots chan struct{}) error {
	for p := range warcs {
		if err := w.readWARC(ctx, p, in, slots); err != nil {
			return err
		}
	}
	return nil
}

// readWARC hands the records of one archive to the processor as tasks
// keyed by their place in it, so that a second reading gives the same
// keys.
func (w *Worker) readWARC(ctx context.Context, p *held, in chan<- Task, slots chan struct{}) error {
	var err error
	if w.opts.ReadWARC == nil {
		err = &ingest.Error{Reason: ingest.ReasonUnsupported, Err: fmt.Errorf("%s: this worker reads no WARC files", p.task.WARC)}
	} else {
		n := 0
		err = w.opts.ReadWARC(ctx, p.task.WARC, func(t Task, rerr error) error {
			t.V, t.Job, t.Key = version, p.task.Job, recordKey(p.task.Key, n)
			n++
			w.mu.Lock()
			p.pending++
			p.records = n
			w.held[t.Job+"."+t.Key] = &held{parent: p, task: t}
			w.mu.Unlock()
			if rerr != nil {
				return w.finished(ctx, Result{Job: t.Job, Key: t.Key, Source: t.Source, Status: StatusFailed,
					Reason: ingest.ReasonOf(rerr), Error: rerr.Error()}, slots)
			}
			return flow.Send(ctx, in, t)
		})
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	w.mu.Lock()
	p.expanded, p.readErr = true, err
	ready := p.pending == 0
	w.mu.Unlock()
	if ready {
		w.settleWARC(ctx, p, slots)
	}
	return nil
}

// recordDone counts a record of p as published (or, with err, not) and
// settles p when it was the last.
func (w *Worker) recordDone(ctx context.Context, p *held, err error, slots chan struct{}) {
	w.mu.Lock()
	p.pending--
	if err != nil {
		p.publishErr = err
	}
	ready := p.expanded && p.pending == 0
	w.mu.Unlock()
	if ready {
		w.settleWARC(ctx, p, slots)
	}
}

// settleWARC ends an archive's task: its closing result says how many
// records it held (and why reading stopped, if it failed), and the task
// is acknowledged. A record whose result could not be published, or an
// archive that failed to read for a reason that may pass, sends the task
// back to be read again.
func (w *Worker) settleWARC(ctx context.Context, p *held, slots chan struct{}) {
	w.take(p.task.Job + "." + p.task.Key)
	if ctx.Err() != nil {
		p.msg.Nak()
		<-slots
		return
	}
	r := Result{V: version, Job: p.task.Job, Key: p.task.Key, Source: p.task.Source, Status: StatusExpanded,
		Records: p.records}
	if p.readErr != nil {
		r.Reason, r.Error = ingest.ReasonOf(p.readErr), p.readErr.Error()
	}
	retry := p.publishErr != nil || (p.readErr != nil && w.opts.Retry(Result{Status: StatusFailed, Reason: r.Reason}))
	if retry && p.delivered < w.maxDeliver {
		p.msg.NakWithDelay(w.retryDelay(p.delivered))
		<-slots
		return
	}
	w.settle(ctx, p, r, slots)
}
