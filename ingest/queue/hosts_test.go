package queue

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/claims-project/claims/ingest"
)

// site is an httptest server that records when each request came.
type site struct {
	*httptest.Server
	mu     sync.Mutex
	times  []time.Time
	robots int
}

func newSite(t testing.TB, delay time.Duration) *site {
	s := &site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if r.URL.Path == "/robots.txt" {
			s.robots++
		} else {
			s.times = append(s.times, time.Now())
		}
		s.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		time.Sleep(delay)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page(r.URL.Path))
	}))
	t.Cleanup(s.Close)
	return s
}

// page is a news page whose one quotation names its path.
func page(path string) string {
	return "<!doctype html><html><head><title>Story " + path + "</title></head><body><article>" +
		"<h1>Council votes on the harbour plan</h1>" +
		"<p>The council met on Tuesday to vote on the plan for the harbour, which has been debated for a year.</p>" +
		"<p>“We have waited long enough for this,” Mayor Dana Moss said after the vote on " + path + ".</p>" +
		"<p>The plan now goes to the province, which is expected to approve it before the end of the summer.</p>" +
		"</article></body></html>"
}

// busiestSecond is the most requests the site saw within any one second.
func (s *site) busiestSecond() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := append([]time.Time(nil), s.times...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	most := 0
	for i := range ts {
		j := i
		for j < len(ts) && ts[j].Sub(ts[i]) < time.Second {
			j++
		}
		most = max(most, j-i)
	}
	return most
}

// TestHostsRateAcrossWorkers: four workers, each with its own connection
// and gate, take turns at one host through the shared slots: the host
// sees no more than its rate, where four private limiters would let four
// times as many through.
func TestHostsRateAcrossWorkers(t *testing.T) {
	const rate, workers, each = 5, 4, 5 // requests per second; 20 requests take 4 s
	s, _ := newQueue(t, Config{})
	ctx := testContext(t)
	site := newSite(t, 0)
	g, gctx := errgroup.WithContext(ctx)
	for range workers {
		_, js := connect(t, s)
		gate, err := NewHosts(ctx, js)
		if err != nil {
			t.Fatal(err)
		}
		g.Go(func() error {
			for range each {
				if err := gate.Wait(gctx, site.URL, time.Second/rate); err != nil {
					return err
				}
				res, err := http.Get(site.URL + "/story")
				if err != nil {
					return err
				}
				res.Body.Close()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	// A slot may start late, never early; one late request can bunch
	// with the next, hence one more than the rate.
	if got := site.busiestSecond(); got > rate+1 {
		t.Errorf("busiest second at the host: %d requests; the limit is %d/s", got, rate)
	}
	t.Logf("busiest second: %d requests (limit %d/s, %d workers)", site.busiestSecond(), rate, workers)
}

// TestHostsRobotsOnce: workers asking for a host's robots.txt at once
// fetch it once between them, and a failed fetch is not shared.
func TestHostsRobotsOnce(t *testing.T) {
	s, _ := newQueue(t, Config{})
	ctx := testContext(t)
	site := newSite(t, 0)
	fetch := func(ctx context.Context) (ingest.RobotsFile, error) {
		res, err := http.Get(site.URL + "/robots.txt")
		if err != nil {
			return ingest.RobotsFile{}, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return ingest.RobotsFile{Status: res.StatusCode, Body: b}, err
	}
	var g errgroup.Group
	for range 4 {
		_, js := connect(t, s)
		gate, err := NewHosts(ctx, js)
		if err != nil {
			t.Fatal(err)
		}
		g.Go(func() error {
			f, err := gate.Robots(ctx, site.URL, fetch)
			if err == nil && (f.Status != 200 || string(f.Body) != "User-agent: *\nDisallow: /private/\n") {
				t.Errorf("robots.txt: %d %q", f.Status, f.Body)
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if site.robots != 1 {
		t.Errorf("robots.txt fetched %d times by four workers, want once", site.robots)
	}

	// A fetch that fails gives the lease back: the next worker fetches.
	_, js := connect(t, s)
	gate, err := NewHosts(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	down := "http://down.invalid:81"
	if _, err := gate.Robots(ctx, down, func(context.Context) (ingest.RobotsFile, error) {
		return ingest.RobotsFile{}, &ingest.Error{Reason: ingest.ReasonRobotsDown}
	}); err == nil {
		t.Fatal("a failed robots.txt fetch gave no error")
	}
	f, err := gate.Robots(ctx, down, func(context.Context) (ingest.RobotsFile, error) {
		return ingest.RobotsFile{Status: 404}, nil
	})
	if err != nil || f.Status != 404 {
		t.Errorf("after a failed fetch: %+v, %v; want the second fetch's 404", f, err)
	}
}

func TestHostKey(t *testing.T) {
	for _, c := range []struct{ host, key string }{
		{"https://News.Example.com", "https_3a_2f_2fnews.example.com"},
		{"http://127.0.0.1:8080", "http_3a_2f_2f127.0.0.1_3a8080"},
		{"http://a_b.example", "http_3a_2f_2fa_5fb.example"},
		{".hidden", "_2ehidden"},
	} {
		if got := hostKey(c.host); got != c.key {
			t.Errorf("hostKey(%q) = %q, want %q", c.host, got, c.key)
		}
	}
}
