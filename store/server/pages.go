package server

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

func parsePages() (*template.Template, error) {
	t, err := template.New("pages").Funcs(template.FuncMap{
		"kinds": func() []string { return []string{"direct", "partial", "indirect"} },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return t, nil
}

// render executes a page into a buffer first, so that a failure is an
// error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.opts.Log.Error("render", "page", name, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

type errorPage struct {
	Title, Message string
	Status         int
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error.html", errorPage{Title: http.StatusText(status), Message: msg, Status: status})
}

// pageFail shows err as an error page with the status it calls for.
func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	code := statusOf(err)
	if code >= 500 {
		s.opts.Log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	msg := err.Error()
	if code == http.StatusNotFound {
		msg = "Nothing here: " + msg
	}
	s.pageError(w, r, code, msg)
}

// texts reads article texts for a page's claims, each once, as runes.
type texts struct {
	st *store.Store
	m  map[string][]rune
}

func (t *texts) get(ctx context.Context, id string) []rune {
	if r, ok := t.m[id]; ok {
		return r
	}
	s, err := t.st.Text(ctx, id)
	var r []rune
	if err == nil {
		r = []rune(s)
	}
	t.m[id] = r
	return r
}

func (s *Server) claimViews(ctx context.Context, res []store.Result, withContext bool) []claimView {
	ts := &texts{st: s.st, m: map[string][]rune{}}
	out := make([]claimView, len(res))
	for i, r := range res {
		var text []rune
		if withContext {
			text = ts.get(ctx, r.Article.ID)
		}
		out[i] = newClaimView(r, text)
	}
	return out
}

// nextURL is the current page's URL with cursor= set to next, or "".
func nextURL(r *http.Request, next string) string {
	if next == "" {
		return ""
	}
	v := r.URL.Query()
	v.Set("cursor", next)
	return r.URL.Path + "?" + v.Encode()
}

type searchPage struct {
	Speaker, Q, Kind string
	Speakers         []SpeakerJSON
	Claims           []claimView
	Next             string
	Heading          string
}

// pageSearch is the search page: speakers whose names match what was
// typed, and claims by speaker and words, newest first.
func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := searchPage{Speaker: strings.TrimSpace(v.Get("speaker")), Q: strings.TrimSpace(v.Get("q")), Kind: v.Get("kind")}
	q, err := claimsQuery(v, 20)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	q.Speaker, q.Contains = p.Speaker, p.Q
	if p.Speaker != "" && len(claims.NameWords(p.Speaker)) > 0 {
		list, err := s.st.Speakers(r.Context(), store.SpeakerQuery{Match: p.Speaker, Top: 10})
		if err != nil {
			s.pageFail(w, r, err)
			return
		}
		for _, sc := range list {
			p.Speakers = append(p.Speakers, NewSpeakerJSON(sc))
		}
		if len(list) == 1 {
			// One speaker's name starts so: theirs are the claims meant.
			q.Speaker, q.SpeakerKey = "", list[0].Key
		}
	} else {
		q.Speaker = ""
	}
	p.Heading = "Latest claims"
	if q.Speaker != "" || q.Contains != "" {
		p.Heading = "Claims found"
	}
	res, next, err := s.page(r.Context(), q)
	if err != nil && !errors.Is(err, store.ErrBadQuery) {
		s.pageFail(w, r, err)
		return
	}
	p.Claims, p.Next = s.claimViews(r.Context(), res, true), nextURL(r, next)
	s.render(w, r, http.StatusOK, "search.html", p)
}

type speakerPage struct {
	Profile  store.SpeakerProfile
	Aliases  []string
	Chart    *chart
	Kind     string
	About    string
	Claims   []claimView
	Entities []string
	Next     string
	Key      string
}

// pageSpeaker is one speaker: names and titles, claim count, timeline,
// and claims newest first with their paragraphs, filtered by kind and by
// entity mentioned.
func (s *Server) pageSpeaker(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	prof, err := s.st.Speaker(r.Context(), key)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	v := r.URL.Query()
	q, err := claimsQuery(v, 20)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	q.Speaker, q.SpeakerKey = "", key
	p := speakerPage{Profile: prof, Chart: newChart(prof.Weeks), Kind: v.Get("kind"), About: q.About, Key: key}
	if len(prof.Names) > 1 {
		p.Aliases = prof.Names[1:]
	}
	res, next, err := s.page(r.Context(), q)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	p.Claims, p.Next = s.claimViews(r.Context(), res, true), nextURL(r, next)
	seen := map[string]bool{}
	for _, c := range p.Claims {
		for _, e := range c.Entities {
			if !seen[e] && len(p.Entities) < 12 {
				seen[e] = true
				p.Entities = append(p.Entities, e)
			}
		}
	}
	s.render(w, r, http.StatusOK, "speaker.html", p)
}

type articlePage struct {
	Article claims.Article
	Date    string
	Text    []segment
	Claims  []claimView
}

// pageArticle is an article's text with every claim highlighted and its
// speaker on hover, then its claims in order.
func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	a, cs, err := s.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	text := []rune(a.Text)
	p := articlePage{Article: a, Date: "undated"}
	if !a.Published.IsZero() {
		p.Date = a.Published.UTC().Format("2 January 2006")
	}
	a.Text = ""
	spans := make([]span, 0, len(cs))
	for i := range cs {
		c := &cs[i]
		who := "unattributed"
		if c.Speaker != nil {
			who = c.Speaker.Name
		}
		title := who
		if c.Cue != nil && c.Cue.Text != "" {
			title += " — " + c.Cue.Text
		}
		spans = append(spans, span{start: c.Start, end: c.End, class: "claim k-" + string(c.Kind), title: title + " (" + string(c.Kind) + ")", id: c.ID})
		v := newClaimView(store.Result{Claim: *c, Article: a}, nil)
		v.QuoteURL = ""
		p.Claims = append(p.Claims, v)
	}
	p.Text = segments(text, 0, len(text), spans)
	s.render(w, r, http.StatusOK, "article.html", p)
}

type quotePage struct {
	Claim       claimView
	Occurrences []claimView
	Words       string
}

// pageQuote is one claim in its paragraph, and the other claims that
// quote the same words (what a quote group will gather once the store
// keeps them).
func (s *Server) pageQuote(w http.ResponseWriter, r *http.Request) {
	res, err := s.st.ClaimAt(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	p := quotePage{Claim: s.claimViews(r.Context(), []store.Result{res}, true)[0]}
	words := res.Claim.Text
	if len(res.Claim.Quotes) > 0 {
		words = res.Claim.Quotes[0].Text
	}
	if f := strings.Fields(words); len(f) > 12 {
		words = strings.Join(f[:12], " ")
	}
	p.Words = words
	if len(claims.FoldWords(words)) > 0 {
		var others []store.Result
		err := s.st.Query(r.Context(), store.Query{Contains: words, Limit: 50}, func(o store.Result) error {
			if o.Claim.ID != res.Claim.ID {
				others = append(others, o)
			}
			return nil
		})
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			s.pageFail(w, r, err)
			return
		}
		p.Occurrences = s.claimViews(r.Context(), others, false)
	}
	s.render(w, r, http.StatusOK, "quote.html", p)
}
