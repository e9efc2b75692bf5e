package store_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
)

// Sizes of the served store: a million claims by 5,000 speakers, and one
// speaker with 10,000 more.
const (
	benchArticles, benchPer, benchSpeakers = 50_000, 20, 5_000
	prolific                               = "Ines Calloway"
	prolificArticles                       = 500
)

// cacheBytes is the store cache the benchmark's server has:
// $CLAIMS_BENCH_CACHE_MB, else what claims serve opens its store with.
func cacheBytes() int64 {
	if mb, err := strconv.Atoi(os.Getenv("CLAIMS_BENCH_CACHE_MB")); err == nil {
		return int64(mb) << 20
	}
	return server.StoreCacheBytes
}

// servedStore builds (or, with $CLAIMS_BENCH_SERVE_STORE naming an
// existing directory, reuses) the benchmark store and opens it as claims
// serve does.
func servedStore(b *testing.B) *store.Store {
	b.Helper()
	articles := benchArticles
	if testing.Short() {
		articles = 5_000
	}
	dir := os.Getenv("CLAIMS_BENCH_SERVE_STORE")
	if dir == "" {
		dir = b.TempDir()
	}
	start := time.Now()
	if _, err := os.Stat(dir + "/MANIFEST"); err != nil {
		s, err := store.OpenBulk(dir)
		if err != nil {
			b.Fatal(err)
		}
		store.BulkLoad(b, s, articles, benchPer, benchSpeakers, 120)
		store.BulkLoadSpeaker(b, s, prolific, prolificArticles, benchPer)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d claims in %v", (articles+prolificArticles)*benchPer, time.Since(start).Round(time.Millisecond))
	}
	s, err := store.Open(dir, store.Options{CacheBytes: cacheBytes()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	store.Settle(s, time.Minute)
	return s
}

// BenchmarkServe measures the server over loopback on a store of a
// million claims: one client, then 50 concurrent clients, asking /api/claims?speaker= for
// random speakers (p50 and p99 latency), and the server-side render of
// the page of a speaker with 10,000 claims. Every loop is bounded in
// count (b.N) and in time (two minutes), and talks only to 127.0.0.1.
func BenchmarkServe(b *testing.B) {
	s := servedStore(b)
	// Each run starts a server with an empty answer cache, so that what it
	// finds there it put there itself in this run; -nocache has none.
	serve := func(b *testing.B, noCache bool) (*server.Server, *httptest.Server) {
		srv, err := server.New(server.Options{Store: s, Loopback: true, NoCache: noCache})
		if err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		b.Cleanup(hs.Close)
		return srv, hs
	}
	b.Run("claims-1-client", func(b *testing.B) { _, hs := serve(b, false); loadClaims(b, hs, 1) })
	b.Run("claims-50-clients", func(b *testing.B) { _, hs := serve(b, false); loadClaims(b, hs, 50) })
	b.Run("claims-50-clients-nocache", func(b *testing.B) { _, hs := serve(b, true); loadClaims(b, hs, 50) })
	b.Run("speaker-page-10k", func(b *testing.B) { srv, _ := serve(b, false); renderSpeaker(b, srv, s) })
}

func loadClaims(b *testing.B, hs *httptest.Server, clients int) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	deadline := time.Now().Add(2 * time.Minute)
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	var failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			for next.Add(1) <= int64(b.N) && time.Now().Before(deadline) {
				// Half by surname only, half by full name, as people ask.
				k := int(float64(benchSpeakers) * rng.Float64() * rng.Float64())
				name := store.SpeakerName(k)
				if rng.IntN(2) == 0 {
					name = fmt.Sprintf("Surname%d", k)
				}
				t0 := time.Now()
				resp, err := c.Get(hs.URL + "/api/claims?limit=20&speaker=" + url.QueryEscape(name))
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	all := slices.Concat(lat...)
	if failed.Load() > 0 || len(all) == 0 {
		b.Fatalf("%d of %d requests failed", failed.Load(), len(all))
	}
	slices.Sort(all)
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "req/s")
}

// renderSpeaker renders the prolific speaker's page in the server, as a
// browser would ask for it, without the network.
func renderSpeaker(b *testing.B, srv *server.Server, s *store.Store) {
	// The page is addressed by the speaker's entity key, as the search
	// page links to it.
	list, err := s.Speakers(context.Background(), store.SpeakerQuery{Match: prolific})
	if err != nil || len(list) != 1 {
		b.Fatalf("speakers matching %q: %+v, %v", prolific, list, err)
	}
	prof, err := s.Speaker(context.Background(), list[0].Key)
	if err != nil || prof.Claims < 10_000 {
		b.Fatalf("prolific speaker: %d claims, %v", prof.Claims, err)
	}
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/speakers/"+url.PathEscape(list[0].Key), nil)
	var lat []time.Duration
	for b.Loop() {
		w := httptest.NewRecorder()
		t0 := time.Now()
		srv.ServeHTTP(w, req)
		lat = append(lat, time.Since(t0))
		if w.Code != http.StatusOK || w.Body.Len() < 10_000 {
			b.Fatalf("speaker page: %d, %d bytes", w.Code, w.Body.Len())
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
