package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	nurl "net/url"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"
)

// Sink stores articles with their claims. *store.Store satisfies it
// through a thin adapter in cmd/claims.
type Sink interface {
	// Put stores a with its claims, recording source as where it came from.
	// unchanged reports that the same article with the same claims was
	// already stored, so nothing was written.
	Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (unchanged bool, err error)
	// HasSource reports whether an article from source is already stored.
	HasSource(ctx context.Context, source string) (bool, error)
}

// Extractor finds claims in article text; *extract.Extractor satisfies it.
type Extractor interface {
	Extract(ctx context.Context, text string) ([]claims.Claim, error)
}

// Options configure a Run.
type Options struct {
	// Workers bounds each CPU stage (main text, claims); default GOMAXPROCS.
	Workers int
	// Fetchers bounds requests and file reads in flight; default 8. One
	// host gets one request at a time (all of them when Fetch.PerHost is
	// rate.Inf), so the others serve other hosts meanwhile.
	Fetchers int
	// Refresh re-fetches sources already in the store instead of skipping
	// them.
	Refresh bool
	// Fetch configures the HTTP fetcher; its MaxBody also caps local files.
	Fetch FetchOptions
	// Log receives one line per failed source (and, when Observer is nil,
	// per stored one); nil discards.
	Log *slog.Logger
	// Observer is told of progress; nil ignores it.
	Observer Observer
}

// Observer follows a run as it goes, for a progress bar. Calls are
// serialised.
type Observer interface {
	// Queued is called when a source becomes a job.
	Queued()
	// Done is called once per job when it ends.
	Done(o Outcome)
}

// Status is how a job ended.
type Status int

const (
	Stored Status = iota
	Skipped
	Failed
)

func (s Status) String() string {
	switch s {
	case Stored:
		return "stored"
	case Skipped:
		return "skipped"
	}
	return "failed"
}

// Outcome is how one source ended.
type Outcome struct {
	Source string
	Status Status
	// Reason says why a source was skipped or failed.
	Reason string
	Err    error
	// Article and Claims are set when stored.
	Article claims.Article
	Claims  []claims.Claim
	// Tokens is the article's whitespace-separated word count.
	Tokens int
}

// Skip reasons.
const (
	SkipStored    = "already stored"
	SkipDuplicate = "duplicate in this run"
	SkipUnchanged = "stored before, unchanged"
)

// Pipeline ingests sources into a Sink.
type Pipeline struct {
	opts    Options
	sink    Sink
	ex      Extractor
	fetcher *Fetcher
}

// New returns a pipeline writing to sink with claims from ex.
func New(sink Sink, ex Extractor, opts Options) *Pipeline {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Fetchers <= 0 {
		opts.Fetchers = 8
	}
	opts.Fetch.defaults()
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{opts: opts, sink: sink, ex: ex, fetcher: NewFetcher(opts.Fetch)}
}

// fetched is a job with its bytes in hand.
type fetched struct {
	job
	body        []byte
	contentType string
	finalURL    string
}

// parsed is a job with its article.
type parsed struct {
	job
	article claims.Article
}

// extracted is an article with its claims.
type extracted struct {
	parsed
	claims []claims.Claim
}

