package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/time/rate"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
)

// ingestFlags are the options of `claims ingest`.
type ingestFlags struct {
	urls           string
	workers        int
	fetchers       int
	refresh        bool
	perHost        float64
	timeout        time.Duration
	sourceTimeout  time.Duration
	connectTimeout time.Duration
	maxBody        int64
	retries        int
	maxRedirects   int
	progress       string
	scope          string
	nats           string
	wait           bool
}

// addFetchFlags registers the flags of how sources are fetched and read,
// which claims ingest and claims worker share; rate says what --rate
// limits.
func (f *ingestFlags) addFetchFlags(fl *pflag.FlagSet, rate string) {
	fl.Float64Var(&f.perHost, "rate", 1, rate)
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "time limit for one request, body included")
	fl.DurationVar(&f.sourceTimeout, "source-timeout", ingest.DefaultSourceTimeout, "time limit for one source from its first request, retries and redirects included")
	fl.DurationVar(&f.connectTimeout, "connect-timeout", 10*time.Second, "time limit to connect to a host")
	fl.Int64Var(&f.maxBody, "max-body", ingest.DefaultMaxBody, "largest page or file in bytes; larger ones fail as too large")
	fl.IntVar(&f.retries, "retries", 3, "retries after a 429, 5xx or timeout")
	fl.IntVar(&f.maxRedirects, "max-redirects", 10, "redirects followed before giving up")
	fl.StringVar(&f.scope, "scope", "speech", "which attributions count: speech (statements) or all (beliefs and positions too)")
}

func newIngestCmd() *cobra.Command {
	var f ingestFlags
	cmd := &cobra.Command{
		Use:   "ingest [flags] SOURCE... | --urls FILE|-",
		Short: "Fetch or read articles, find their claims and store them",
		Long: `ingest fills the store. Each SOURCE is one of:

  http(s) URL        a page, or a feed or sitemap (recognised by its name or
                     content: RSS, Atom, sitemap, sitemap index, .xml.gz)
  file.html, .htm    a saved page: main text extracted as for a URL
  file.txt           plain text, read as it is (a corpus source file,
                     corpus/src/*.txt, is read without its [[..]] marks)
  file.jsonl         a gold file: each line's "id" and "text" is an article
  file.warc[.gz]     a web archive (CC-NEWS layout): every HTTP 200 text/html
                     response is a page
  file.xml/.rss      a feed or sitemap on disk; its links are fetched
  directory          every file above inside it, recursively

Fetching is polite: robots.txt is obeyed (a page it disallows is skipped),
each host gets one request at a time and at most --rate requests per second
(or its Crawl-delay), bodies over --max-body are refused, and 429/5xx are
retried with backoff honouring Retry-After, a timeout once. One source gets
--source-timeout from its first request, retries included. While one host
waits its turn, --fetchers requests go to others. Sources already in the
store are skipped without a request unless --refresh; an article met twice
in one run is stored once.

A progress bar is drawn when stderr is a terminal; otherwise one log line per
source goes to stderr. A summary goes to stdout at the end: articles stored,
skipped and failed by reason, claims by kind, top speakers, throughput
(tokens are whitespace-separated words), measured up to the last article
stored. Ctrl-C or SIGTERM stops cleanly; what was stored stays stored.

Exit status: 0 when every source worked, 1 when some failed (or on Ctrl-C),
2 for bad usage.`,
		Example: `  # the bundled corpus: its 41 labelled articles, from the gold file or from
  # the directory (where each is read once: the sources and pages it was
  # made from are passed over)
  claims ingest corpus/gold.jsonl
  claims ingest corpus/
  # saved pages and a news sitemap
  claims ingest ~/saved-pages/ https://news.example.com/news-sitemap.xml.gz
  # a list of URLs on standard input, re-fetching what is stored
  grep -h https urls/*.txt | claims ingest --urls - --refresh
  # a CC-NEWS archive with more fetch and CPU workers
  claims ingest --workers 4 CC-NEWS-20250520.warc.gz`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIngest(cmd, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.urls, "urls", "", "read more sources, one per line, from `FILE` (\"-\" for standard input)")
	fl.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "workers for each CPU stage (main text, claims)")
	fl.IntVar(&f.fetchers, "fetchers", 8, "requests and file reads in flight at once")
	fl.BoolVar(&f.refresh, "refresh", false, "fetch and store again sources already in the store")
	f.addFetchFlags(fl, "requests per second to any one host")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (when stderr is a terminal), always or never")
	fl.StringVar(&f.nats, "nats", "", "enqueue the sources as a job for claims workers on the JetStream server at `URL` instead of working on them here")
	fl.BoolVar(&f.wait, "wait", false, "with --nats, follow the job until every source is stored or failed, then print the summary")
	return cmd
}

