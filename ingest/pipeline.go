// The pipeline: Options, New and Run. Run's stages are methods of run,
// the state they share, each reading one bounded channel and writing the
// next, so that a slow stage holds the ones before it back instead of
// letting work pile up in memory.

package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest/internal/flow"
	"golang.org/x/sync/errgroup"
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
	// CheckpointEvery is how many articles written pass between two
	// checkpoints of a Sink that is a Checkpointer; 0 means
	// DefaultCheckpointEvery (500), negative never.
	CheckpointEvery int
	// MemoryLimit is the soft limit on the Go heap while Run runs, unless
	// $GOMEMLIMIT is set (see LimitMemory); 0 means DefaultMemoryLimit
	// (128 MiB), negative leaves the limit as it is.
	MemoryLimit int64
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
	// Article and Claims are set when stored; Claims is nil for an article
	// stored as a stream (StreamAbove), whose claims Counts counts.
	Article claims.Article
	Claims  []claims.Claim
	Counts  *ClaimCounts
	// Tokens is the article's whitespace-separated word count.
	Tokens int
}

// Skip reasons.
const (
	SkipStored    = "already stored"
	SkipDuplicate = "duplicate in this run"
	SkipUnchanged = "stored before, unchanged"
	// SkipGoldPage: an HTML page that a gold file in the same directory
	// names as the page of one of its articles, which is read from the
	// gold line.
	SkipGoldPage = "page of a gold article"
	// SkipRobots: the site's robots.txt asks us not to fetch the page; a
	// page a site keeps from crawlers is not a failure of the run.
	SkipRobots = ReasonRobots
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
	if opts.CheckpointEvery == 0 {
		opts.CheckpointEvery = DefaultCheckpointEvery
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultMemoryLimit
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

// extracted is an article with its claims, or an article to be
// extracted as it is stored (stream).
type extracted struct {
	parsed
	claims []claims.Claim
	stream bool
	counts *ClaimCounts
}

// Run ingests every source: URLs, files, directories, feeds, sitemaps,
// WARC files and gold JSON Lines files. It returns the summary of what
// happened, also when cancelled; the error is then the context's. A
// source that fails is never an error of Run: the summary counts it.
// While it runs, the Go heap has Options.MemoryLimit as its soft limit.
func (p *Pipeline) Run(ctx context.Context, sources []string) (*Summary, error) {
	start := time.Now()
	defer LimitMemory(p.opts.MemoryLimit)()
	r := &run{p: p, sum: newSummary(), start: start}
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job, p.opts.Fetchers)
	docs := make(chan fetched, p.opts.Workers)
	arts := make(chan parsed, p.opts.Workers)
	outs := make(chan extracted, p.opts.Workers)

	// Stage 1: expand sources into jobs, skipping those already stored.
	g.Go(func() error {
		defer close(jobs)
		return r.expandSources(gctx, sources, jobs)
	})
	// Stage 2: fetch pages and read files, hosts taking turns.
	r.startFetchers(gctx, g, jobs, docs)
	// Stage 3: main text and metadata.
	flow.Stage(g, p.opts.Workers, func() { close(arts) }, func() error { return r.readArticles(gctx, docs, arts) })
	// Stage 4: claims.
	flow.Stage(g, p.opts.Workers, func() { close(outs) }, func() error { return r.findClaims(gctx, arts, outs) })
	// Stage 5: store, one writer.
	g.Go(func() error { return r.storeArticles(gctx, outs) })

	err := g.Wait()
	r.mu.Lock()
	r.sum.Elapsed = time.Since(start)
	r.mu.Unlock()
	if err == nil {
		err = ctx.Err()
	}
	return r.sum, err
}

// run is the state one Run shares between its stages: the summary every
// outcome is recorded in, and the Observer, whose calls it serialises.
type run struct {
	p     *Pipeline
	mu    sync.Mutex
	sum   *Summary
	start time.Time
}

// record ends a job: it is counted, logged and shown to the Observer.
func (r *run) record(o Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.add(o, time.Since(r.start))
	switch o.Status {
	case Failed:
		r.p.opts.Log.Warn("failed", "source", o.Source, "reason", o.Reason, "err", o.Err)
	case Skipped:
		r.p.opts.Log.Debug("skipped", "source", o.Source, "reason", o.Reason)
	case Stored:
		r.p.opts.Log.Info("stored", "source", o.Source, "article", o.Article.ID, "claims", o.NumClaims())
	}
	if r.p.opts.Observer != nil {
		r.p.opts.Observer.Done(o)
	}
}

func (r *run) queued() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.p.opts.Observer != nil {
		r.p.opts.Observer.Queued()
	}
}