// Run ingests every source: URLs, files, directories, feeds, sitemaps,
// WARC files and gold JSON Lines files. It returns the summary of what
// happened, also when cancelled; the error is then the context's. A
// source that fails is never an error of Run: the summary counts it.
func (p *Pipeline) Run(ctx context.Context, sources []string) (*Summary, error) {
	start := time.Now()
	sum := newSummary()
	var mu sync.Mutex
	record := func(o Outcome) {
		mu.Lock()
		defer mu.Unlock()
		sum.add(o)
		switch o.Status {
		case Failed:
			p.opts.Log.Warn("failed", "source", o.Source, "reason", o.Reason, "err", o.Err)
		case Skipped:
			p.opts.Log.Debug("skipped", "source", o.Source, "reason", o.Reason)
		case Stored:
			p.opts.Log.Info("stored", "source", o.Source, "article", o.Article.ID, "claims", len(o.Claims))
		}
		if p.opts.Observer != nil {
			p.opts.Observer.Done(o)
		}
	}
	queued := func() {
		mu.Lock()
		defer mu.Unlock()
		if p.opts.Observer != nil {
			p.opts.Observer.Queued()
		}
	}
	fail := func(j job, err error) {
		record(Outcome{Source: j.source, Status: Failed, Reason: ReasonOf(err), Err: err})
	}

	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job, p.opts.Fetchers)
	docs := make(chan fetched, p.opts.Workers)
	arts := make(chan parsed, p.opts.Workers)
	outs := make(chan extracted, p.opts.Workers)

	// Stage 1: expand sources into jobs, skipping those already stored.
	g.Go(func() error {
		defer close(jobs)
		ex := &expander{
			fetcher: p.fetcher,
			maxBody: p.opts.Fetch.MaxBody,
			fail: func(src string, err error) {
				queued()
				fail(job{source: src}, err)
			},
		}
		// A source named twice (in a feed and a sitemap, say) is read once.
		emitted := map[string]bool{}
		ex.emit = func(j job) error {
			queued()
			if emitted[j.source] {
				record(Outcome{Source: j.source, Status: Skipped, Reason: SkipDuplicate})
				return nil
			}
			emitted[j.source] = true
			if !p.opts.Refresh {
				has, err := p.sink.HasSource(gctx, j.source)
				if err != nil {
					if gctx.Err() != nil {
						return gctx.Err()
					}
					fail(j, &Error{Reason: ReasonStore, Err: fmt.Errorf("look up %s: %w", j.source, err)})
					return nil
				}
				if has {
					record(Outcome{Source: j.source, Status: Skipped, Reason: SkipStored})
					return nil
				}
			}
			select {
			case jobs <- j:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		for _, s := range sources {
			if err := ex.expand(gctx, s); err != nil {
				return err
			}
		}
		return nil
	})

	// Stage 2: fetch pages and read files, hosts taking turns.
	ready := make(chan job)
	released := make(chan string, p.opts.Fetchers)
	dispatched := make(chan struct{})
	g.Go(func() error {
		defer close(dispatched)
		return p.dispatch(gctx, jobs, ready, released)
	})
	stage(g, p.opts.Fetchers, func() { close(docs) }, func() error {
		return p.fetchWorker(gctx, ready, released, dispatched, docs, fail)
	})

	// Stage 3: main text and metadata.
	stage(g, p.opts.Workers, func() { close(arts) }, func() error {
		for d := range docs {
			a, err := p.article(gctx, d)
			if err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				fail(d.job, err)
				continue
			}
			if err := send(gctx, arts, parsed{job: d.job, article: a}); err != nil {
				return err
			}
		}
		return nil
	})

	// Stage 4: claims.
	stage(g, p.opts.Workers, func() { close(outs) }, func() error {
		for a := range arts {
			cs, err := p.ex.Extract(gctx, a.article.Text)
			if err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				fail(a.job, &Error{Reason: ReasonExtract, Err: err})
				continue
			}
			claims.AssignIDs(a.article.ID, cs)
			if err := send(gctx, outs, extracted{parsed: a, claims: cs}); err != nil {
				return err
			}
		}
		return nil
	})

	// Stage 5: store, one writer. An article met twice in one run (the
	// same story from a feed and a sitemap) is stored once.
	g.Go(func() error {
		seen := map[string]bool{}
		for o := range outs {
			if seen[o.article.ID] {
				record(Outcome{Source: o.source, Status: Skipped, Reason: SkipDuplicate})
				continue
			}
			unchanged, err := p.sink.Put(gctx, o.article, o.claims, o.source)
			if err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				fail(o.job, &Error{Reason: ReasonStore, Err: err})
				continue
			}
			seen[o.article.ID] = true
			if unchanged {
				record(Outcome{Source: o.source, Status: Skipped, Reason: SkipUnchanged, Article: o.article})
				continue
			}
			record(Outcome{Source: o.source, Status: Stored, Article: o.article, Claims: o.claims,
				Tokens: countTokens(o.article.Text)})
		}
		return nil
	})

	err := g.Wait()
	mu.Lock()
	sum.Elapsed = time.Since(start)
	mu.Unlock()
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// fetchWorker is one fetcher: it fetches the jobs the dispatcher hands it
// and tells the dispatcher when each job's host is free again.
func (p *Pipeline) fetchWorker(ctx context.Context, ready <-chan job, released chan<- string, dispatched <-chan struct{},
	docs chan<- fetched, fail func(job, error)) error {
	for j := range ready {
		d, err := p.fetch(ctx, j)
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
			fail(j, err)
			continue
		}
		if err := send(ctx, docs, d); err != nil {
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
	queues := map[string][]job{}
	var hosts []string // hosts with queued jobs, in turn order
	var direct []job   // jobs that need no request
	busy := map[string]int{}
	pending, turn := 0, 0
	for {
		if in == nil && pending == 0 {
			return nil
		}
		// The next job: one needing no request, else the first queued job
		// of the next host in turn with a free slot.
		var next job
		var nextHost string
		hostAt := -1
		have := len(direct) > 0
		if have {
			next = direct[0]
		} else {
			for k := range hosts {
				i := (turn + k) % len(hosts)
				if h := hosts[i]; busy[h] < perHost {
					next, nextHost, hostAt, have = queues[h][0], h, i, true
					break
				}
			}
		}
		var outCh chan<- job
		if have {
			outCh = out
		}
		inCh := in
		if pending >= maxPending {
			inCh = nil
		}
		select {
		case j, ok := <-inCh:
			if !ok {
				in = nil
				continue
			}
			pending++
			h := fetchHost(j)
			if h == "" {
				direct = append(direct, j)
				continue
			}
			if len(queues[h]) == 0 {
				hosts = append(hosts, h)
			}
			queues[h] = append(queues[h], j)
		case outCh <- next:
			pending--
			if nextHost == "" {
				direct = direct[1:]
				continue
			}
			busy[nextHost]++
			queues[nextHost] = queues[nextHost][1:]
			turn = hostAt + 1
			if len(queues[nextHost]) == 0 {
				delete(queues, nextHost)
				hosts = append(hosts[:hostAt], hosts[hostAt+1:]...)
				turn = hostAt
			}
			if len(hosts) > 0 {
				turn %= len(hosts)
			} else {
				turn = 0
			}
		case h := <-released:
			busy[h]--
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// stage runs n workers and calls done once all have returned, which is
// how each stage closes its output channel exactly once.
func stage(g *errgroup.Group, n int, done func(), work func() error) {
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		g.Go(func() error {
			defer wg.Done()
			return work()
		})
	}
	g.Go(func() error {
		wg.Wait()
		done()
		return nil
	})
}

func send[T any](ctx context.Context, ch chan<- T, v T) error {
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

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

// article makes the article of a fetched job.
func (p *Pipeline) article(ctx context.Context, d fetched) (claims.Article, error) {
	if d.hasText || (d.path != "" && !isPage(d.path, d.body)) {
		text := d.text
		if !d.hasText {
			if !utf8.Valid(d.body) {
				return claims.Article{}, failf(ReasonParse, "%s is not UTF-8 text", d.path)
			}
			text = string(d.body)
			if t, ok := annotatedText(d.path, d.body); ok {
				text = t
			}
		}
		if strings.TrimSpace(text) == "" {
			return claims.Article{}, failf(ReasonNoText, "%s: empty text", d.source)
		}
		return textArticle(text, d.path), nil
	}
	a, err := ExtractPage(ctx, d.body, d.contentType, d.finalURL)
	if err != nil {
		if errors.Is(err, ErrNoText) {
			return a, &Error{Reason: ReasonNoText, Err: fmt.Errorf("%s: %w", d.source, err)}
		}
		return a, &Error{Reason: ReasonParse, Err: fmt.Errorf("%s: %w", d.source, err)}
	}
	if d.path != "" {
		a.Path = d.path
	}
	return a, nil
}

// isPage decides whether a local file is HTML: by extension, or for other
// names by what the bytes look like.
func isPage(path string, body []byte) bool {
	switch kindOfFile(path) {
	case fileHTML:
		return true
	case fileText:
		return false
	}
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	if strings.HasPrefix(http.DetectContentType(head), "text/html") {
		return true
	}
	l := bytes.ToLower(bytes.TrimSpace(head))
	return bytes.HasPrefix(l, []byte("<!doctype html")) || bytes.HasPrefix(l, []byte("<html"))
}

// countTokens counts whitespace-separated words: a cheap, stable measure
// of how much text went through, not a linguistic token count.
func countTokens(s string) int {
	n := 0
	in := false
	for _, r := range s {
		sp := r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' || r == '\u202f'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