func (f ingestFlags) validate() error {
	if _, err := extract.ParseScope(f.scope); err != nil {
		return fmt.Errorf("--scope: %w", err)
	}
	switch {
	case f.workers < 1:
		return fmt.Errorf("--workers %d: need at least 1", f.workers)
	case f.fetchers < 1:
		return fmt.Errorf("--fetchers %d: need at least 1", f.fetchers)
	case f.perHost <= 0:
		return fmt.Errorf("--rate %g: need a positive number of requests per second", f.perHost)
	case f.timeout <= 0 || f.connectTimeout <= 0 || f.sourceTimeout <= 0:
		return errors.New("--timeout, --source-timeout and --connect-timeout must be positive")
	case f.maxBody < 1:
		return fmt.Errorf("--max-body %d: need a positive size", f.maxBody)
	case f.retries < 0:
		return fmt.Errorf("--retries %d: cannot be negative", f.retries)
	case f.maxRedirects < 0:
		return fmt.Errorf("--max-redirects %d: cannot be negative", f.maxRedirects)
	}
	switch f.progress {
	case "auto", "always", "never":
	default:
		return fmt.Errorf("--progress %q: want auto, always or never", f.progress)
	}
	return nil
}

func runIngest(cmd *cobra.Command, f ingestFlags, args []string) (err error) {
	if err := f.validate(); err != nil {
		return usageError{err}
	}
	sources, err := ingestSources(cmd, f.urls, args)
	if err != nil {
		return err
	}
	if f.nats != "" {
		return runIngestQueue(cmd, f, sources)
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	opts := f.options()
	// Run limits the heap while it runs; limiting it already covers
	// opening the store and loading the extractor too.
	defer ingest.LimitMemory(opts.MemoryLimit)()
	sink, dir, err := openSink(cmd)
	if err != nil {
		return err
	}
	defer func() {
		// Close syncs and reclaims space; a failure there is worth
		// knowing even after a successful run.
		if cerr := sink.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close store %s: %w", dir, cerr)
		}
	}()
	scope, _ := extract.ParseScope(f.scope) // checked by validate
	ex, err := extract.New(extract.WithScope(scope))
	if err != nil {
		return fmt.Errorf("load extractor: %w", err)
	}

	log, bar := ingestLog(ctx, cmd.ErrOrStderr(), f.progress)
	opts.Log = log
	if bar != nil {
		opts.Observer = bar
	}
	log.Info("ingest", "sources", len(sources), "store", dir, "workers", f.workers, "fetchers", f.fetchers)
	sum, runErr := ingest.New(sink, ex, opts).Run(ctx, sources)
	if bar != nil {
		bar.finish(runErr != nil)
	}
	return ingestResult(cmd, sum, runErr)
}

// ingestSources is the sources named on the command line followed by
// those of the --urls list, if any.
func ingestSources(cmd *cobra.Command, urls string, args []string) ([]string, error) {
	sources := append([]string(nil), args...)
	if urls != "" {
		list, err := readSourceList(cmd, urls)
		if err != nil {
			return nil, usageError{err}
		}
		sources = append(sources, list...)
	}
	if len(sources) == 0 {
		return nil, usageError{errors.New("ingest: no sources given (name URLs, files or directories, or --urls FILE)")}
	}
	return sources, nil
}

// options are the pipeline's options as the flags set them; the rest
// (checkpoints, memory limit) keeps the package's defaults.
func (f ingestFlags) options() ingest.Options {
	retries := f.retries
	if retries == 0 {
		retries = -1 // FetchOptions: 0 means default
	}
	maxRedirects := f.maxRedirects
	if maxRedirects == 0 {
		maxRedirects = -1
	}
	return ingest.Options{
		Workers:  f.workers,
		Fetchers: f.fetchers,
		Refresh:  f.refresh,
		Fetch: ingest.FetchOptions{
			PerHost:        rate.Limit(f.perHost),
			MaxBody:        f.maxBody,
			MaxRedirects:   maxRedirects,
			ConnectTimeout: f.connectTimeout,
			Timeout:        f.timeout,
			SourceTimeout:  f.sourceTimeout,
			Retries:        retries,
		},
	}
}

// ingestLog is where the run reports: a progress bar on a terminal (as
// --progress says), with only warnings logged above it, or else one log
// line per source on stderr.
func ingestLog(ctx context.Context, stderr io.Writer, progress string) (*slog.Logger, *progressBar) {
	showBar := progress == "always" || (progress == "auto" && isTerminal(stderr))
	var bar *progressBar
	logOut := stderr
	level := slog.LevelInfo
	if showBar {
		bar = newProgressBar(ctx, stderr)
		logOut = bar.p         // log lines are printed above the bar
		level = slog.LevelWarn // the bar shows what stored lines would
	}
	return slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level})), bar
}

