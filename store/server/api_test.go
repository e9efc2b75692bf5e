package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// linesJSON is results as query --json prints them.
func linesJSON(t testing.TB, rs []store.Result) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range rs {
		if err := enc.Encode(store.NewLine(r)); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

func collect(t testing.TB, b interface {
	Query(context.Context, store.Query, func(store.Result) error) error
}, q store.Query) []store.Result {
	t.Helper()
	var out []store.Result
	if err := b.Query(context.Background(), q, func(r store.Result) error { out = append(out, r); return nil }); err != nil {
		t.Fatalf("query %+v: %v", q, err)
	}
	return out
}

// TestAPIClaimsAreQueryJSON: /api/claims returns the objects query --json
// prints, newest first, and its pages together are the whole answer.
func TestAPIClaimsAreQueryJSON(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{})
	want := collect(t, st, store.Query{Speaker: "Calloway"})
	if len(want) != 4 {
		t.Fatalf("fixture: %d Calloway claims", len(want))
	}
	code, h, body := get(t, hs, "/api/claims?speaker=Calloway")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, %s", code, h.Get("Content-Type"))
	}
	var p struct {
		Claims []json.RawMessage `json:"claims"`
		Next   *string           `json:"next"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, c := range p.Claims {
		got.Write(c)
		got.WriteString("\n")
	}
	if got.String() != linesJSON(t, want) || p.Next != nil {
		t.Errorf("api:\n%s\nquery --json:\n%s\nnext %v", got.String(), linesJSON(t, want), p.Next)
	}
	// One claim a page, following next.
	var ids []string
	path := "/api/claims?speaker=Calloway&limit=1"
	for range 10 {
		var p claimsPage
		_, _, body := get(t, hs, path)
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		for _, l := range p.Claims {
			ids = append(ids, l.ID)
		}
		if p.Next == "" {
			break
		}
		path = "/api/claims?speaker=Calloway&limit=1&cursor=" + url.QueryEscape(p.Next)
	}
	var wantIDs []string
	for _, r := range want {
		wantIDs = append(wantIDs, r.Claim.ID)
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("pages of 1: %v, want %v", ids, wantIDs)
	}
}

// bigStore holds 1,200 claims by 1,200 speakers, more than a page of
// either.
func bigStore(t testing.TB) *store.Store {
	st := testStore(t)
	for a := range 6 {
		text := strings.Repeat("x", 400)
		url := fmt.Sprintf("https://big.example/%d", a)
		art := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Published: time.Date(2024, 1, 1+a, 0, 0, 0, 0, time.UTC), Text: text}
		cs := make([]claims.Claim, 200)
		for i := range cs {
			cs[i] = claims.Claim{Kind: claims.Indirect, Text: "x", Start: i, End: i + 1,
				Speaker: &claims.Speaker{Name: fmt.Sprintf("Speaker%04d Person", a*200+i)}}
		}
		claims.AssignIDs(art.ID, cs)
		if _, err := st.Put(context.Background(), art, cs, url); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// TestPaginationCaps: no request gets more than a page, however much it
// asks for, and the client still reads everything.
func TestPaginationCaps(t *testing.T) {
	st := bigStore(t)
	_, hs := testServer(t, st, Options{})
	var p claimsPage
	_, _, body := get(t, hs, "/api/claims?limit=1000000")
	json.Unmarshal([]byte(body), &p)
	if len(p.Claims) != MaxClaimsPage || p.Next == "" {
		t.Errorf("limit=1000000: %d claims, next %q; want %d and a cursor", len(p.Claims), p.Next, MaxClaimsPage)
	}
	var sp speakersPage
	_, _, body = get(t, hs, "/api/speakers?top=1000000")
	json.Unmarshal([]byte(body), &sp)
	if len(sp.Speakers) != MaxSpeakersPage {
		t.Errorf("top=1000000: %d speakers, want %d", len(sp.Speakers), MaxSpeakersPage)
	}
	_, _, body = get(t, hs, "/api/speakers?first=1000000")
	json.Unmarshal([]byte(body), &sp)
	if len(sp.Speakers) != MaxSpeakersPage || sp.Next == "" {
		t.Errorf("first=1000000: %d speakers, next %q", len(sp.Speakers), sp.Next)
	}
	c := NewClient(hs.URL, "")
	if got, want := collect(t, c, store.Query{}), collect(t, st, store.Query{}); linesJSON(t, got) != linesJSON(t, want) || len(got) < 1200 {
		t.Errorf("client read %d claims through pages, store has %d", len(got), len(want))
	}
	all, err := c.Speakers(context.Background(), store.SpeakerQuery{})
	want, _ := st.Speakers(context.Background(), store.SpeakerQuery{})
	if err != nil || !slices.EqualFunc(all, want, func(a, b store.SpeakerCount) bool { return a.Key == b.Key && a.Claims == b.Claims }) {
		t.Errorf("client speakers: %d (%v), store %d", len(all), err, len(want))
	}
}

// TestAPIErrors: every error is JSON with its message and the status it
// calls for.
func TestAPIErrors(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{Token: "tok"})
	for _, tc := range []struct {
		path   string
		status int
		msg    string
	}{
		{"/api/claims?kind=bogus", 400, `kind="bogus"`},
		{"/api/claims?since=yesterday", 400, "since="},
		{"/api/claims?limit=-3", 400, "limit="},
		{"/api/claims?cursor=%21%21", 400, "cursor"},
		{"/api/claims?speaker=%2A%2A%2A", 400, "no letters or digits"},
		{"/api/speakers?top=x", 400, "top="},
		{"/api/articles/a_none", 404, "no article"},
		{"/api/groups/g_none", 404, "no such quote group"},
		{"/api/groups/g_none?occurrences=some", 400, `occurrences="some"`},
		{"/api/jobs/j99", 404, "no job"},
		{"/api/nothing", 404, "no such API endpoint"},
	} {
		code, h, body := get(t, hs, tc.path)
		var e errorBody
		if err := json.Unmarshal([]byte(body), &e); err != nil || code != tc.status || e.Status != tc.status ||
			!strings.Contains(e.Error, tc.msg) || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %q, want %d with %q", tc.path, code, body, tc.status, tc.msg)
		}
	}
	code, h, body := post(t, hs, "/api/claims", "tok", "", `{}`)
	if code != 405 || h.Get("Allow") != "GET" || !strings.Contains(body, `"status":405`) {
		t.Errorf("POST /api/claims: %d %s %q", code, h.Get("Allow"), body)
	}
	if code, _, body := post(t, hs, "/api/articles", "tok", "", `{"article": [`); code != 400 || !strings.Contains(body, "not the JSON expected") {
		t.Errorf("bad JSON: %d %q", code, body)
	}
	if code, _, body := post(t, hs, "/api/ingest", "tok", "", `{"sources": ["x"]}`); code != 501 {
		t.Errorf("ingest without an Ingester: %d %q", code, body)
	}
	if code, _, body := post(t, hs, "/api/articles", "tok", "", `{"article": {"id": ""}}`); code != 400 || !strings.Contains(body, "empty article id") {
		t.Errorf("article without id: %d %q", code, body)
	}
}

func post(t testing.TB, hs *httptest.Server, url, token, origin, body string, header ...string) (int, http.Header, string) {
	t.Helper()
	auth := ""
	if token != "" {
		auth = "Bearer " + token
	}
	h := append([]string{"Content-Type", "application/json", "Authorization", auth, "Origin", origin}, header...)
	return request(t, hs, http.MethodPost, url, body, h...)
}

// fakeIngester counts sources into the job's progress.
type fakeIngester struct{ calls atomic.Int32 }

func (f *fakeIngester) Ingest(ctx context.Context, sources []string, refresh bool, p *Progress) error {
	f.calls.Add(1)
	for _, s := range sources {
		p.Queued.Add(1)
		if strings.HasPrefix(s, "bad") {
			p.Failed.Add(1)
			continue
		}
		p.Stored.Add(1)
		p.Claims.Add(2)
	}
	return nil
}

// TestPostNeedsTokenAndSameOrigin: on loopback too, a POST needs the
// token, a JSON body, and no other site's origin.
func TestPostNeedsTokenAndSameOrigin(t *testing.T) {
	st := testStore(t)
	ing := &fakeIngester{}
	_, hs := testServer(t, st, Options{Token: "s3cret", Ingester: ing})
	body := `{"sources": ["a", "bad", "c"]}`
	cases := []struct {
		name, token, origin string
		header              []string
		status              int
	}{
		{"no token", "", "", nil, 401},
		{"wrong token", "nope", "", nil, 401},
		{"other origin", "s3cret", "https://evil.example", nil, 403},
		{"cross-site fetch", "s3cret", "", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"form body", "s3cret", "", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
	}
	for _, tc := range cases {
		code, _, b := post(t, hs, "/api/ingest", tc.token, tc.origin, body, tc.header...)
		if code != tc.status || !strings.Contains(b, `"error"`) {
			t.Errorf("%s: %d %q, want %d", tc.name, code, b, tc.status)
		}
	}
	if ing.calls.Load() != 0 {
		t.Fatalf("a refused POST ran the ingester")
	}
	code, h, b := post(t, hs, "/api/ingest", "s3cret", hs.URL, body)
	var j JobJSON
	if code != 202 || json.Unmarshal([]byte(b), &j) != nil || j.ID == "" || h.Get("Location") != "/api/jobs/"+j.ID {
		t.Fatalf("same-origin POST with token: %d %q", code, b)
	}
	for deadline := time.Now().Add(5 * time.Second); j.State == "running" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		_, _, b := get(t, hs, "/api/jobs/"+j.ID)
		json.Unmarshal([]byte(b), &j)
	}
	if j.State != "done" || j.Sources != 3 || j.Stored != 2 || j.Failed != 1 || j.Claims != 4 || j.Finished == nil {
		t.Errorf("job: %+v", j)
	}
	if _, err := New(Options{Store: st}); err != nil {
		t.Fatal(err)
	}
	_, hs2 := testServer(t, st, Options{})
	if code, _, b := post(t, hs2, "/api/ingest", "x", "", body); code != 403 {
		t.Errorf("POST to a server without a token: %d %q", code, b)
	}
}

// TestTokenForReads: off loopback every request needs the token: a
// header, or ?token= once in a browser, which sets a cookie.
func TestTokenForReads(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{Token: "s3cret", TokenForReads: true})
	ines := speakerKey(t, st, "ines calloway")
	for _, p := range []string{"/", "/api/claims", "/healthz", "/static/app.css", "/speakers/" + ines} {
		if code, _, _ := get(t, hs, p); code != 401 {
			t.Errorf("%s without token: %d", p, code)
		}
	}
	if code, _, _ := get(t, hs, "/api/claims", "Authorization", "Bearer s3cret"); code != 200 {
		t.Errorf("with bearer: %d", code)
	}
	if code, _, _ := get(t, hs, "/api/claims?token=wrong"); code != 401 {
		t.Errorf("wrong ?token: %d", code)
	}
	code, h, _ := get(t, hs, "/?token=s3cret")
	cookie := h.Get("Set-Cookie")
	if code != 200 || !strings.Contains(cookie, tokenCookie+"=s3cret") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Fatalf("?token=: %d, cookie %q", code, cookie)
	}
	if code, _, _ := get(t, hs, "/api/claims", "Cookie", tokenCookie+"=s3cret"); code != 200 {
		t.Errorf("with cookie: %d", code)
	}
}

// TestLoopbackHostOnly: a loopback server refuses a Host that is not
// loopback, as a DNS-rebinding page would send.
func TestLoopbackHostOnly(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{Loopback: true})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(hs.URL, "http://"))
	for host, want := range map[string]int{
		"evil.example:" + port: 403, "127.0.0.1:" + port: 200, "localhost:" + port: 200, "[::1]:" + port: 200, "127.9.9.9": 200, "localhost.evil.example": 403,
	} {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/healthz", nil)
		req.Host = host
		resp, err := hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:0": true, "[::1]:80": true, "0.0.0.0:8080": false, ":8080": false, "192.168.1.2:80": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) = %v", addr, !want)
		}
	}
}

// TestBodyLimits: a body over its limit is refused with 413.
func TestBodyLimits(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{Token: "t", Ingester: &fakeIngester{}})
	big := `{"sources": ["` + strings.Repeat("x", maxBody) + `"]}`
	code, _, body := post(t, hs, "/api/ingest", "t", "", big)
	if code != 413 || !strings.Contains(body, `"status":413`) {
		t.Errorf("ingest body over %d bytes: %d %.200q", maxBody, code, body)
	}
	many := `{"sources": [` + strings.Repeat(`"x",`, maxSources) + `"x"]}`
	if code, _, body := post(t, hs, "/api/ingest", "t", "", many); code != 400 || !strings.Contains(body, "at most") {
		t.Errorf("%d sources: %d %.200q", maxSources+1, code, body)
	}
}

// TestServerTimeouts: the http.Server has every timeout set, and a client
// that never finishes its headers is cut off.
func TestServerTimeouts(t *testing.T) {
	st := testStore(t)
	srv, err := New(Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.httpServer()
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout < requestTimeout || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Fatalf("timeouts: %+v", hs)
	}
	hs.ReadHeaderTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	defer hs.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = bufio.NewReader(conn).ReadString('\n')
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server kept a connection with unfinished headers open for 5 s")
	}
}

// TestSecurityHeaders: every response, page, API, static file or error,
// carries the Content-Security-Policy and its companions.
func TestSecurityHeaders(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{})
	ines := speakerKey(t, st, "ines calloway")
	for _, p := range []string{"/", "/api/claims", "/static/app.js", "/nowhere", "/api/nothing", "/speakers/" + ines} {
		_, h, _ := get(t, hs, p)
		if h.Get("Content-Security-Policy") != csp || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("csp %q", csp)
	}
}

// FuzzAPIQuery: whatever query string a client sends to the claims and
// speakers endpoints and the pages, the answer is a JSON error or a page,
// never a panic or a 500.
func FuzzAPIQuery(f *testing.F) {
	st := testStore(f)
	srv, err := New(Options{Store: st})
	if err != nil {
		f.Fatal(err)
	}
	ines := speakerKey(f, st, "ines calloway")
	for _, s := range []string{"speaker=Calloway&limit=2", "kind=direct,partial&since=2025-05-01", "cursor=AAAA&limit=99999999999999999999",
		"q=%00%ff&about=***", "until=2025-13-45", "top=-1&first=3&after=zzz", "key=" + ines + "&kind=indirect"} {
		f.Add("/api/claims", s)
		f.Add("/api/speakers", s)
		f.Add("/", s)
		f.Add("/speakers/"+ines, s)
	}
	f.Fuzz(func(t *testing.T, path, raw string) {
		switch path {
		case "/api/claims", "/api/speakers", "/", "/speakers/" + ines:
		default:
			return
		}
		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil)
		req.URL.RawQuery = raw
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Errorf("%s?%s: %d %s", path, raw, w.Code, w.Body.String())
		}
	})
}

// TestAnswerCacheFollowsWrites: a cached answer is served again only
// until the store's next write.
func TestAnswerCacheFollowsWrites(t *testing.T) {
	st := testStore(t)
	srv, hs := testServer(t, st, Options{})
	count := func() int {
		var p claimsPage
		_, _, body := get(t, hs, "/api/claims?speaker=Calloway")
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		return len(p.Claims)
	}
	if n := count(); n != 4 {
		t.Fatalf("%d claims", n)
	}
	if _, ok := srv.cache.get(st.Generation(), "/api/claims?speaker=Calloway"); !ok {
		t.Fatal("the answer was not cached")
	}
	if n := count(); n != 4 {
		t.Fatalf("cached answer: %d claims", n)
	}
	text := "Ines Calloway said “one more”."
	a := claims.Article{ID: claims.ArticleID("", text), Text: text, Published: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}
	cs := []claims.Claim{claimAt(text, claims.Direct, "one more", "Ines Calloway", "Ines Calloway", "said")}
	claims.AssignIDs(a.ID, cs)
	if _, err := st.Put(context.Background(), a, cs, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 5 {
		t.Errorf("after a write: %d claims, want 5", n)
	}
}
