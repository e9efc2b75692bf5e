package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claims-project/claims/corpus"
)

// newsPage renders a small but realistic article page around paragraphs,
// with the furniture real pages have: navigation, a most-read box and a
// comment thread, each holding a decoy quote.
func newsPage(title string, paras ...string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(title)
	b.WriteString(" | Test Gazette</title></head><body>\n")
	b.WriteString(`<nav class="top-nav"><a href="/">Home</a> <a href="/world">World</a></nav>` + "\n")
	b.WriteString("<main><article><h1>" + title + "</h1>\n")
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString("</article>\n")
	b.WriteString(`<div class="most-read"><h2>Most read</h2><ul><li><a href="/x">“Decoy from the box,” says nobody</a></li></ul></div>` + "\n")
	b.WriteString(`<section id="comments"><div class="comment"><p>“Decoy from the comments,” a reader wrote, angrily and at length.</p></div></section>` + "\n")
	b.WriteString("</main></body></html>\n")
	return b.String()
}

// body paragraphs long enough for main-text extraction to trust them.
var testParas = []string{
	"HARTWELL — The council voted on Tuesday to keep the library open for another year, ending a dispute that had run through three budget meetings.",
	"“We listened to the people who use it every day,” said councillor Ada Brennan after the vote. “That is what this building is for.”",
	"Opponents said the decision would cost the town money it did not have and warned that the question would come back next spring.",
}

// faultServer serves pages and the faults of the issue. It records the
// time of every request to each path.
type faultServer struct {
	*httptest.Server
	mu     sync.Mutex
	hits   map[string][]time.Time
	agents []string
}

func (s *faultServer) times(path string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.hits[path]...)
}

func newFaultServer(t *testing.T, robots string) *faultServer {
	t.Helper()
	s := &faultServer{hits: map[string][]time.Time{}}
	var flaky, once429 atomic.Int32
	page := newsPage("Library stays open", testParas...)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, robots)
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, strings.Replace(page, "Library stays open", "Library stays open "+r.URL.Path, 2))
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	})
	// The project's own article pages, as a news site would serve them.
	pages, err := fs.Sub(corpus.Files, "html")
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/corpus/", http.StripPrefix("/corpus/", http.FileServerFS(pages)))
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, newsPage("Flaky page", testParas...))
	})
	mux.HandleFunc("/busy-once", func(w http.ResponseWriter, r *http.Request) {
		if once429.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, newsPage("Busy page", testParas...))
	})
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back in an hour", http.StatusTooManyRequests)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop-b", http.StatusFound)
	})
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop-a", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &n)
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		// 50 MB streamed from a generator: neither side holds it.
		w.Header().Set("Content-Type", "text/html")
		streamZeros(r.Context(), w, 50<<20)
	})
	mux.HandleFunc("/declared-huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(50<<20))
		w.WriteHeader(http.StatusOK)
		streamZeros(r.Context(), w, 50<<20)
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/cp1252", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // no charset in the header
		io.WriteString(w, cp1252Page(true))
	})
	mux.HandleFunc("/cp1252-nometa", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, cp1252Page(false))
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "gzip only", http.StatusNotAcceptable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, newsPage("Compressed page", testParas...))
		zw.Close()
	})
	mux.HandleFunc("/malformed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		// Unclosed elements, stray end tags, an unterminated attribute.
		io.WriteString(w, "<html><head><title>Broken</title><body><div><article><h1>Broken page</h1></span><p>"+
			testParas[0]+"<p>"+testParas[1]+"</div></div></b><p class=\"x>"+testParas[2]+"<p>"+testParas[2]+"\n<table><tr><td>")
	})
	mux.HandleFunc("/bad-utf8", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		p := newsPage("Bad bytes", testParas[0]+" Caf\xe9 \xff\xfe owners were not consulted.", testParas[1], testParas[2])
		io.WriteString(w, p)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path] = append(s.hits[r.URL.Path], time.Now())
		s.agents = append(s.agents, r.UserAgent())
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// streamZeros writes n zero bytes in 32 KB chunks, stopping when the
// client goes away.
func streamZeros(ctx context.Context, w io.Writer, n int) {
	chunk := make([]byte, 32<<10)
	for n > 0 && ctx.Err() == nil {
		k := min(n, len(chunk))
		if _, err := w.Write(chunk[:k]); err != nil {
			return
		}
		n -= k
	}
}

