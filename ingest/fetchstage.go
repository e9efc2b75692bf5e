// The fetch stage of a Run: a dispatcher hands jobs to Options.Fetchers
// workers so that hosts take turns. A politeness limit of one request at
// a time per host would otherwise let one slow or rate-limited site hold
// every fetcher while pages of other sites wait behind it in the queue.

package ingest

import (
	"context"
	"github.com/claims-project/claims/ingest/internal/flow"
	nurl "net/url"
	"strings"

	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"
)

// startFetchers starts the dispatcher and the fetch workers, which read
// jobs and write what they fetched to docs, closing it when all are done.
func (r *run) startFetchers(ctx context.Context, g *errgroup.Group, jobs <-chan job, docs chan<- fetched) {
	ready := make(chan job)
	released := make(chan string, r.p.opts.Fetchers)
	dispatched := make(chan struct{})
	g.Go(func() error {
		defer close(dispatched)
		return r.p.dispatch(ctx, jobs, ready, released)
	})
	flow.Stage(g, r.p.opts.Fetchers, func() { close(docs) }, func() error {
		return r.fetchWorker(ctx, ready, released, dispatched, docs)
	})
}

// fetchWorker is one fetcher: it fetches the jobs the dispatcher hands it
// and tells the dispatcher when each job's host is free again.
func (r *run) fetchWorker(ctx context.Context, ready <-chan job, released chan<- string, dispatched <-chan struct{},
	docs chan<- fetched) error {
	for j := range ready {
		d, err := r.p.fetch(ctx, j)
		if h := fetchHost(j); h != "" {
			// The dispatcher may return (every job handed out, or cancelled)
			// with releases it never read still filling the buffer; then
			// nobody needs this one, and sending would block for ever.
			select {
			case released <- h:
			case <-dispatched:
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.fail(j, err)
			continue
		}
		if err := flow.Send(ctx, docs, d); err != nil {
			return err
		}
	}
	return nil
}

// fetchHost is the host a job's request goes to, or "" when the job needs
// no request.
func fetchHost(j job) string {
	if j.url == "" || j.body != nil || j.hasText {
		return ""
	}
	u, err := nurl.Parse(j.url)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// dispatch hands jobs to the fetchers so that hosts take turns: each host
// has at most perHost requests in flight (one, unless the rate limit is
// off), and a host that is busy or waiting for its rate limit does not hold
// up pages of other hosts queued behind it. At most 4×Fetchers jobs wait
// here, so back-pressure still reaches the expander.
func (p *Pipeline) dispatch(ctx context.Context, in <-chan job, out chan<- job, released <-chan string) error {
	defer close(out)
	perHost := 1
	if p.opts.Fetch.PerHost == rate.Inf {
		perHost = p.opts.Fetchers
	}
	maxPending := 4 * p.opts.Fetchers
	q := &hostTurns{perHost: perHost, queues: map[string][]job{}, busy: map[string]int{}}
	for in != nil || q.pending > 0 {
		next, have := q.next()
		var outCh chan<- job
		if have {
			outCh = out
		}
		inCh := in
		if q.pending >= maxPending {
			inCh = nil
		}
		select {
		case j, ok := <-inCh:
			if !ok {
				in = nil
				continue
			}
			q.add(j)
		case outCh <- next.job:
			q.handedOut(next)
		case h := <-released:
			q.release(h)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// hostTurns is the dispatcher's queue: jobs that need no request, which
// go first, and the jobs of each host, hosts served in turn.
type hostTurns struct {
	perHost int
	queues  map[string][]job
	hosts   []string // hosts with queued jobs, in turn order
	direct  []job    // jobs that need no request
	busy    map[string]int
	pending int
	turn    int
}

// turnPick is a job the queue offers, with where it came from.
type turnPick struct {
	job
	host   string // "" for a job that needs no request
	hostAt int
}

func (q *hostTurns) add(j job) {
	q.pending++
	h := fetchHost(j)
	if h == "" {
		q.direct = append(q.direct, j)
		return
	}
	if len(q.queues[h]) == 0 {
		q.hosts = append(q.hosts, h)
	}
	q.queues[h] = append(q.queues[h], j)
}

// next is the job to hand out next: one needing no request, else the
// first queued job of the next host in turn with a free slot.
func (q *hostTurns) next() (turnPick, bool) {
	if len(q.direct) > 0 {
		return turnPick{job: q.direct[0]}, true
	}
	for k := range q.hosts {
		i := (q.turn + k) % len(q.hosts)
		if h := q.hosts[i]; q.busy[h] < q.perHost {
			return turnPick{job: q.queues[h][0], host: h, hostAt: i}, true
		}
	}
	return turnPick{}, false
}

// handedOut takes pick, which a fetcher now has, off the queue, and passes
// the turn to the host after its own.
func (q *hostTurns) handedOut(pick turnPick) {
	q.pending--
	if pick.host == "" {
		q.direct = q.direct[1:]
		return
	}
	h, at := pick.host, pick.hostAt
	q.busy[h]++
	q.queues[h] = q.queues[h][1:]
	q.turn = at + 1
	if len(q.queues[h]) == 0 {
		delete(q.queues, h)
		q.hosts = append(q.hosts[:at], q.hosts[at+1:]...)
		q.turn = at
	}
	if len(q.hosts) > 0 {
		q.turn %= len(q.hosts)
	} else {
		q.turn = 0
	}
}

// release frees the slot of host h that a fetcher held.
func (q *hostTurns) release(h string) { q.busy[h]-- }

// fetch gets a job's bytes: from the web, from disk, or already in hand.
func (p *Pipeline) fetch(ctx context.Context, j job) (fetched, error) {
	d := fetched{job: j, body: j.body, contentType: j.contentType, finalURL: j.url}
	switch {
	case j.hasText || j.body != nil:
		return d, nil
	case j.url != "":
		res, err := p.fetcher.Fetch(ctx, j.url, AcceptHTML)
		if err != nil {
			return d, err
		}
		d.body, d.contentType, d.finalURL = res.Body, res.ContentType, res.URL
		return d, nil
	case j.path != "":
		b, err := readCapped(j.path, p.opts.Fetch.MaxBody)
		if err != nil {
			return d, err
		}
		d.body = b
		return d, nil
	}
	return d, failf(ReasonUnsupported, "%s: nothing to read", j.source)
}
