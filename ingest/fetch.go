package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	nurl "net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"
)

// UserAgent names the program to the sites it fetches from, with a page
// that says what it does; robots.txt groups are matched on "claims".
const UserAgent = "claims/1.0 (+https://github.com/claims-project/claims; news quote indexer)"

// robotsAgent is the product token robots.txt rules are matched against.
const robotsAgent = "claims"

// DefaultMaxBody is the largest page or file read, in bytes, unless
// FetchOptions.MaxBody says otherwise: ten times a long news page, and
// small enough that a stray multi-gigabyte file fails as too large
// instead of filling memory. `claims extract` caps its input by it too.
const DefaultMaxBody = 10 << 20

// FetchOptions configure a Fetcher. Zero fields take the defaults noted.
type FetchOptions struct {
	UserAgent      string        // default UserAgent
	PerHost        rate.Limit    // requests per second per host, default 1
	MaxBody        int64         // bytes, default DefaultMaxBody; larger fails "too large"
	MaxRedirects   int           // default 10; <0 means none are followed
	ConnectTimeout time.Duration // default 10 s
	Timeout        time.Duration // whole request incl. body, default 30 s
	// SourceTimeout bounds one Fetch from its first request to its answer,
	// retries, backoffs and redirects included, default
	// DefaultSourceTimeout; waiting for the host's turn (its rate limit)
	// before the first request does not count.
	SourceTimeout time.Duration
	Retries       int           // retries after the first try, default 3; <0 means none; a timeout is retried once at most
	BackoffBase   time.Duration // first retry delay, doubled each retry, default 1 s
	BackoffMax    time.Duration // default 30 s
	MaxRetryAfter time.Duration // longest Retry-After honoured, default 2 min
	IgnoreRobots  bool          // for local testing only
	// Gate, when set, is where the fetcher takes its turns at each host
	// and gets each host's robots.txt, shared with every fetcher of the
	// same gate (workers on other machines); nil keeps both here.
	Gate HostGate
	// Transport replaces the HTTP transport (tests); nil builds one from
	// ConnectTimeout.
	Transport http.RoundTripper
}

func (o *FetchOptions) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
	if o.PerHost == 0 {
		o.PerHost = 1
	}
	if o.MaxBody == 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 10
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.SourceTimeout == 0 {
		o.SourceTimeout = DefaultSourceTimeout
	}
	if o.Retries == 0 {
		o.Retries = 3
	}
	if o.BackoffBase == 0 {
		o.BackoffBase = time.Second
	}
	if o.BackoffMax == 0 {
		o.BackoffMax = 30 * time.Second
	}
	if o.MaxRetryAfter == 0 {
		o.MaxRetryAfter = 2 * time.Minute
	}
}

// Accept says which content types a fetch takes.
type Accept int

const (
	// AcceptHTML takes HTML pages only.
	AcceptHTML Accept = iota
	// AcceptXML takes feeds and sitemaps: XML, RSS, Atom, JSON feeds, gzip.
	AcceptXML
)

// Response is a fetched body.
type Response struct {
	URL         string // after redirects
	ContentType string
	Body        []byte
}

// Fetcher fetches pages politely. It is safe for concurrent use; the
// number of requests in flight is bounded by its callers (the pipeline's
// fetch workers), the rate per host by the Fetcher itself.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client

	mu      sync.Mutex
	hosts   map[string]*hostState
	robotsF singleflight.Group
}

type hostState struct {
	limiter *rate.Limiter
	robots  *robotstxt.Group // nil until loaded; loaded once
	robErr  error
	loaded  bool
}

// NewFetcher returns a Fetcher with opts (defaults filled in).
func NewFetcher(opts FetchOptions) *Fetcher {
	opts.defaults()
	tr := opts.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   opts.ConnectTimeout,
			ResponseHeaderTimeout: opts.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       60 * time.Second,
			ForceAttemptHTTP2:     true,
		}
	}
	return &Fetcher{
		opts: opts,
		client: &http.Client{
			Transport: tr,
			// Redirects are followed by hand, so that every hop is checked
			// against robots.txt and the rate limit of its own host.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		hosts: map[string]*hostState{},
	}
}

func (f *Fetcher) host(u *nurl.URL) *hostState {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.hosts[key]
	if !ok {
		h = &hostState{limiter: rate.NewLimiter(f.opts.PerHost, 1)}
		f.hosts[key] = h
	}
	return h
}

