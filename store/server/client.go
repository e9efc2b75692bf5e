package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// Client talks to a claims server. It answers the reads of a store
// (Query, Speakers, Article, Stats, Check) and takes its writes (Put,
// HasSource) through the API, so that a command gives the same output
// whether it opened the store or reached the server holding it.
type Client struct {
	base  string
	token string
	dir   string
	hc    *http.Client
}

// NewClient is a client of the server at base (http://HOST:PORT) sending
// token, if any, with every request.
func NewClient(base, token string) *Client {
	return &Client{base: strings.TrimRight(base, "/"), token: token, hc: &http.Client{}}
}

// URL is the server's address.
func (c *Client) URL() string { return c.base }

// Close releases idle connections.
func (c *Client) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

// APIError is an error answer of the server. It matches store.ErrNotFound
// (404) and store.ErrBadQuery (400), as the store's own errors do.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string { return e.Message }

func (e *APIError) Unwrap() error {
	switch e.Status {
	case http.StatusNotFound:
		return store.ErrNotFound
	case http.StatusBadRequest:
		return store.ErrBadQuery
	}
	return nil
}

// do sends a request and decodes a JSON answer into out.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("claims server %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
		var eb errorBody
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if json.Unmarshal(b, &eb) != nil || eb.Error == "" {
			eb.Error = fmt.Sprintf("claims server %s: %s %s: %s", c.base, method, path, resp.Status)
		}
		return &APIError{Status: resp.StatusCode, Message: eb.Error}
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("claims server %s: %s %s: read answer: %w", c.base, method, path, err)
	}
	return nil
}

// queryValues is q as GET /api/claims parameters, without limit and
// cursor.
func queryValues(q store.Query) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("speaker", q.Speaker)
	set("key", q.SpeakerKey)
	set("about", q.About)
	set("site", q.Site)
	set("q", q.Contains)
	if q.Exact {
		v.Set("exact", "true")
	}
	if q.Distinct {
		v.Set("distinct", "true")
	}
	for _, k := range q.Kinds {
		v.Add("kind", string(k))
	}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.Format(time.RFC3339Nano))
	}
	if !q.Until.IsZero() {
		v.Set("until", q.Until.Format(time.RFC3339Nano))
	}
	return v
}

// Query reads the claims matching q page by page (at most MaxClaimsPage
// a request) and calls fn for each, as store.Query does.
func (c *Client) Query(ctx context.Context, q store.Query, fn func(store.Result) error) error {
	v := queryValues(q)
	cursor, n := q.After, 0
	for {
		size := MaxClaimsPage
		if q.Limit > 0 {
			size = min(size, q.Limit-n)
		}
		v.Set("limit", strconv.Itoa(size))
		v.Del("cursor")
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		var p claimsPage
		if err := c.do(ctx, http.MethodGet, "/api/claims?"+v.Encode(), nil, &p); err != nil {
			return err
		}
		for _, l := range p.Claims {
			if err := fn(store.Result{Claim: l.Claim, Article: l.Article}); err != nil {
				return err
			}
			n++
		}
		if p.Next == "" || (q.Limit > 0 && n >= q.Limit) {
			return nil
		}
		cursor = p.Next
	}
}

// Speakers answers as store.Speakers does; a list longer than a page is
// read in key order, page by page, and ordered here.
func (c *Client) Speakers(ctx context.Context, q store.SpeakerQuery) ([]store.SpeakerCount, error) {
	v := url.Values{}
	if q.Match != "" {
		v.Set("q", q.Match)
	}
	if q.Name != "" {
		v.Set("name", q.Name)
	}
	if q.Dates {
		v.Set("dates", "1")
	}
	if !q.Since.IsZero() {
		v.Set("since", q.Since.Format(time.RFC3339Nano))
	}
	if !q.Until.IsZero() {
		v.Set("until", q.Until.Format(time.RFC3339Nano))
	}
	if q.First == 0 && q.Top > 0 && q.Top <= MaxSpeakersPage {
		v.Set("top", strconv.Itoa(q.Top))
		var p speakersPage
		if err := c.do(ctx, http.MethodGet, "/api/speakers?"+v.Encode(), nil, &p); err != nil {
			return nil, err
		}
		return speakerCounts(p.Speakers), nil
	}
	var out []store.SpeakerCount
	after := q.After
	for {
		size := MaxSpeakersPage
		if q.First > 0 {
			size = min(size, q.First-len(out))
		}
		v.Set("first", strconv.Itoa(size))
		v.Set("after", after)
		var p speakersPage
		if err := c.do(ctx, http.MethodGet, "/api/speakers?"+v.Encode(), nil, &p); err != nil {
			return nil, err
		}
		out = append(out, speakerCounts(p.Speakers)...)
		if p.Next == "" || (q.First > 0 && len(out) >= q.First) {
			break
		}
		after = p.Next
	}
	if q.First > 0 {
		return out, nil
	}
	store.SortSpeakers(out)
	if q.Top > 0 && len(out) > q.Top {
		out = out[:q.Top]
	}
	return out, nil
}

