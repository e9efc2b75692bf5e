package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// errorBody is every API error.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg, Status: status})
}

// statusOf is the HTTP status an error of the store or of a request calls
// for.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, store.ErrBadQuery), errors.Is(err, errBadRequest), errors.Is(err, store.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers err as JSON with its status, logging the server's own
// failures.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := statusOf(err)
	if code >= 500 {
		s.opts.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeError(w, code, err.Error())
}

// errBadRequest marks a request the API cannot read.
var errBadRequest = errors.New("bad request")

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, args...))
}

// intParam reads a non-negative integer parameter, def when absent, capped
// at max.
func intParam(v url.Values, name string, def, max int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, badRequest("%s=%q: want a whole number, 0 or more", name, s)
	}
	return min(n, max), nil
}

// timeParam reads an RFC 3339 instant or a YYYY-MM-DD date (midnight UTC).
func timeParam(v url.Values, name string) (time.Time, error) {
	s := v.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("%s=%q: want RFC 3339 or YYYY-MM-DD", name, s)
}

// claimsQuery reads the filters of GET /api/claims (and of the pages).
func claimsQuery(v url.Values, defLimit int) (store.Query, error) {
	q := store.Query{
		Speaker: v.Get("speaker"), SpeakerKey: v.Get("key"), About: v.Get("about"), Site: v.Get("site"),
		Contains: v.Get("q"), After: v.Get("cursor"), Exact: v.Get("exact") == "true",
		Distinct: v.Get("distinct") == "true",
	}
	for _, ks := range v["kind"] {
		for k := range strings.SplitSeq(ks, ",") {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			kind := claims.Kind(strings.ToLower(k))
			if !kind.Valid() {
				return q, badRequest("kind=%q: want direct, partial or indirect", k)
			}
			q.Kinds = append(q.Kinds, kind)
		}
	}
	var err error
	if q.Since, err = timeParam(v, "since"); err != nil {
		return q, err
	}
	if q.Until, err = timeParam(v, "until"); err != nil {
		return q, err
	}
	if q.Limit, err = intParam(v, "limit", defLimit, MaxClaimsPage); err != nil {
		return q, err
	}
	if q.Limit == 0 {
		q.Limit = defLimit
	}
	return q, nil
}

// claimsPage is the answer of GET /api/claims.
type claimsPage struct {
	Claims []store.Line `json:"claims"`
	Next   string       `json:"next,omitempty"`
}