// Fetch gets rawURL, following redirects and retrying transient failures,
// and returns its body if its content type is one accept takes. Every
// failure is an *Error whose Reason says why.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, accept Accept) (*Response, error) {
	u, err := parseHTTP(rawURL)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	src := &sourceClock{parent: ctx, limit: f.opts.SourceTimeout}
	defer src.stop()
	for hop := 0; ; hop++ {
		if seen[u.String()] {
			return nil, failf(ReasonRedirectLoop, "%s redirects back to %s", rawURL, u)
		}
		seen[u.String()] = true
		resp, next, err := f.fetchOne(src, u, accept)
		if err != nil {
			if src.expired() {
				return nil, &Error{Reason: ReasonTimeout, Err: fmt.Errorf("%s: no answer within %s, retries included (the source timeout): %w", rawURL, f.opts.SourceTimeout, err)}
			}
			return nil, err
		}
		if next == nil {
			return resp, nil
		}
		if limit := max(f.opts.MaxRedirects, 0); hop+1 > limit {
			return nil, failf(ReasonTooManyRedirs, "%s: more than %d redirects", rawURL, limit)
		}
		u = next
	}
}

func parseHTTP(raw string) (*nurl.URL, error) {
	u, err := nurl.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &Error{Reason: ReasonBadURL, Err: err}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, failf(ReasonBadURL, "%q is not an http(s) URL", raw)
	}
	u.Fragment = ""
	return u, nil
}

// fetchOne requests u with retries, within the source's deadline. It
// returns either the response or, for a redirect, the next URL.
func (f *Fetcher) fetchOne(src *sourceClock, u *nurl.URL, accept Accept) (*Response, *nurl.URL, error) {
	h := f.host(u)
	if !f.opts.IgnoreRobots {
		if err := f.allowed(src.parent, h, u); err != nil {
			return nil, nil, err
		}
	}
	var last error
	timeouts := 0
	for attempt := 0; ; attempt++ {
		// The host's turn is waited for on the caller's time, not the
		// source's: a Crawl-delay is no fault of the page.
		if err := f.turn(src.parent, h, u); err != nil {
			return nil, nil, err
		}
		ctx := src.start()
		resp, next, retryAfter, err := f.attempt(ctx, u, accept)
		if err == nil {
			return resp, next, nil
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		last = err
		if ReasonOf(err) == ReasonTimeout {
			timeouts++
		}
		if !retryable(err) || attempt >= f.opts.Retries || timeouts > maxTimeoutRetries {
			return nil, nil, last
		}
		wait := f.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > f.opts.MaxRetryAfter {
				return nil, nil, &Error{Reason: ReasonRetryAfter, Err: fmt.Errorf("%s: server asks to wait %s (limit %s): %w", u, retryAfter, f.opts.MaxRetryAfter, err)}
			}
			wait = retryAfter
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, ctx.Err()
		case <-t.C:
		}
	}
}

// backoff is exponential with full jitter in [d/2, d], so that workers
// retrying the same host do not come back in step.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.opts.BackoffBase << attempt
	if d > f.opts.BackoffMax || d <= 0 {
		d = f.opts.BackoffMax
	}
	return d/2 + rand.N(d/2+1)
}

// retryError marks a failure worth retrying.
type retryError struct{ err *Error }

func (e retryError) Error() string { return e.err.Error() }
func (e retryError) Unwrap() error { return e.err }

func retryable(err error) bool {
	var r retryError
	return errors.As(err, &r)
}