// ingestResult prints the summary and turns the run's outcome into the
// exit status the help text promises.
func ingestResult(cmd *cobra.Command, sum *ingest.Summary, runErr error) error {
	if sum != nil {
		if err := sum.Write(cmd.OutOrStdout()); err != nil {
			return err
		}
	}
	switch {
	case errors.Is(runErr, context.Canceled):
		return exitError{1, fmt.Sprintf("interrupted: %d articles stored before the stop are kept", sum.Stored)}
	case runErr != nil:
		return runErr
	case sum.Failed > 0:
		return exitError{1, fmt.Sprintf("%d of %d sources failed", sum.Failed, sum.Stored+sum.Skipped+sum.Failed)}
	}
	return nil
}

func readSourceList(cmd *cobra.Command, name string) ([]string, error) {
	var r io.Reader
	if name == "-" {
		r = cmd.InOrStdin()
	} else {
		fh, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("--urls: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	list, err := ingest.ReadList(r)
	if err != nil {
		return nil, fmt.Errorf("--urls %s: %w", name, err)
	}
	return list, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// closingSink is an ingest.Sink the command closes when done.
type closingSink interface {
	ingest.Sink
	Close() error
}

// openSink opens where ingest writes: the store itself, with group
// commit (the pipeline reports articles stored after the Sync that follows
// their Puts), or, when claims serve holds it, the server, which does the
// writes while extraction runs here (server.Open decides).
func openSink(cmd *cobra.Command) (closingSink, string, error) {
	b, dir, err := openBackendWith(cmd, store.Options{GroupCommit: true})
	if err != nil {
		return nil, dir, err
	}
	if st, ok := b.(*store.Store); ok {
		return newStoreSink(st), dir, nil
	}
	return backendSink{b}, dir, nil
}

// backendSink adapts what server.Open returns to ingest.Sink: the store,
// or a client of the server holding it, which decides when its store
// checkpoints.
type backendSink struct{ b server.Backend }

func (s backendSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	res, err := s.b.Put(ctx, a, cs, source)
	return res.Unchanged, err
}

func (s backendSink) HasSource(ctx context.Context, source string) (bool, error) {
	return s.b.HasSource(ctx, source)
}

func (s backendSink) Close() error { return s.b.Close() }

// storeSink is the sink of a store this process opened, which is also an
// ingest.Checkpointer and an ingest.Syncer: the pipeline decides when to
// checkpoint and when to sync.
type storeSink struct {
	backendSink
	st *store.Store
}

func newStoreSink(st *store.Store) storeSink { return storeSink{backendSink{st}, st} }

// PutStream stores a long text's claims as they are extracted: only a
// store this process opened can (a server takes whole articles).
func (s storeSink) PutStream(ctx context.Context, a claims.Article, source string, each func(yield func([]claims.Claim) error) error) (bool, error) {
	res, err := s.st.PutStream(ctx, a, source, each)
	return res.Unchanged, err
}

// Checkpoint ignores ctx: a store checkpoint is a close and a reopen,
// which must not be left half done.
func (s storeSink) Checkpoint(context.Context) error { return s.st.Checkpoint() }

// Sync ignores ctx for the same reason.
func (s storeSink) Sync(context.Context) error { return s.st.Sync() }

// progressBar draws done/total, failures, claims and rate on a terminal.
// Its total grows as feeds and directories reveal more sources.
type progressBar struct {
	p      *mpb.Progress
	bar    *mpb.Bar
	mu     sync.Mutex
	total  int64
	failed atomic.Int64
	claims atomic.Int64
	stored atomic.Int64
	start  time.Time
}

func newProgressBar(ctx context.Context, w io.Writer) *progressBar {
	b := &progressBar{start: time.Now()}
	b.p = mpb.NewWithContext(ctx, mpb.WithOutput(w), mpb.WithRefreshRate(150*time.Millisecond))
	b.bar = b.p.AddBar(0,
		mpb.PrependDecorators(decor.Name("ingest "), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
			secs := time.Since(b.start).Seconds()
			r := 0.0
			if secs > 0 {
				r = float64(b.stored.Load()) / secs
			}
			return fmt.Sprintf(" failed %d  claims %d  %.1f articles/s", b.failed.Load(), b.claims.Load(), r)
		})),
	)
	return b
}

func (b *progressBar) Queued() {
	b.mu.Lock()
	b.total++
	b.bar.SetTotal(b.total, false)
	b.mu.Unlock()
}

func (b *progressBar) Done(o ingest.Outcome) {
	switch o.Status {
	case ingest.Failed:
		b.failed.Add(1)
	case ingest.Stored:
		b.stored.Add(1)
		b.claims.Add(int64(o.NumClaims()))
	}
	b.bar.Increment()
}

// finish completes the bar (or aborts it, keeping it on screen) and waits
// for the last render, so the summary prints below it.
func (b *progressBar) finish(aborted bool) {
	if aborted {
		b.bar.Abort(false)
	} else {
		b.bar.SetTotal(-1, true)
	}
	b.p.Wait()
}
