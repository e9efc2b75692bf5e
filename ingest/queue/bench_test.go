package queue

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/time/rate"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/store"
	storeserver "github.com/claims-project/claims/store/server"
)

// storeSink is what cmd/claims wires for claims ingest and claims
// serve: the real store behind ingest.Sink, which is also an
// ingest.Checkpointer and an ingest.Syncer (Sync does nothing unless the
// store was opened with GroupCommit).
type storeSink struct{ st *store.Store }

func (s storeSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	res, err := s.st.Put(ctx, a, cs, source)
	return res.Unchanged, err
}

func (s storeSink) HasSource(ctx context.Context, source string) (bool, error) {
	return s.st.HasSource(ctx, source)
}

func (s storeSink) Checkpoint(context.Context) error { return s.st.Checkpoint() }

func (s storeSink) Sync(context.Context) error { return s.st.Sync() }

// benchExtractor loads the real extractor once per benchmark.
func benchExtractor(b testing.TB) *extract.Extractor {
	ex, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	return ex
}

// startPipelineWorker runs a real worker (ingest's fetch, main text and
// claims) on js, its fetches through the shared host gate, holding up to
// hold tasks.
func startPipelineWorker(b testing.TB, ctx context.Context, js jetstream.JetStream, ex ingest.Extractor, fetchers, extractors, hold int, perHost rate.Limit) {
	b.Helper()
	hosts, err := NewHosts(ctx, js)
	if err != nil {
		b.Fatal(err)
	}
	p := ingest.New(nil, ex, ingest.Options{Fetch: ingest.FetchOptions{PerHost: perHost, Gate: hosts}})
	startWorker(b, ctx, js, Pipeline{Articles: p, Fetchers: fetchers, Extractors: extractors},
		WorkerOptions{Hold: hold})
}

// BenchmarkQueueFetch: pages of an httptest site that answers after
// 200 ms, through 1, 2, 4 and 8 workers of one fetcher each (the site
// allows 50 requests a second, more than 8 such workers ask), the store a
// fake. Fetch-bound work should scale with the workers. Reports
// articles/s.
//
//	go test -run '^$' -bench QueueFetch -benchtime 1x ./ingest/queue
func BenchmarkQueueFetch(b *testing.B) {
	const pages = 64
	ex := benchExtractor(b)
	for _, workers := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			site := newSite(b, 200*time.Millisecond)
			s, js := newQueue(b, Config{AckWait: 30 * time.Second})
			ctx := testContext(b)
			sink := newSink()
			startWriter(b, ctx, js, sink)
			for range workers {
				_, wjs := connect(b, s)
				startPipelineWorker(b, ctx, wjs, ex, 1, 1, 2, 50)
			}
			b.ResetTimer()
			for i := range b.N {
				e := enqueue(b, ctx, js, sources(pages, site.URL+fmt.Sprintf("/run%d/p%%d", i))...)
				sum, err := Wait(ctx, js, e.Job(), nil)
				if err != nil || sum.Stored != pages {
					b.Fatalf("stored %v of %d: %v", sum, pages, err)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkQueueOverhead: the same local pages ingested into a real store
// by the plain pipeline (claims ingest DIR) and through JetStream
// (claims ingest --nats DIR, one worker with as many extractors as
// cores holding 4 tasks per fetcher and extractor, as claims worker
// does, and serve's writer), one after the other in the same run. Reports
// articles/s of each.
//
//	go test -run '^$' -bench QueueOverhead -benchtime 2x ./ingest/queue
func BenchmarkQueueOverhead(b *testing.B) {
	// A thousand pages, a batch job's size: a job of 200 took some 65 ms
	// plain, and the fixed 20-25 ms of a queued job's start (the first
	// fetch) and end (the last done record reaching the waiting command)
	// were then a third of it.
	const pages = 1000
	dir := b.TempDir()
	for i := range pages {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%04d.html", i)), []byte(page(fmt.Sprintf("/local/%d", i))), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	ex := benchExtractor(b)
	cores := runtime.GOMAXPROCS(0)
	// Each side's store is opened as its command opens it: claims ingest
	// with group commit, claims serve as serve does.
	openStore := func(b *testing.B, opts store.Options) *store.Store {
		st, err := store.Open(filepath.Join(b.TempDir(), "db"), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	}
	b.Run("plain", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			st := openStore(b, store.Options{GroupCommit: true})
			b.StartTimer()
			sum, err := ingest.New(storeSink{st}, ex, ingest.Options{Workers: cores}).Run(context.Background(), []string{dir})
			if err != nil || sum.Stored != pages {
				b.Fatalf("stored %v of %d: %v", sum, pages, err)
			}
		}
		b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "articles/s")
	})
	b.Run("jetstream", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			// Each role on a connection of its own, as each is a process.
			s, js := newQueue(b, Config{AckWait: 30 * time.Second})
			ctx := testContext(b)
			_, sjs := connect(b, s)
			w, err := NewWriter(ctx, sjs, storeSink{openStore(b, serveStoreOptions)}, WriterOptions{})
			if err != nil {
				b.Fatal(err)
			}
			stop := run(b, ctx, "writer", w.Run)
			_, wjs := connect(b, s)
			startPipelineWorker(b, ctx, wjs, ex, cores, cores, 8*cores, rate.Inf)
			b.StartTimer()
			e, err := EnqueueSources(ctx, js, []string{dir}, ingest.FetchOptions{})
			if err != nil {
				b.Fatal(err)
			}
			sum, err := Wait(ctx, js, e.Job(), nil)
			if err != nil || sum.Stored != pages {
				b.Fatalf("stored %v of %d: %v", sum, pages, err)
			}
			b.StopTimer()
			stop()
			b.StartTimer()
		}
		b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "articles/s")
	})
}

// serveStoreOptions are the options claims serve opens its store with.
var serveStoreOptions = store.Options{GroupCommit: true, CacheBytes: storeserver.StoreCacheBytes}
