package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/claims-project/claims/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Limits on what one request may ask or send.
const (
	// MaxClaimsPage is the most claims one request returns.
	MaxClaimsPage = 500
	// MaxSpeakersPage is the most speakers one request returns.
	MaxSpeakersPage = 1000
	// maxBody bounds request bodies but that of POST /api/articles.
	maxBody = 1 << 20
	// maxArticleBody bounds POST /api/articles: an article's text and
	// claims, as ingest sends them.
	maxArticleBody = 64 << 20
	// maxSources bounds the sources of one ingest job.
	maxSources = 10_000
	// requestTimeout bounds the work of one request.
	requestTimeout = 30 * time.Second
)

// StoreCacheBytes is the block and index cache claims serve opens its
// store with (store.Options.CacheBytes): a server answers queries all
// day, and a cache that holds the hot tables' blocks decompressed spares
// each query most of its reads.
const StoreCacheBytes = 256 << 20

// csp allows the server's own scripts, styles and images, nothing inline,
// no framing and no form posted elsewhere.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Ingester runs the sources of POST /api/ingest into the store, counting
// what happens in p as it goes. cmd/claims wires in the ingest pipeline.
type Ingester interface {
	Ingest(ctx context.Context, sources []string, refresh bool, p *Progress) error
}

// Progress counts an ingest job's sources as they end.
type Progress struct {
	Queued, Stored, Skipped, Failed, Claims atomic.Int64
}

// Options configure a Server.
type Options struct {
	// Store is the open store served; the caller closes it.
	Store *store.Store
	// Ingester runs POST /api/ingest; nil answers 501.
	Ingester Ingester
	// Token is what POST requests (and, with TokenForReads, every
	// request) must present. Empty refuses every POST.
	Token string
	// TokenForReads makes every request need the token: what a server
	// reachable beyond loopback must do.
	TokenForReads bool
	// Loopback makes the server refuse a Host header that does not name
	// a loopback address, so that a web page cannot reach it through a
	// name that resolves to 127.0.0.1 (DNS rebinding).
	Loopback bool
	// CheckpointEvery is how many articles POST /api/articles writes
	// between two store checkpoints (see store.Checkpoint); 0 means 500,
	// negative never.
	CheckpointEvery int
	// Log receives one line per failed request; nil discards.
	Log *slog.Logger
	// Readers is how many requests may read the store at once; the
	// others wait in line (see readers). 0 means twice GOMAXPROCS.
	Readers int
	// NoCache turns off the cache of answers to GET /api/claims and
	// /api/speakers, which holds them until the store's next write.
	NoCache bool
	// Ready, if set, is called by Serve with the server's URL once the
	// store's lock says where it listens: from then on, commands on the
	// store reach it.
	Ready func(url string)
}

// Server is the HTTP handler of a store. Its methods are safe for
// concurrent use.
type Server struct {
	opts     Options
	st       *store.Store
	mux      *http.ServeMux
	pages    *template.Template
	jobs     *jobs
	cache    answerCache
	readers  readers
	writes   atomic.Int64
	instance string
}

// New builds the handler for opts.Store.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("server: no store")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.CheckpointEvery == 0 {
		opts.CheckpointEvery = 500
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, st: opts.Store, mux: http.NewServeMux(), pages: pages, jobs: newJobs(), instance: randomHex(8),
		readers: newReaders(opts.Readers)}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /healthz", s.health)
	// Reads of the store wait in line (admit); an answer from the
	// cache does not.
	s.mux.HandleFunc("GET /api/claims", s.cached(s.admit(s.apiClaims)))
	s.mux.HandleFunc("GET /api/speakers", s.cached(s.admit(s.apiSpeakers)))
	s.mux.HandleFunc("GET /api/articles/{id}", s.admit(s.apiArticle))
	s.mux.HandleFunc("GET /api/groups/{id}", s.admit(s.apiGroup))
	s.mux.HandleFunc("POST /api/articles", s.apiPut)
	s.mux.HandleFunc("GET /api/sources", s.admit(s.apiSource))
	s.mux.HandleFunc("GET /api/stats", s.admit(s.apiStats))
	s.mux.HandleFunc("GET /api/check", s.apiCheck)
	s.mux.HandleFunc("POST /api/ingest", s.apiIngest)
	s.mux.HandleFunc("GET /api/jobs/{id}", s.apiJob)
	s.mux.HandleFunc("/api/", s.apiNotFound)
	s.mux.HandleFunc("GET /{$}", s.admit(s.pageSearch))
	s.mux.HandleFunc("GET /speakers/{key}", s.admit(s.pageSpeaker))
	s.mux.HandleFunc("GET /articles/{id}", s.admit(s.pageArticle))
	s.mux.HandleFunc("GET /quotes/{id}", s.admit(s.pageQuote))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, http.StatusNotFound, "There is no page at this address.")
	})
}

// apiNotFound answers an API path no route takes: 405 with Allow when
// another method would be taken, else 404.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: use %s", r.Method, r.URL.Path, strings.Join(allow, " or ")))
		return
	}
	writeError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
}

// ServeHTTP checks the request (host, token, origin, body size) and
// routes it, with security headers on every response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if s.opts.Loopback && !loopbackHost(r.Host) {
		writeError(w, http.StatusForbidden, fmt.Sprintf("host %q is not a loopback name: this server answers only to 127.0.0.1, [::1] and localhost", r.Host))
		return
	}
	if code, msg := s.authorize(w, r); code != 0 {
		writeError(w, code, msg)
		return
	}
	limit := int64(maxBody)
	if r.URL.Path == "/api/articles" {
		limit = maxArticleBody
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// tokenCookie carries the token for a browser once ?token= gave it.
const tokenCookie = "claims_token"

// authorize returns 0 when r may proceed, else the status and message to
// refuse it with. A GET with a correct ?token= sets the cookie.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (int, string) {
	bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if s.opts.Token == "" {
			return http.StatusForbidden, "this server takes no writes (started without a token)"
		}
		if !s.tokenOK(bearer) {
			return http.StatusUnauthorized, "a POST needs the server's token as Authorization: Bearer TOKEN"
		}
		if !sameOrigin(r) {
			return http.StatusForbidden, "cross-origin request refused"
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return http.StatusUnsupportedMediaType, "a POST body must be application/json"
		}
		return 0, ""
	}
	if !s.opts.TokenForReads {
		return 0, ""
	}
	if q := r.URL.Query().Get("token"); q != "" && s.tokenOK(q) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: q, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		return 0, ""
	}
	if c, err := r.Cookie(tokenCookie); err == nil && s.tokenOK(c.Value) {
		return 0, ""
	}
	if s.tokenOK(bearer) {
		return 0, ""
	}
	return http.StatusUnauthorized, "this server needs its token: Authorization: Bearer TOKEN, or ?token=TOKEN once in a browser"
}

func (s *Server) tokenOK(t string) bool {
	return t != "" && s.opts.Token != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.opts.Token)) == 1
}

// sameOrigin refuses a request a browser sent from another site: by
// Sec-Fetch-Site, else by Origin against the Host it was sent to. A
// request without either (curl, the claims CLI) is not a browser's.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	return o == "http://"+r.Host || o == "https://"+r.Host
}

// loopbackHost reports whether a Host header names loopback.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsLoopback reports whether addr (HOST:PORT) binds only loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewToken returns a random token for a server started without one.
func NewToken() string { return randomHex(24) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