// attempt makes one request. retryAfter is the server's Retry-After, when
// it gave one with a retryable status.
func (f *Fetcher) attempt(ctx context.Context, u *nurl.URL, accept Accept) (resp *Response, next *nurl.URL, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, 0, &Error{Reason: ReasonBadURL, Err: err}
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	if accept == AcceptHTML {
		req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	} else {
		req.Header.Set("Accept", "application/rss+xml,application/atom+xml,application/xml,text/xml;q=0.9,*/*;q=0.1")
	}
	res, err := f.client.Do(req)
	if err != nil {
		return nil, nil, 0, classifyNetErr(u, err)
	}
	defer res.Body.Close()

	switch {
	case res.StatusCode >= 300 && res.StatusCode < 400 && res.StatusCode != http.StatusNotModified:
		loc := res.Header.Get("Location")
		if loc == "" {
			return nil, nil, 0, failf(httpReason(res.StatusCode), "%s: redirect without Location", u)
		}
		n, err := u.Parse(loc)
		if err != nil {
			return nil, nil, 0, failf(ReasonBadURL, "%s: redirect to %q: %v", u, loc, err)
		}
		if n.Scheme != "http" && n.Scheme != "https" {
			return nil, nil, 0, failf(ReasonBadURL, "%s: redirect to non-http URL %s", u, n)
		}
		n.Fragment = ""
		return nil, n, 0, nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		e := failf(httpReason(res.StatusCode), "%s: %s", u, res.Status)
		if res.StatusCode == http.StatusNotImplemented {
			return nil, nil, 0, e
		}
		return nil, nil, parseRetryAfter(res.Header.Get("Retry-After"), time.Now()), retryError{e}
	case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusGone:
		return nil, nil, 0, &Error{Reason: httpReason(res.StatusCode), Err: fmt.Errorf("%s: %s", u, res.Status)}
	case res.StatusCode < 200 || res.StatusCode > 299:
		return nil, nil, 0, failf(httpReason(res.StatusCode), "%s: %s", u, res.Status)
	}

	if res.ContentLength > f.opts.MaxBody {
		return nil, nil, 0, failf(ReasonTooLarge, "%s: %d bytes declared, limit %d", u, res.ContentLength, f.opts.MaxBody)
	}
	ct := res.Header.Get("Content-Type")
	// Refuse by the declared type before reading: an image is not read.
	if ct != "" && !acceptable(ct, accept) {
		return nil, nil, 0, failf(ReasonNotHTML, "%s: content type %q", u, ct)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.opts.MaxBody+1))
	if err != nil {
		return nil, nil, 0, classifyNetErr(u, err)
	}
	if int64(len(body)) > f.opts.MaxBody {
		return nil, nil, 0, failf(ReasonTooLarge, "%s: body over %d bytes", u, f.opts.MaxBody)
	}
	if ct == "" {
		ct = http.DetectContentType(body)
		if !acceptable(ct, accept) {
			return nil, nil, 0, failf(ReasonNotHTML, "%s: no content type, body looks like %q", u, ct)
		}
	}
	return &Response{URL: u.String(), ContentType: ct, Body: body}, nil, 0, nil
}

func acceptable(ct string, accept Accept) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	switch accept {
	case AcceptHTML:
		return mt == "text/html" || mt == "application/xhtml+xml"
	default:
		return strings.Contains(mt, "xml") || strings.Contains(mt, "gzip") || mt == "text/plain" ||
			mt == "application/json" || mt == "application/feed+json" || mt == "application/octet-stream" || mt == "text/html"
	}
}

// classifyNetErr names transport failures. Timeouts and dropped
// connections are retried; the rest (refused, DNS) are not.
func classifyNetErr(u *nurl.URL, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return retryError{&Error{Reason: ReasonTimeout, Err: fmt.Errorf("%s: %w", u, err)}}
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return retryError{&Error{Reason: ReasonNetwork, Err: fmt.Errorf("%s: %w", u, err)}}
	}
	if e := unreachable(u, err); e != nil {
		return e
	}
	return &Error{Reason: ReasonNetwork, Err: fmt.Errorf("%s: %w", u, err)}
}

// parseRetryAfter reads delay-seconds or an HTTP date; 0 when absent or
// unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err == nil {
		if n < 0 {
			return 0
		}
		// A value too large for a Duration would wrap around, perhaps to a
		// short or negative wait; it means "not for a very long time".
		if n > int64(math.MaxInt64/time.Second) {
			return math.MaxInt64
		}
		return time.Duration(n) * time.Second
	}
	if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-") {
		return math.MaxInt64
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// allowed loads the host's robots.txt once (concurrent first requests to a
// host share one fetch) and tests u's path against it.
func (f *Fetcher) allowed(ctx context.Context, h *hostState, u *nurl.URL) error {
	f.mu.Lock()
	loaded, grp, rerr := h.loaded, h.robots, h.robErr
	f.mu.Unlock()
	if !loaded {
		key := u.Scheme + "://" + u.Host
		ch := f.robotsF.DoChan(key, func() (any, error) {
			// The fetch outlives the first caller's cancellation: other
			// callers may be waiting for it.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.opts.Timeout)
			defer cancel()
			g, err := f.loadRobots(rctx, h, u)
			f.mu.Lock()
			h.robots, h.robErr, h.loaded = g, err, true
			f.mu.Unlock()
			return nil, nil
		})
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
		f.mu.Lock()
		grp, rerr = h.robots, h.robErr
		f.mu.Unlock()
	}
	if rerr != nil {
		return rerr
	}
	if grp != nil {
		p := u.EscapedPath()
		if p == "" {
			p = "/"
		}
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		if !grp.Test(p) {
			return failf(ReasonRobots, "%s", u)
		}
	}
	return nil
}