func speakerCounts(list []SpeakerJSON) []store.SpeakerCount {
	out := make([]store.SpeakerCount, len(list))
	for i, s := range list {
		out[i] = s.Count()
	}
	return out
}

// Article returns an article with its text and claims, as store.Article.
func (c *Client) Article(ctx context.Context, ref string) (claims.Article, []claims.Claim, error) {
	var b articleBody
	if err := c.do(ctx, http.MethodGet, "/api/articles/"+url.PathEscape(ref), nil, &b); err != nil {
		return claims.Article{}, nil, err
	}
	if len(b.Claims) == 0 {
		b.Claims = nil
	}
	return b.Article, b.Claims, nil
}

// Group reads a quote group, as store.Group.
func (c *Client) Group(ctx context.Context, id string) (store.Group, error) {
	return c.group(ctx, "/api/groups/"+url.PathEscape(id))
}

// GroupHead reads a quote group with its earliest occurrence only, as
// store.GroupHead.
func (c *Client) GroupHead(ctx context.Context, id string) (store.Group, error) {
	return c.group(ctx, "/api/groups/"+url.PathEscape(id)+"?occurrences=first")
}

func (c *Client) group(ctx context.Context, path string) (store.Group, error) {
	var j GroupJSON
	if err := c.do(ctx, http.MethodGet, path, nil, &j); err != nil {
		return store.Group{}, err
	}
	g := store.Group{ID: j.ID, Canonical: j.Canonical, Size: j.Size, Sites: j.Sites, FirstSeen: j.FirstSeen}
	for _, l := range j.Occurrences {
		g.Occurrences = append(g.Occurrences, store.Result{Claim: l.Claim, Article: l.Article})
	}
	return g, nil
}

// Stats returns the store's figures, as store.Stats.
func (c *Client) Stats(ctx context.Context) (store.Stats, error) {
	var j StatsJSON
	if err := c.do(ctx, http.MethodGet, "/api/stats", nil, &j); err != nil {
		return store.Stats{}, err
	}
	st := store.Stats{Dir: j.Store, Articles: j.Articles, Claims: j.Claims, ByKind: map[claims.Kind]int{},
		Speakers: j.Speakers, DiskBytes: j.DiskBytes, LSMBytes: j.LSMBytes, VLogBytes: j.VLogBytes}
	for k, n := range j.ByKind {
		st.ByKind[claims.Kind(k)] = n
	}
	if j.Oldest != nil && j.Newest != nil {
		st.Oldest, st.Newest = *j.Oldest, *j.Newest
	}
	return st, nil
}

// Check runs store.Check on the server.
func (c *Client) Check(ctx context.Context) error {
	var j struct {
		Consistent bool   `json:"consistent"`
		Problem    string `json:"problem"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/check", nil, &j); err != nil {
		return err
	}
	if !j.Consistent {
		return errors.New(j.Problem)
	}
	return nil
}

// Put stores an article through the server, as store.Put.
func (c *Client) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (store.PutResult, error) {
	var j putJSON
	if err := c.do(ctx, http.MethodPost, "/api/articles", articleBody{Article: a, Claims: cs, Source: source}, &j); err != nil {
		return store.PutResult{}, err
	}
	return store.PutResult{ArticleID: j.ArticleID, Claims: j.Claims, Unchanged: j.Unchanged, Replaced: j.Replaced, New: j.New, Superseded: j.Superseded}, nil
}

// HasSource asks the server whether source is stored, as store.HasSource.
func (c *Client) HasSource(ctx context.Context, source string) (bool, error) {
	var j struct {
		Stored bool `json:"stored"`
	}
	err := c.do(ctx, http.MethodGet, "/api/sources?source="+url.QueryEscape(source), nil, &j)
	return j.Stored, err
}
