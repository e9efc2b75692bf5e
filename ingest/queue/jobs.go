// Jobs as claims jobs shows them and claims ingest --wait follows them:
// read from the job records, the Done records, the work queue and the
// workers' heartbeats, never from the store.

package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest"
)

// WorkerInfo is a live worker's heartbeat (claims_workers).
type WorkerInfo struct {
	ID         string         `json:"id"`
	Started    time.Time      `json:"started"`
	Fetchers   int            `json:"fetchers,omitempty"`
	Extractors int            `json:"extractors,omitempty"`
	InFlight   map[string]int `json:"in_flight,omitempty"`
	Done       int            `json:"done"`
}

// JobStatus is a job as claims jobs shows it.
type JobStatus struct {
	JobInfo
	// Finished counts the job's Done records: sources and WARC records
	// that ended, stored, skipped or failed.
	Finished int
	// Failed counts those that failed (the failed list).
	Failed int
	// Waiting counts the job's tasks still on the work queue, held by a
	// worker or not.
	Waiting int
	// InFlight counts the tasks live workers hold now.
	InFlight int
}

// Queued is how many of the job's tasks no worker holds yet.
func (s JobStatus) Queued() int { return max(s.Waiting-s.InFlight, 0) }

// Complete reports whether every source of the job has ended.
func (s JobStatus) Complete() bool { return s.JobInfo.Complete(s.Finished) }

// Status returns the jobs on record, oldest first, and the live workers.
func Status(ctx context.Context, js jetstream.JetStream) ([]JobStatus, []WorkerInfo, error) {
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, nil, err
	}
	workers, err := liveWorkers(ctx, h)
	if err != nil {
		return nil, nil, err
	}
	ids, err := keys(ctx, h.jobs)
	if err != nil {
		return nil, nil, err
	}
	si, err := h.tasks.Info(ctx, jetstream.WithSubjectFilter(tasksPrefix+">"))
	if err != nil {
		return nil, nil, fmt.Errorf("work queue: %w", err)
	}
	var out []JobStatus
	for _, id := range ids {
		s, err := jobStatus(ctx, h, id)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue // expired since it was listed
		}
		if err != nil {
			return nil, nil, err
		}
		s.Waiting = int(si.State.Subjects[tasksPrefix+id])
		for _, w := range workers {
			s.InFlight += w.InFlight[id]
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, workers, nil
}

// jobStatus reads one job's record and counts its Done records.
func jobStatus(ctx context.Context, h *handles, id string) (JobStatus, error) {
	var s JobStatus
	e, err := h.jobs.Get(ctx, id)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(e.Value(), &s.JobInfo); err != nil {
		return s, fmt.Errorf("job %s: record: %w", id, err)
	}
	if s.Finished, err = countKeys(ctx, h.js, DoneBucket, id); err != nil {
		return s, err
	}
	if s.Failed, err = countKeys(ctx, h.js, FailedBucket, id); err != nil {
		return s, err
	}
	return s, nil
}

func keys(ctx context.Context, kv jetstream.KeyValue) ([]string, error) {
	l, err := kv.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kv.Bucket(), err)
	}
	var out []string
	for k := range l.Keys() {
		out = append(out, k)
	}
	return out, nil
}