// cp1252Page is an article encoded in windows-1252: curly quotes are bytes
// 0x93/0x94 and é is 0xE9, which are invalid as UTF-8.
func cp1252Page(withMeta bool) string {
	meta := ""
	if withMeta {
		meta = `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`
	}
	return "<html><head>" + meta + "<title>Caf\xe9 closes</title></head><body><article><h1>Caf\xe9 closes</h1>" +
		"<p>" + testParas[0] + "</p>" +
		"<p>\x93We served this street for forty years,\x94 said Ren\xe9e Dubois, who owns the caf\xe9 on the corner of the square.</p>" +
		"<p>" + testParas[2] + "</p></article></body></html>"
}

// testFetchOptions are short timeouts and backoffs so the suite is fast.
func testFetchOptions() FetchOptions {
	return FetchOptions{
		PerHost:     1000,
		Timeout:     300 * time.Millisecond,
		Retries:     2,
		BackoffBase: 5 * time.Millisecond,
		BackoffMax:  20 * time.Millisecond,
		MaxBody:     256 << 10,
	}
}

func TestFetchFaults(t *testing.T) {
	srv := newFaultServer(t, "User-agent: *\nDisallow: /private/\n")
	f := NewFetcher(testFetchOptions())
	tests := []struct {
		path       string
		wantReason string // "" means success
		wantText   string // must appear in the extracted main text
	}{
		{"/page/1", "", "listened to the people"},
		{"/missing", "http 404", ""},
		{"/flaky", "", "listened to the people"},
		{"/busy", ReasonRetryAfter, ""},
		{"/slow", ReasonTimeout, ""},
		{"/loop-a", ReasonRedirectLoop, ""},
		{"/chain/11", ReasonTooManyRedirs, ""},
		{"/chain/10", "", "listened to the people"},
		{"/huge", ReasonTooLarge, ""},
		{"/declared-huge", ReasonTooLarge, ""},
		{"/image", ReasonNotHTML, ""},
		{"/private/story", ReasonRobots, ""},
		{"/cp1252", "", "“We served this street for forty years,” said Renée Dubois"},
		{"/cp1252-nometa", "", "“We served this street for forty years,” said Renée Dubois"},
		{"/gzip", "", "listened to the people"},
		{"/malformed", "", "listened to the people"},
		{"/bad-utf8", "", "Caf\uFFFD \uFFFD\uFFFD owners"},
	}
	for _, tc := range tests {
		t.Run(strings.TrimPrefix(tc.path, "/"), func(t *testing.T) {
			res, err := f.Fetch(context.Background(), srv.URL+tc.path, AcceptHTML)
			if tc.wantReason != "" {
				if err == nil {
					t.Fatalf("Fetch(%s) succeeded, want failure %q", tc.path, tc.wantReason)
				}
				if got := ReasonOf(err); got != tc.wantReason {
					t.Fatalf("Fetch(%s) reason %q (%v), want %q", tc.path, got, err, tc.wantReason)
				}
				if !strings.Contains(err.Error(), tc.path) {
					t.Errorf("error %q does not name the URL", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch(%s): %v", tc.path, err)
			}
			a, err := ExtractPage(context.Background(), res.Body, res.ContentType, res.URL)
			if err != nil {
				t.Fatalf("ExtractPage(%s): %v", tc.path, err)
			}
			if !strings.Contains(a.Text, tc.wantText) {
				t.Errorf("text of %s lacks %q:\n%s", tc.path, tc.wantText, a.Text)
			}
			if strings.Contains(a.Text, "Decoy") {
				t.Errorf("text of %s keeps a decoy quote:\n%s", tc.path, a.Text)
			}
		})
	}
	// The flaky page was asked for twice: the 500 was retried.
	if n := len(srv.times("/flaky")); n != 2 {
		t.Errorf("/flaky requested %d times, want 2 (one retry)", n)
	}
	// The permanently busy page was not retried: its Retry-After is over
	// the limit, so waiting would stall the batch.
	if n := len(srv.times("/busy")); n != 1 {
		t.Errorf("/busy requested %d times, want 1", n)
	}
	// robots.txt was fetched once for the host, whatever the concurrency.
	if n := len(srv.times("/robots.txt")); n != 1 {
		t.Errorf("robots.txt requested %d times, want 1", n)
	}
	if n := len(srv.times("/private/story")); n != 0 {
		t.Errorf("disallowed path requested %d times", n)
	}
	srv.mu.Lock()
	for _, ua := range srv.agents {
		if !strings.HasPrefix(ua, "claims/") {
			t.Errorf("User-Agent %q does not name the program", ua)
		}
	}
	srv.mu.Unlock()
}

func TestFetchRetryAfterHonoured(t *testing.T) {
	srv := newFaultServer(t, "")
	f := NewFetcher(testFetchOptions())
	if _, err := f.Fetch(context.Background(), srv.URL+"/busy-once", AcceptHTML); err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	ts := srv.times("/busy-once")
	if len(ts) != 2 {
		t.Fatalf("requested %d times, want 2", len(ts))
	}
	// Retry-After: 1 beats the 5 ms backoff; allow for clock slack.
	if gap := ts[1].Sub(ts[0]); gap < 900*time.Millisecond {
		t.Errorf("retried after %s, want ≥ 1s as Retry-After asked", gap)
	}
}

func TestFetchRetriesExhausted(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	opts := testFetchOptions()
	opts.Retries = 3
	_, err := NewFetcher(opts).Fetch(context.Background(), srv.URL+"/x", AcceptHTML)
	if got := ReasonOf(err); got != "http 503" {
		t.Fatalf("reason %q (%v), want http 503", got, err)
	}
	if got := n.Load(); got != 4 {
		t.Errorf("%d requests, want 4 (first try and 3 retries)", got)
	}
}

// TestFetchDefaultCap streams zeros past the default 10 MB cap: the
// fetch must stop at the cap, not read the whole 50 MB.
func TestFetchDefaultCap(t *testing.T) {
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		chunk := make([]byte, 64<<10)
		for i := 0; i < (50<<20)/len(chunk) && r.Context().Err() == nil; i++ {
			k, err := w.Write(chunk)
			sent.Add(int64(k))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	opts := testFetchOptions()
	opts.MaxBody = 0 // the default
	opts.Timeout = 20 * time.Second
	_, err := NewFetcher(opts).Fetch(context.Background(), srv.URL+"/big", AcceptHTML)
	if got := ReasonOf(err); got != ReasonTooLarge {
		t.Fatalf("reason %q (%v), want %q", got, err, ReasonTooLarge)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(10<<20)) {
		t.Errorf("error %q does not state the 10 MB limit", err)
	}
	srv.CloseClientConnections()
	if s := sent.Load(); s >= 50<<20 {
		t.Errorf("server sent all %d bytes; the client should have stopped at the cap", s)
	}
}

// TestRateLimitPerHost counts request times at the server: with 10
// requests/s allowed, 6 pages fetched by 4 workers at once must be spread
// about 100 ms apart. The bounds are loose because the server sees
// requests after connection set-up, which varies.
func TestRateLimitPerHost(t *testing.T) {
	srv := newFaultServer(t, "")
	opts := testFetchOptions()
	opts.PerHost = 10
	f := NewFetcher(opts)
	var wg sync.WaitGroup
	urls := make(chan string)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range urls {
				if _, err := f.Fetch(context.Background(), u, AcceptHTML); err != nil {
					t.Errorf("Fetch(%s): %v", u, err)
				}
			}
		}()
	}
	for i := range 6 {
		urls <- fmt.Sprintf("%s/page/%d", srv.URL, i)
	}
	close(urls)
	wg.Wait()
	var ts []time.Time
	for i := range 6 {
		ts = append(ts, srv.times(fmt.Sprintf("/page/%d", i))...)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	if len(ts) != 6 {
		t.Fatalf("%d page requests, want 6", len(ts))
	}
	for i := 1; i < len(ts); i++ {
		// One late arrival shortens the next gap, so single gaps get a
		// loose bound; without a limit they would be under a millisecond.
		if gap := ts[i].Sub(ts[i-1]); gap < 20*time.Millisecond {
			t.Errorf("requests %d and %d only %s apart, want ≈100ms", i-1, i, gap)
		}
	}
	if span := ts[5].Sub(ts[0]); span < 400*time.Millisecond || span > 5*time.Second {
		t.Errorf("6 requests took %s, want about 500ms", span)
	}
}

// TestCrawlDelay: robots.txt asks for 150 ms between requests, slower than
// the configured rate, and gets it.
func TestCrawlDelay(t *testing.T) {
	srv := newFaultServer(t, "User-agent: claims\nCrawl-delay: 0.15\nDisallow:\n")
	f := NewFetcher(testFetchOptions())
	for i := range 3 {
		if _, err := f.Fetch(context.Background(), fmt.Sprintf("%s/page/%d", srv.URL, i), AcceptHTML); err != nil {
			t.Fatal(err)
		}
	}
	var ts []time.Time
	for i := range 3 {
		ts = append(ts, srv.times(fmt.Sprintf("/page/%d", i))...)
	}
	if len(ts) != 3 {
		t.Fatalf("%d page requests, want 3", len(ts))
	}
	for i := 1; i < len(ts); i++ {
		if gap := ts[i].Sub(ts[i-1]); gap < 50*time.Millisecond {
			t.Errorf("requests %d and %d %s apart, want ≈150ms Crawl-delay", i-1, i, gap)
		}
	}
	if span := ts[2].Sub(ts[0]); span < 240*time.Millisecond {
		t.Errorf("3 requests took %s, want ≥ 300ms at a 150ms Crawl-delay", span)
	}
}

func TestRobotsServerErrorKeepsAway(t *testing.T) {
	var pages atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		pages.Add(1)
	}))
	defer srv.Close()
	_, err := NewFetcher(testFetchOptions()).Fetch(context.Background(), srv.URL+"/a", AcceptHTML)
	if got := ReasonOf(err); got != ReasonRobotsDown {
		t.Fatalf("reason %q (%v), want %q", got, err, ReasonRobotsDown)
	}
	if pages.Load() != 0 {
		t.Error("page fetched although robots.txt answered 500")
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := newFaultServer(t, "")
	opts := testFetchOptions()
	opts.Timeout = 10 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := NewFetcher(opts).Fetch(ctx, srv.URL+"/slow", AcceptHTML)
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want the context's", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancelled fetch took %s", d)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 5, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"5", 5 * time.Second},
		{"-3", 0},
		{"soon", 0},
		// Too long for a Duration: never a short (wrapped) wait.
		{"99999999999", math.MaxInt64},
		{"18446744074", math.MaxInt64}, // × 1e9 wraps to 0.29 s
		{"99999999999999999999999", math.MaxInt64},
		{"-99999999999999999999999", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tc := range tests {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestGunzipIfNeeded(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bytes.Repeat([]byte("a"), 1000))
	zw.Close()
	out, err := gunzipIfNeeded(buf.Bytes(), 2000)
	if err != nil || len(out) != 1000 {
		t.Fatalf("gunzip: %d bytes, %v", len(out), err)
	}
	if _, err := gunzipIfNeeded(buf.Bytes(), 500); ReasonOf(err) != ReasonTooLarge {
		t.Errorf("over-cap gunzip: %v, want too large", err)
	}
	plain := []byte("<urlset/>")
	if out, _ := gunzipIfNeeded(plain, 10); !bytes.Equal(out, plain) {
		t.Errorf("plain body changed: %q", out)
	}
}

// TestFetchNoRedirects: MaxRedirects < 0 (claims ingest --max-redirects 0)
// follows none, and the error states the limit the user set.
func TestFetchNoRedirects(t *testing.T) {
	srv := newFaultServer(t, "")
	opts := testFetchOptions()
	opts.MaxRedirects = -1
	f := NewFetcher(opts)
	_, err := f.Fetch(context.Background(), srv.URL+"/chain/1", AcceptHTML)
	if got := ReasonOf(err); got != ReasonTooManyRedirs {
		t.Fatalf("reason %q (%v), want %q", got, err, ReasonTooManyRedirs)
	}
	if !strings.Contains(err.Error(), "more than 0 redirects") {
		t.Errorf("error %q does not state the limit of 0", err)
	}
	if n := len(srv.times("/chain/0")); n != 0 {
		t.Errorf("redirect followed %d times", n)
	}
	if _, err := f.Fetch(context.Background(), srv.URL+"/chain/0", AcceptHTML); err != nil {
		t.Errorf("page without redirect: %v", err)
	}
}
