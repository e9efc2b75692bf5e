package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest/internal/flow"
)

// testDeadline fails a hung test; no assertion depends on it.
const testDeadline = 2 * time.Minute

// newServer runs a JetStream server in the test's process, listening
// nowhere.
func newServer(t testing.TB) *server.Server {
	t.Helper()
	s, err := StartServer(ServerOptions{Dir: t.TempDir(), Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// connect makes a new in-process connection to s: each role of a test
// has its own, as each process would.
func connect(t testing.TB, s *server.Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, js, err := ConnectInProcess(s, t.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc, js
}

// newQueue is a server with the queue set up by cfg (fast redelivery
// unless cfg says otherwise).
func newQueue(t testing.TB, cfg Config) (*server.Server, jetstream.JetStream) {
	t.Helper()
	s := newServer(t)
	_, js := connect(t, s)
	if cfg.AckWait == 0 {
		cfg.AckWait = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), testDeadline)
	defer cancel()
	if err := Setup(ctx, js, cfg); err != nil {
		t.Fatal(err)
	}
	return s, js
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testDeadline)
	t.Cleanup(cancel)
	return ctx
}

// fakeProc is a Processor that makes an article of each task's content
// with one claim by the speaker its text names after "by ", and fails
// the sources fail names with the reason given.
type fakeProc struct {
	workers int
	fail    map[string]string
	// hang, when set, makes every task wait until it is closed (or the
	// context ends): a worker stuck in the middle of its tasks.
	hang chan struct{}

	mu    sync.Mutex
	calls map[string]int
}

func (p *fakeProc) Process(ctx context.Context, in <-chan Task, done func(context.Context, Result) error) error {
	out := make(chan Result)
	g, gctx := errgroup.WithContext(ctx)
	var wg sync.WaitGroup
	for range max(p.workers, 1) {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			for t := range in {
				r, err := p.work(gctx, t)
				if err != nil {
					return err
				}
				if err := flow.Send(gctx, out, r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		wg.Wait()
		close(out)
		return nil
	})
	g.Go(func() error {
		for r := range out {
			if err := done(gctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	return g.Wait()
}

func (p *fakeProc) work(ctx context.Context, t Task) (Result, error) {
	p.mu.Lock()
	if p.calls == nil {
		p.calls = map[string]int{}
	}
	p.calls[t.Source]++
	p.mu.Unlock()
	if p.hang != nil {
		select {
		case <-p.hang:
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
	}
	r := Result{Job: t.Job, Key: t.Key, Source: t.Source}
	if reason, ok := p.fail[t.Source]; ok {
		r.Status, r.Reason, r.Error = StatusFailed, reason, t.Source+": "+reason
		return r, nil
	}
	text := t.Text
	if !t.HasText {
		text = string(t.Body)
	}
	if text == "" {
		text = "page of " + t.URL
	}
	a := claims.Article{ID: claims.ArticleID(t.URL, text), URL: t.URL, Text: text}
	cs := []claims.Claim{{Kind: claims.Direct, Text: text, End: len(text),
		Speaker: &claims.Speaker{Name: speakerOf(text), Type: claims.TypePerson}}}
	claims.AssignIDs(a.ID, cs)
	r.Status, r.Article, r.Claims = StatusExtracted, &a, cs
	return r, nil
}

func speakerOf(text string) string {
	if _, after, ok := strings.Cut(text, "by "); ok {
		return after
	}
	return "Nobody"
}

// fakeSink is an ingest.Sink in memory that counts what it is given.
type fakeSink struct {
	mu      sync.Mutex
	stored  map[string]claims.Article
	puts    map[string]int // Put calls per article id
	sources map[string]bool
	// block, when set, holds every Put until it is closed.
	block chan struct{}
	// entered is told of each Put as it starts, when set.
	entered chan string
}

func newSink() *fakeSink {
	return &fakeSink{stored: map[string]claims.Article{}, puts: map[string]int{}, sources: map[string]bool{}}
}

func (s *fakeSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	if s.entered != nil {
		select {
		case s.entered <- source:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	if s.block != nil {
		select {
		case <-s.block:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	if a.ID == "" {
		return false, errors.New("article without id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts[a.ID]++
	s.sources[source] = true
	if _, ok := s.stored[a.ID]; ok {
		return true, nil
	}
	s.stored[a.ID] = a
	return false, nil
}

func (s *fakeSink) HasSource(_ context.Context, source string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sources[source], nil
}

func (s *fakeSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.stored)
}

// run starts fn in the background until the test ends (or stop is
// called) and reports its error then.
func run(t testing.TB, ctx context.Context, name string, fn func(context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() { errc <- fn(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-errc; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("%s: %v", name, err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// startWriter runs a writer into sink.
func startWriter(t testing.TB, ctx context.Context, js jetstream.JetStream, sink *fakeSink) (stop func()) {
	t.Helper()
	w, err := NewWriter(ctx, js, sink, WriterOptions{Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	return run(t, ctx, "writer", w.Run)
}

// startWorker runs a worker with p on its own connection to s.
func startWorker(t testing.TB, ctx context.Context, js jetstream.JetStream, p Processor, opts WorkerOptions) (stop func()) {
	t.Helper()
	opts.Processor = p
	if opts.Log == nil {
		opts.Log = testLog(t)
	}
	if opts.Backoff == 0 {
		opts.Backoff = 10 * time.Millisecond
	}
	w, err := NewWorker(ctx, js, opts)
	if err != nil {
		t.Fatal(err)
	}
	return run(t, ctx, "worker", w.Run)
}

// enqueue makes a job of the sources: URLs for http ones, texts for the
// others.
func enqueue(t testing.TB, ctx context.Context, js jetstream.JetStream, sources ...string) *Enqueuer {
	t.Helper()
	e, err := NewJob(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		task := Task{Source: src, Text: src, HasText: true}
		if strings.HasPrefix(src, "http") {
			task = Task{Source: src, URL: src}
		}
		if _, err := e.Add(ctx, task); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

func sources(n int, format string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}

// testLog sends a role's warnings to the test's log.
func testLog(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