// fail ends a job that gave no article: failed, or skipped when the
// site's robots.txt disallows the page.
func (r *run) fail(j job, err error) {
	if reason := ReasonOf(err); reason == ReasonRobots {
		r.record(Outcome{Source: j.source, Status: Skipped, Reason: SkipRobots, Err: err})
		return
	}
	r.record(Outcome{Source: j.source, Status: Failed, Reason: ReasonOf(err), Err: err})
}

// expandSources turns the sources into jobs on out. A source named twice
// (in a feed and a sitemap, say) is read once.
func (r *run) expandSources(ctx context.Context, sources []string, out chan<- job) error {
	ex := &expander{
		fetcher: r.p.fetcher,
		maxBody: r.p.opts.Fetch.MaxBody,
		fail: func(src string, err error) {
			r.queued()
			r.fail(job{source: src}, err)
		},
		skip: func(src, reason string) {
			r.queued()
			r.record(Outcome{Source: src, Status: Skipped, Reason: reason})
		},
	}
	emitted := map[string]bool{}
	ex.emit = func(j job) error {
		r.queued()
		if emitted[j.source] {
			r.record(Outcome{Source: j.source, Status: Skipped, Reason: SkipDuplicate})
			return nil
		}
		emitted[j.source] = true
		if done, err := r.alreadyStored(ctx, j); done || err != nil {
			return err
		}
		return flow.Send(ctx, out, j)
	}
	for _, s := range sources {
		if err := ex.expand(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// alreadyStored reports whether j ends before it is fetched: skipped as
// stored (unless Options.Refresh), or failed because the store could not
// say. err is the run's cancellation.
func (r *run) alreadyStored(ctx context.Context, j job) (done bool, err error) {
	if r.p.opts.Refresh {
		return false, nil
	}
	has, err := r.p.sink.HasSource(ctx, j.source)
	if err != nil {
		if ctx.Err() != nil {
			return true, ctx.Err()
		}
		r.fail(j, &Error{Reason: ReasonStore, Err: fmt.Errorf("look up %s: %w", j.source, err)})
		return true, nil
	}
	if has {
		r.record(Outcome{Source: j.source, Status: Skipped, Reason: SkipStored})
	}
	return has, nil
}

// readArticles makes the article of each fetched job: its main text and
// metadata.
func (r *run) readArticles(ctx context.Context, in <-chan fetched, out chan<- parsed) error {
	for d := range in {
		a, err := r.p.article(ctx, d)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.fail(d.job, err)
			continue
		}
		if err := flow.Send(ctx, out, parsed{job: d.job, article: a}); err != nil {
			return err
		}
	}
	return nil
}

// findClaims finds the claims of each article and gives them their ids.
func (r *run) findClaims(ctx context.Context, in <-chan parsed, out chan<- extracted) error {
	for a := range in {
		if r.p.streams(a.article.Text) {
			if err := flow.Send(ctx, out, extracted{parsed: a, stream: true}); err != nil {
				return err
			}
			continue
		}
		cs, err := r.p.ex.Extract(ctx, a.article.Text)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.fail(a.job, &Error{Reason: ReasonExtract, Err: err})
			continue
		}
		claims.AssignIDs(a.article.ID, cs)
		if err := flow.Send(ctx, out, extracted{parsed: a, claims: cs}); err != nil {
			return err
		}
	}
	return nil
}

// article makes the article of a fetched job.
func (p *Pipeline) article(ctx context.Context, d fetched) (claims.Article, error) {
	if d.hasText || (d.path != "" && !isPage(d.path, d.body)) {
		text := d.text
		if !d.hasText {
			var err error
			if text, err = PlainText(d.path, d.body); err != nil {
				return claims.Article{}, err
			}
			if t, ok := annotatedText(d.path, d.body); ok {
				text = t
			}
		}
		if strings.TrimSpace(text) == "" {
			return claims.Article{}, failf(ReasonNoText, "%s: empty text", d.source)
		}
		a := textArticle(text)
		setPath(&a, d.path)
		return a, nil
	}
	a, err := ExtractPage(ctx, d.body, d.contentType, d.finalURL)
	if err != nil {
		if errors.Is(err, ErrNoText) {
			return a, &Error{Reason: ReasonNoText, Err: fmt.Errorf("%s: %w", d.source, err)}
		}
		return a, &Error{Reason: ReasonParse, Err: fmt.Errorf("%s: %w", d.source, err)}
	}
	setPath(&a, d.path)
	return a, nil
}

// setPath records where a local article was read: its absolute path,
// which leads to the file from any directory, and the path as the user
// gave it when that differs. Articles from the web have neither.
func setPath(a *claims.Article, given string) {
	if given == "" {
		return
	}
	a.Path = fileSource(given)
	if a.Path != given {
		a.PathAsGiven = given
	}
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

// CountTokens counts whitespace-separated words: a cheap, stable measure
// of how much text went through, not a linguistic token count. The
// summaries of ingest and of the JetStream writer (ingest/queue) count by it.
func CountTokens(s string) int {
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
