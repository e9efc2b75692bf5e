package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hangingServer answers robots.txt with 404 and holds every other request
// open until the client gives up; it counts those requests.
func hangingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n.Add(1)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestSlowHostBudget: a host that never answers is asked twice at most
// (a timeout is retried once, whatever Retries says), and a source gets
// one deadline, SourceTimeout, across its retries.
func TestSlowHostBudget(t *testing.T) {
	for _, tc := range []struct {
		name          string
		timeout       time.Duration
		sourceTimeout time.Duration
		requests      int32
		wantMsg       string
	}{
		{"timeout retried once", 50 * time.Millisecond, time.Minute, 2, "/never"},
		{"one deadline for the source", time.Minute, 200 * time.Millisecond, 1, "no answer within 200ms, retries included (the source timeout)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, n := hangingServer(t)
			opts := testFetchOptions()
			opts.Retries = 3
			// (robots.txt is left out: under load its answer could take
			// longer than the 50 ms timeout, which is the page's budget.)
			opts.IgnoreRobots = true
			opts.Timeout, opts.SourceTimeout = tc.timeout, tc.sourceTimeout
			_, err := NewFetcher(opts).Fetch(context.Background(), srv.URL+"/never", AcceptHTML)
			if ReasonOf(err) != ReasonTimeout || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("Fetch: %v; want %s naming %q", err, ReasonTimeout, tc.wantMsg)
			}
			if got := n.Load(); got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
		})
	}
}

// closedPort is an address on this machine where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestUnreachableHost: a closed port is reported as a refused
// connection, whether robots.txt or the page is asked for first.
func TestUnreachableHost(t *testing.T) {
	addr := closedPort(t)
	for _, ignoreRobots := range []bool{false, true} {
		opts := testFetchOptions()
		opts.IgnoreRobots = ignoreRobots
		_, err := NewFetcher(opts).Fetch(context.Background(), "http://"+addr+"/story", AcceptHTML)
		if ReasonOf(err) != ReasonRefused || !strings.Contains(err.Error(), "host "+addr+" refused the connection") {
			t.Errorf("robots ignored %v: %v; want %s", ignoreRobots, err, ReasonRefused)
		}
	}
}

// TestUnsupportedScheme: a URL of another scheme is refused as such, not
// read as a missing local file.
func TestUnsupportedScheme(t *testing.T) {
	obs := &outcomeLog{}
	sum, err := New(newFakeSink(), quoteExtractor{}, testOptions(obs)).Run(context.Background(),
		[]string{"ftp://files.example/story.txt", "file:///tmp/x.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.FailedBy[ReasonUnsupported] != 2 {
		t.Fatalf("failed by %v, want 2 %q", sum.FailedBy, ReasonUnsupported)
	}
	o := obs.byURL["ftp://files.example/story.txt"]
	if o.Err == nil || !strings.Contains(o.Err.Error(), "the ftp scheme is not supported") {
		t.Errorf("ftp: %v", o.Err)
	}
	for _, s := range []string{"C:/x.txt", "notes://", "a/b://c", "story.txt"} {
		if got := urlScheme(s); got != "" {
			t.Errorf("urlScheme(%q) = %q, want none", s, got)
		}
	}
}

// TestFeedOfDisallowedPages: pages a feed links to that robots.txt
// disallows are skipped as such; the run has no failure.
func TestFeedOfDisallowedPages(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			io.WriteString(w, "User-agent: *\nDisallow: /members/\n")
		case r.URL.Path == "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>`+
				`<item><link>%[1]s/news/1</link></item><item><link>%[1]s/members/2</link></item><item><link>%[1]s/members/3</link></item>`+
				`</channel></rss>`, srv.URL)
		case strings.HasPrefix(r.URL.Path, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, newsPage("Library stays open", testParas...))
		default:
			t.Errorf("disallowed %s was requested", r.URL.Path)
		}
	}))
	defer srv.Close()
	sum, err := New(newFakeSink(), quoteExtractor{}, testOptions(nil)).Run(context.Background(), []string{srv.URL + "/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 1 || sum.Failed != 0 || sum.SkippedBy[SkipRobots] != 2 {
		t.Fatalf("%d stored, %d failed, skipped %v; want 1, 0 and 2 %q", sum.Stored, sum.Failed, sum.SkippedBy, SkipRobots)
	}
	var b bytes.Buffer
	sum.Write(&b)
	if !strings.Contains(b.String(), "skipped disallowed by robots.txt:") {
		t.Errorf("summary:\n%s", b.String())
	}
}

// TestThroughputCountsWork: a run whose last minute went on a source that
// then failed reports the rate of the work before it, and says where the
// rest of the time went.
func TestThroughputCountsWork(t *testing.T) {
	s := newSummary()
	for i := range 10 {
		s.add(Outcome{Status: Stored, Tokens: 100}, time.Duration(i+1)*100*time.Millisecond)
	}
	s.add(Outcome{Status: Failed, Reason: ReasonTimeout}, 61*time.Second)
	s.Elapsed = 61 * time.Second
	if a, tk := s.Rates(); a != 10 || tk != 1000 {
		t.Errorf("rates %g articles/s, %g tokens/s; want 10 and 1000 (10 articles in 1 s of work)", a, tk)
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"throughput: 10.00 articles/s, 1000 tokens/s (tokens = whitespace-separated words) in 1s\n",
		"  then 1m0s waiting on sources that stored nothing (1m1s in all)\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}
