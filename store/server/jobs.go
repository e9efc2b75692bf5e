package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxJobs is how many jobs the server remembers; the oldest finished one
// is forgotten first.
const maxJobs = 100

// job is one POST /api/ingest.
type job struct {
	id       string
	sources  int
	progress Progress
	started  time.Time
	mu       sync.Mutex
	finished time.Time
	err      error
}

// JobJSON is GET /api/jobs/{id}.
type JobJSON struct {
	ID       string     `json:"id"`
	State    string     `json:"state"` // running, done, failed
	Sources  int        `json:"sources"`
	Queued   int64      `json:"queued"`
	Stored   int64      `json:"stored"`
	Skipped  int64      `json:"skipped"`
	Failed   int64      `json:"failed"`
	Claims   int64      `json:"claims"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished,omitempty"`
	Error    string     `json:"error,omitempty"`
}

func (j *job) json() JobJSON {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := JobJSON{
		ID: j.id, State: "running", Sources: j.sources, Started: j.started,
		Queued: j.progress.Queued.Load(), Stored: j.progress.Stored.Load(), Skipped: j.progress.Skipped.Load(),
		Failed: j.progress.Failed.Load(), Claims: j.progress.Claims.Load(),
	}
	if !j.finished.IsZero() {
		f := j.finished
		out.Finished, out.State = &f, "done"
		if j.err != nil {
			out.State, out.Error = "failed", j.err.Error()
		}
	}
	return out
}

// jobs is the server's ingest jobs, and the context they run under, which
// Close cancels.
type jobs struct {
	mu     sync.Mutex
	next   int
	byID   map[string]*job
	order  []string
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

func newJobs() *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobs{byID: map[string]*job{}, ctx: ctx, cancel: cancel}
}

// start runs sources through in in the background and returns the job.
func (js *jobs) start(in Ingester, sources []string, refresh bool) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.next++
	j := &job{id: "j" + strconv.Itoa(js.next), sources: len(sources), started: time.Now().UTC()}
	js.byID[j.id] = j
	js.order = append(js.order, j.id)
	js.forget()
	js.wg.Add(1)
	go func() {
		defer js.wg.Done()
		err := in.Ingest(js.ctx, sources, refresh, &j.progress)
		j.mu.Lock()
		j.finished, j.err = time.Now().UTC(), err
		j.mu.Unlock()
	}()
	return j
}

// forget drops the oldest finished jobs past maxJobs. Called with mu held.
func (js *jobs) forget() {
	for i := 0; len(js.order) > maxJobs && i < len(js.order); {
		j := js.byID[js.order[i]]
		j.mu.Lock()
		done := !j.finished.IsZero()
		j.mu.Unlock()
		if !done {
			i++
			continue
		}
		delete(js.byID, j.id)
		js.order = append(js.order[:i], js.order[i+1:]...)
	}
}

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

// Close stops every running job and waits for them, so that the store
// can be closed after it.
func (s *Server) Close() error {
	s.jobs.cancel()
	s.jobs.wg.Wait()
	return nil
}

type ingestRequest struct {
	Sources []string `json:"sources"`
	Refresh bool     `json:"refresh"`
}

func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ingester == nil {
		writeError(w, http.StatusNotImplemented, "this server does not ingest")
		return
	}
	var req ingestRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case len(req.Sources) == 0:
		s.fail(w, r, badRequest(`no sources: want {"sources": ["URL or path", ...]}`))
		return
	case len(req.Sources) > maxSources:
		s.fail(w, r, badRequest("%d sources: at most %d in one job", len(req.Sources), maxSources))
		return
	}
	if err := s.jobs.ctx.Err(); err != nil {
		s.fail(w, r, fmt.Errorf("server is stopping: %w", errors.New("no new jobs")))
		return
	}
	j := s.jobs.start(s.opts.Ingester, req.Sources, req.Refresh)
	w.Header().Set("Location", "/api/jobs/"+j.id)
	writeJSON(w, http.StatusAccepted, j.json())
}

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		writeError(w, http.StatusNotFound, "no job "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, j.json())
}