func liveWorkers(ctx context.Context, h *handles) ([]WorkerInfo, error) {
	ids, err := keys(ctx, h.workers)
	if err != nil {
		return nil, err
	}
	var out []WorkerInfo
	for _, id := range ids {
		e, err := h.workers.Get(ctx, id)
		if err != nil {
			continue // gone since it was listed
		}
		var w WorkerInfo
		if json.Unmarshal(e.Value(), &w) == nil {
			out = append(out, w)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// countKeys counts the keys of a job in a bucket without reading them:
// the pending count of a throw-away consumer filtered to the job's keys.
func countKeys(ctx context.Context, js jetstream.JetStream, bucket, job string) (int, error) {
	c, err := js.CreateConsumer(ctx, "KV_"+bucket, jetstream.ConsumerConfig{
		FilterSubject: "$KV." + bucket + "." + job + ".*", AckPolicy: jetstream.AckNonePolicy,
		DeliverPolicy: jetstream.DeliverLastPerSubjectPolicy, HeadersOnly: true, MemoryStorage: true,
		InactiveThreshold: 10 * time.Second,
	})
	if err != nil {
		return 0, fmt.Errorf("count %s of job %s: %w", bucket, job, err)
	}
	info := c.CachedInfo()
	js.DeleteConsumer(context.WithoutCancel(ctx), "KV_"+bucket, info.Name)
	return int(info.NumPending), nil
}

// Failed lists a job's failed sources with their last error.
func Failed(ctx context.Context, js jetstream.JetStream, job string) ([]Done, error) {
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, err
	}
	var out []Done
	err = each(ctx, h.failed, job, func(_ string, d Done) bool {
		out = append(out, d)
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, err
}

// each calls fn with every Done record of job in kv until fn returns
// false, then stops.
func each(ctx context.Context, kv jetstream.KeyValue, job string, fn func(key string, d Done) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := kv.Watch(ctx, job+".*")
	if err != nil {
		return fmt.Errorf("read %s of job %s: %w", kv.Bucket(), job, err)
	}
	defer w.Stop()
	for e := range w.Updates() {
		if e == nil {
			return nil
		}
		var d Done
		if json.Unmarshal(e.Value(), &d) != nil {
			continue
		}
		if !fn(e.Key(), d) {
			return nil
		}
	}
	return ctx.Err()
}

// Wait follows job until every source has ended, calling progress (if
// set) with each Done as it comes, and returns the job's summary as
// claims ingest prints it. Elapsed is from the job's creation.
//
// It watches the job's records; a watch that has been silent for
// rewatchAfter is started again (it replays what it had, which the
// follower counts once), because a watch whose server stopped in a
// cluster may never resume.
func Wait(ctx context.Context, js jetstream.JetStream, job string, progress func(Done)) (*ingest.Summary, error) {
	h, err := lookup(ctx, js)
	if err != nil {
		return nil, err
	}
	f := newFollower()
	var info JobInfo
	for !info.Complete(f.n) {
		if err := follow(ctx, h, job, f, &info, progress); err != nil {
			return f.summary(info), err
		}
	}
	return f.summary(info), nil
}

// rewatchAfter is how long Wait waits for news before watching again.
const rewatchAfter = 5 * time.Second

// follow watches job's records into f and info until the job is
// complete or the watches have been silent for rewatchAfter.
func follow(ctx context.Context, h *handles, job string, f *follower, info *JobInfo, progress func(Done)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jw, err := h.jobs.Watch(ctx, job)
	if err != nil {
		return fmt.Errorf("follow job %s: %w", job, err)
	}
	defer jw.Stop()
	dw, err := h.done.Watch(ctx, job+".*")
	if err != nil {
		return fmt.Errorf("follow job %s: %w", job, err)
	}
	defer dw.Stop()
	quiet := time.NewTimer(rewatchAfter)
	defer quiet.Stop()
	for !info.Complete(f.n) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-quiet.C:
			return nil
		case e := <-jw.Updates():
			if e != nil && json.Unmarshal(e.Value(), info) != nil {
				return fmt.Errorf("job %s: unreadable record", job)
			}
		case e := <-dw.Updates():
			if e == nil {
				continue
			}
			var d Done
			if json.Unmarshal(e.Value(), &d) == nil && f.add(e.Key(), d) && progress != nil {
				progress(d)
			}
		}
		quiet.Reset(rewatchAfter)
	}
	return nil
}

// follower builds a job's summary from its Done records.
type follower struct {
	seen map[string]bool
	n    int
	sum  *ingest.Summary
	last time.Time
	dups int // duplicates already counted in sum
}

func newFollower() *follower {
	return &follower{seen: map[string]bool{}, sum: &ingest.Summary{
		SkippedBy: map[string]int{}, FailedBy: map[string]int{},
		ClaimsByKind: map[claims.Kind]int{}, Speakers: map[string]int{},
	}}
}

// add counts d, once per key; it reports whether d was new.
func (f *follower) add(key string, d Done) bool {
	if f.seen[key] {
		return false
	}
	f.seen[key] = true
	f.n++
	s := f.sum
	switch d.Status {
	case StatusStored:
		s.Stored++
		s.Claims += d.Claims
		s.Tokens += d.Tokens
		for k, n := range d.Kinds {
			s.ClaimsByKind[k] += n
		}
		for name, n := range d.Speakers {
			s.Speakers[name] += n
		}
		if d.At.After(f.last) {
			f.last = d.At
		}
	case StatusSkipped:
		s.Skipped++
		s.SkippedBy[d.Reason]++
	case StatusFailed:
		s.Failed++
		s.FailedBy[strings.TrimSpace(d.Reason)]++
	}
	return true
}

// SkipQueued is the skip reason of a source JetStream dropped as already
// on the queue (enqueued twice within the duplicate window).
const SkipQueued = "already queued"

func (f *follower) summary(info JobInfo) *ingest.Summary {
	if info.Duplicates > 0 {
		f.sum.SkippedBy[SkipQueued] = info.Duplicates
		f.sum.Skipped = f.sum.Skipped - f.dups + info.Duplicates
		f.dups = info.Duplicates
	}
	if !info.Created.IsZero() {
		f.sum.Elapsed = time.Since(info.Created)
		if f.last.After(info.Created) {
			// As the local pipeline measures: up to the last article stored.
			f.sum.Work = f.last.Sub(info.Created)
		}
	}
	return f.sum
}