// page runs q for one page: q.Limit results, and the cursor of the last
// one when more follow.
func (s *Server) page(ctx context.Context, q store.Query) ([]store.Result, string, error) {
	limit := q.Limit
	q.Limit = limit + 1
	var out []store.Result
	err := s.st.Query(ctx, q, func(r store.Result) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	if len(out) > limit {
		out = out[:limit]
		return out, out[limit-1].Cursor(), nil
	}
	return out, "", nil
}

func (s *Server) apiClaims(w http.ResponseWriter, r *http.Request) {
	q, err := claimsQuery(r.URL.Query(), 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, next, err := s.page(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := claimsPage{Claims: make([]store.Line, len(res)), Next: next}
	for i, x := range res {
		p.Claims[i] = store.NewLine(x)
	}
	writeJSON(w, http.StatusOK, p)
}

// SpeakerJSON is one speaker entity in GET /api/speakers, as `claims
// speakers --json` prints it: key is the entity's id (speaker.entity.id
// of its claims), name its canonical name; first and last (RFC 3339) only
// when asked for (dates=1).
type SpeakerJSON struct {
	Name     string     `json:"name"`
	Key      string     `json:"key"`
	Kind     string     `json:"kind,omitempty"`
	Claims   int        `json:"claims"`
	Articles int        `json:"articles,omitempty"`
	Aliases  []string   `json:"aliases,omitempty"`
	Titles   []string   `json:"titles,omitempty"`
	First    *time.Time `json:"first,omitempty"`
	Last     *time.Time `json:"last,omitempty"`
}

// NewSpeakerJSON is the JSON of one row of store.Speakers.
func NewSpeakerJSON(sc store.SpeakerCount) SpeakerJSON {
	j := SpeakerJSON{Name: sc.Name, Key: sc.Key, Kind: sc.Kind, Claims: sc.Claims, Articles: sc.Articles, Aliases: sc.Aliases, Titles: sc.Titles}
	if !sc.First.IsZero() {
		j.First = &sc.First
	}
	if !sc.Last.IsZero() {
		j.Last = &sc.Last
	}
	return j
}

// Count is the row of store.Speakers a SpeakerJSON was made of.
func (j SpeakerJSON) Count() store.SpeakerCount {
	sc := store.SpeakerCount{Name: j.Name, Key: j.Key, Kind: j.Kind, Claims: j.Claims, Articles: j.Articles, Aliases: j.Aliases, Titles: j.Titles}
	if j.First != nil {
		sc.First = j.First.UTC()
	}
	if j.Last != nil {
		sc.Last = j.Last.UTC()
	}
	return sc
}

type speakersPage struct {
	Speakers []SpeakerJSON `json:"speakers"`
	Next     string        `json:"next,omitempty"`
}

// apiSpeakers answers the top speaker entities (top=, at most
// MaxSpeakersPage), those matching q= as typed or those a speaker query
// by name= means, or with first= a page in key order after after=;
// dates=1 adds each one's first and last dates.
func (s *Server) apiSpeakers(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	sq := store.SpeakerQuery{Match: v.Get("q"), Name: v.Get("name"), After: v.Get("after"), Dates: v.Get("dates") == "1"}
	var err error
	if sq.Top, err = intParam(v, "top", 20, MaxSpeakersPage); err == nil {
		sq.First, err = intParam(v, "first", 0, MaxSpeakersPage)
	}
	if err == nil {
		sq.Since, err = timeParam(v, "since")
	}
	if err == nil {
		sq.Until, err = timeParam(v, "until")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sq.Top == 0 {
		sq.Top = MaxSpeakersPage
	}
	list, err := s.st.Speakers(r.Context(), sq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := speakersPage{Speakers: make([]SpeakerJSON, len(list))}
	for i, sc := range list {
		p.Speakers[i] = NewSpeakerJSON(sc)
	}
	if sq.First > 0 && len(list) == sq.First {
		p.Next = list[len(list)-1].Key
	}
	writeJSON(w, http.StatusOK, p)
}

// articleBody is GET /api/articles/{id} and the body of POST
// /api/articles: an article with its text and claims, and for a POST the
// source it came from.
type articleBody struct {
	Article claims.Article `json:"article"`
	Claims  []claims.Claim `json:"claims"`
	Source  string         `json:"source,omitempty"`
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, cs, err := s.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cs == nil {
		cs = []claims.Claim{}
	}
	for i := range cs {
		cs[i] = store.SpecClaim(cs[i])
	}
	writeJSON(w, http.StatusOK, articleBody{Article: a, Claims: cs})
}

// GroupJSON is GET /api/groups/{id}: a quote group (store.Group) with its
// occurrences as query lines, oldest first.
type GroupJSON struct {
	ID          string       `json:"id"`
	Canonical   string       `json:"canonical"`
	Size        int          `json:"size"`
	Sites       int          `json:"sites"`
	FirstSeen   time.Time    `json:"first_seen,omitzero"`
	Occurrences []store.Line `json:"occurrences"`
}

// NewGroupJSON is g as the API prints it.
func NewGroupJSON(g store.Group) GroupJSON {
	out := GroupJSON{ID: g.ID, Canonical: g.Canonical, Size: g.Size, Sites: g.Sites, FirstSeen: g.FirstSeen,
		Occurrences: make([]store.Line, len(g.Occurrences))}
	for i, r := range g.Occurrences {
		out.Occurrences[i] = store.NewLine(r)
	}
	return out
}

func (s *Server) apiGroup(w http.ResponseWriter, r *http.Request) {
	read := s.st.Group
	switch o := r.URL.Query().Get("occurrences"); o {
	case "", "all":
	case "first":
		read = s.st.GroupHead
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("occurrences=%q: want all or first", o))
		return
	}
	g, err := read(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, NewGroupJSON(g))
}

// putJSON is the answer of POST /api/articles.
type putJSON struct {
	ArticleID  string `json:"article_id"`
	Claims     int    `json:"claims"`
	Unchanged  bool   `json:"unchanged"`
	Replaced   int    `json:"replaced"`
	New        bool   `json:"new"`
	Superseded string `json:"superseded,omitempty"`
}

// apiPut stores one article as store.Put does: what `claims ingest` sends
// to the server holding its store. It answers once the article is
// durable: a store opened with GroupCommit (claims serve's) is synced
// first.
func (s *Server) apiPut(w http.ResponseWriter, r *http.Request) {
	var body articleBody
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.st.Put(r.Context(), body.Article, body.Claims, body.Source)
	if err == nil {
		err = s.st.Sync()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !res.Unchanged {
		s.maybeCheckpoint()
	}
	writeJSON(w, http.StatusOK, putJSON{res.ArticleID, res.Claims, res.Unchanged, res.Replaced, res.New, res.Superseded})
}

// maybeCheckpoint checkpoints the store every CheckpointEvery articles
// written through the API, as a long ingest does, so that a server that
// ingests for days stays flat in memory.
func (s *Server) maybeCheckpoint() {
	n := s.writes.Add(1)
	if every := int64(s.opts.CheckpointEvery); every > 0 && n%every == 0 {
		if err := s.st.Checkpoint(); err != nil {
			s.opts.Log.Error("checkpoint", "err", err)
		}
	}
}

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fmt.Errorf("request body over %d bytes: %w", mbe.Limit, err)
		}
		return badRequest("body is not the JSON expected: %v", err)
	}
	return nil
}

func (s *Server) apiSource(w http.ResponseWriter, r *http.Request) {
	ok, err := s.st.HasSource(r.Context(), r.URL.Query().Get("source"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"stored": ok})
}

// StatsJSON is GET /api/stats.
type StatsJSON struct {
	Store     string         `json:"store"`
	Articles  int            `json:"articles"`
	Claims    int            `json:"claims"`
	ByKind    map[string]int `json:"by_kind"`
	Speakers  int            `json:"speakers"`
	Oldest    *time.Time     `json:"oldest,omitempty"`
	Newest    *time.Time     `json:"newest,omitempty"`
	DiskBytes int64          `json:"disk_bytes"`
	LSMBytes  int64          `json:"lsm_bytes"`
	VLogBytes int64          `json:"vlog_bytes"`
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.st.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	j := StatsJSON{Store: st.Dir, Articles: st.Articles, Claims: st.Claims, ByKind: map[string]int{},
		Speakers: st.Speakers, DiskBytes: st.DiskBytes, LSMBytes: st.LSMBytes, VLogBytes: st.VLogBytes}
	for _, k := range claims.Kinds {
		j.ByKind[string(k)] = st.ByKind[k]
	}
	if !st.Oldest.IsZero() {
		j.Oldest, j.Newest = &st.Oldest, &st.Newest
	}
	writeJSON(w, http.StatusOK, j)
}

// apiCheck runs store.Check: {"consistent": true}, or false with the
// first problem.
func (s *Server) apiCheck(w http.ResponseWriter, r *http.Request) {
	err := s.st.Check(r.Context())
	if err != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		s.fail(w, r, err)
		return
	}
	body := map[string]any{"consistent": err == nil}
	if err != nil {
		body["problem"] = err.Error()
	}
	writeJSON(w, http.StatusOK, body)
}

// HealthJSON is GET /healthz: the store served and this server's
// instance, which a client checks against the store's lock note.
type HealthJSON struct {
	Status   string `json:"status"`
	Store    string `json:"store"`
	Instance string `json:"instance"`
	PID      int    `json:"pid"`
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, HealthJSON{"ok", s.st.Dir(), s.instance, os.Getpid()})
}