// turn waits for the host's next turn: the gate's when there is one.
func (f *Fetcher) turn(ctx context.Context, h *hostState, u *nurl.URL) error {
	if f.opts.Gate == nil {
		return h.limiter.Wait(ctx)
	}
	lim := h.limiter.Limit()
	if lim == rate.Inf || lim <= 0 {
		return nil
	}
	every := time.Duration(float64(time.Second) / float64(lim))
	if err := f.opts.Gate.Wait(ctx, u.Scheme+"://"+u.Host, every); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The gate (JetStream) could not be reached: a failure that may
		// pass, as a network's does.
		return &Error{Reason: ReasonNetwork, Err: fmt.Errorf("%s: wait for a turn: %w", u.Host, err)}
	}
	return nil
}

// loadRobots gets robots.txt (through the gate, when there is one) and
// applies its Crawl-delay to the host's limiter when it asks for fewer
// requests than the default. Following the robots.txt standard (RFC
// 9309): 4xx means no rules; 5xx or no answer means stay away from the
// host.
func (f *Fetcher) loadRobots(ctx context.Context, h *hostState, u *nurl.URL) (*robotstxt.Group, error) {
	get := func(ctx context.Context) (RobotsFile, error) { return f.getRobots(ctx, h, u) }
	var file RobotsFile
	var err error
	if f.opts.Gate != nil {
		file, err = f.opts.Gate.Robots(ctx, u.Scheme+"://"+u.Host, get)
	} else {
		file, err = get(ctx)
	}
	if err != nil {
		return nil, err
	}
	if file.Status >= 500 {
		return nil, failf(ReasonRobotsDown, "%s://%s/robots.txt: status %d", u.Scheme, u.Host, file.Status)
	}
	if file.Status < 200 || file.Status > 299 {
		return nil, nil
	}
	data, err := robotstxt.FromBytes(file.Body)
	if err != nil {
		// Unparseable rules are no rules: the operator meant something,
		// but nothing we can read forbids the fetch.
		return nil, nil
	}
	g := data.FindGroup(robotsAgent)
	if g != nil && g.CrawlDelay > 0 {
		if lim := rate.Every(g.CrawlDelay); lim < h.limiter.Limit() {
			h.limiter.SetLimit(lim)
		}
	}
	return g, nil
}

// getRobots fetches u's host's robots.txt, following redirects on the
// host; one off the host counts as none.
func (f *Fetcher) getRobots(ctx context.Context, h *hostState, u *nurl.URL) (RobotsFile, error) {
	ru := &nurl.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	for redirects := 0; ; redirects++ {
		if err := f.turn(ctx, h, u); err != nil {
			return RobotsFile{}, &Error{Reason: ReasonRobotsDown, Err: err}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
		if err != nil {
			return RobotsFile{}, &Error{Reason: ReasonRobotsDown, Err: err}
		}
		req.Header.Set("User-Agent", f.opts.UserAgent)
		res, err := f.client.Do(req)
		if err != nil {
			// A host that is not there is reported as such, not as a
			// robots.txt that could not be read.
			if e := unreachable(u, err); e != nil {
				return RobotsFile{}, e
			}
			return RobotsFile{}, &Error{Reason: ReasonRobotsDown, Err: fmt.Errorf("%s: %w", ru, err)}
		}
		file := RobotsFile{Status: res.StatusCode}
		loc := res.Header.Get("Location")
		file.Body, err = io.ReadAll(io.LimitReader(res.Body, 512<<10))
		res.Body.Close()
		if err != nil {
			return RobotsFile{}, &Error{Reason: ReasonRobotsDown, Err: fmt.Errorf("%s: %w", ru, err)}
		}
		if file.Status >= 300 && file.Status < 400 && loc != "" && redirects < 5 {
			if n, err := ru.Parse(loc); err == nil && n.Host == u.Host {
				ru = n
				continue
			}
			file = RobotsFile{Status: http.StatusNotFound} // off-host robots: treat as none
		}
		return file, nil
	}
}

// gunzipIfNeeded inflates a gzip body (a sitemap.xml.gz served as is);
// the inflated size is capped like any body.
func gunzipIfNeeded(b []byte, limit int64) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, &Error{Reason: ReasonParse, Err: fmt.Errorf("gunzip: %w", err)}
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, &Error{Reason: ReasonParse, Err: fmt.Errorf("gunzip: %w", err)}
	}
	if int64(len(out)) > limit {
		return nil, failf(ReasonTooLarge, "gunzipped body over %d bytes", limit)
	}
	return out, nil
}
