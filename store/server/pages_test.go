package server

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// TestHostileTextIsEscaped: an article whose title, text, quote and
// speaker are markup renders as text on every page that shows it, and
// its javascript: URL is never a link.
func TestHostileTextIsEscaped(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{})
	evil := testArticles()[4]
	evil.Article.URL = "javascript:window.pwned=4"
	claims.AssignIDs(evil.Article.ID, evil.Claims)
	if _, err := st.Put(context.Background(), evil.Article, evil.Claims, "evil"); err != nil {
		t.Fatal(err)
	}
	res := collect(t, st, claimsQueryFor(t, "key="+url.QueryEscape(speakerKey(t, st, "mal evans"))))
	if len(res) != 1 {
		t.Fatalf("fixture: %d hostile claims", len(res))
	}
	pages := []string{
		"/articles/" + url.PathEscape(evil.Article.ID),
		"/speakers/" + url.PathEscape(speakerKey(t, st, "mal evans")),
		"/?q=" + url.QueryEscape("window pwned"),
		"/?speaker=" + url.QueryEscape(hostile),
		"/quotes/" + res[0].Cursor(),
		"/nowhere/" + url.PathEscape(hostile),
	}
	for _, p := range pages {
		code, _, body := get(t, hs, p)
		if code >= 500 {
			t.Errorf("%s: status %d", p, code)
		}
		for _, bad := range []string{"<script>window", "<img src=x", `href="javascript:`, "onerror=\"window"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: page contains %q", p, bad)
			}
		}
		if p != pages[len(pages)-1] && !strings.Contains(body, "&lt;script&gt;window.pwned=1&lt;/script&gt;") {
			t.Errorf("%s: the hostile text is not shown as text", p)
		}
	}
	if _, _, body := get(t, hs, pages[0]); !strings.Contains(body, `href="#ZgotmplZ"`) {
		t.Errorf("the article's javascript: URL was not neutralised")
	}
}

// claimsQueryFor parses API query parameters as the pages do.
func claimsQueryFor(t *testing.T, raw string) store.Query {
	v, _ := url.ParseQuery(raw)
	q, err := claimsQuery(v, 0)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var pointRE = regexp.MustCompile(`<circle class="point"`)

// TestSpeakerPage: names, titles, count, one timeline point per week with
// claims, claims newest first with their paragraph, cue and speaker
// highlighted, and filters by kind and entity.
func TestSpeakerPage(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{})
	ines := speakerKey(t, st, "ines calloway")
	code, _, body := get(t, hs, "/speakers/"+ines)
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	// Calloway: 5 May and 7 May (one week), 20 May, 18 June.
	if n := len(pointRE.FindAllString(body, -1)); n != 3 {
		t.Errorf("%d timeline points, want 3", n)
	}
	for _, want := range []string{
		`<h1 class="speaker-name">Ines Calloway</h1>`, "4 claims", "Minister",
		`<mark class="who">Ines Calloway</mark>`, `<mark class="cue">said</mark>`,
		`<mark class="said">It has been a long wait for everyone who works down here,</mark>`,
		`href="/articles/`, "harbour.example", "18 Jun 2025",
		`<a class="entity" href="/speakers/` + ines + `?about=Tobias%20Renn">Tobias Renn</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("speaker page lacks %q", want)
		}
	}
	order := []string{"The tide waits", "fishing fleet", "fully spent", "long wait"}
	last := -1
	for _, s := range order {
		i := strings.Index(body, s)
		if i < last {
			t.Errorf("claims not newest first: %q before the previous one", s)
		}
		last = i
	}
	_, _, direct := get(t, hs, "/speakers/"+ines+"?kind=direct")
	if strings.Contains(direct, "fully spent") || !strings.Contains(direct, "The tide waits") {
		t.Errorf("kind=direct did not filter")
	}
	_, _, about := get(t, hs, "/speakers/"+ines+"?about=Ministry+of+Ports")
	if !strings.Contains(about, "fishing fleet") || strings.Contains(about, "The tide waits") {
		t.Errorf("about= did not filter")
	}
	if code, _, _ := get(t, hs, "/speakers/nobody"); code != 404 {
		t.Errorf("unknown speaker: %d", code)
	}
}

// TestArticleAndSearchPages: the article text with every claim marked and
// its speaker in the title; search finds speakers as typed and claims by
// words.
func TestArticleAndSearchPages(t *testing.T) {
	st := testStore(t)
	_, hs := testServer(t, st, Options{})
	d := testArticles()[1]
	code, _, body := get(t, hs, "/articles/"+d.Article.ID)
	if code != 200 {
		t.Fatalf("article: %d", code)
	}
	for _, want := range []string{
		`<mark class="claim k-partial" id="` + d.Claims[0].ID + `" title="Ines Calloway — told (partial)">the quay budget was “fully spent”</mark>`,
		`title="Tobias Renn — replied (partial)">“nobody was surprised”</mark>`,
		`href="https://council.example/story/2"`, "2 claims",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	_, _, body = get(t, hs, "/?speaker=callo")
	if !strings.Contains(body, `<a class="speaker-result" href="/speakers/`+speakerKey(t, st, "ines calloway")+`">Ines Calloway</a>`) || !strings.Contains(body, "The tide waits") {
		t.Errorf("search by a name's start: %s", body)
	}
	_, _, body = get(t, hs, "/?q=tide+waits")
	if !strings.Contains(body, "The tide waits") || strings.Contains(body, "fully spent") {
		t.Errorf("search by words")
	}
	_, _, body = get(t, hs, "/")
	if !strings.Contains(body, "Latest claims") || !strings.Contains(body, "The tide waits") {
		t.Errorf("home page")
	}
}

// FuzzSegments: whatever offsets an article's claims carry, highlighting
// neither panics nor loses or invents text.
func FuzzSegments(f *testing.F) {
	f.Add("Putin said “no”.\nThen more.", 10, 14, 0, 5, 6, 10)
	f.Add("", 0, 0, 0, 0, 0, 0)
	f.Add("ab\ncd", -5, 99, 3, 1, 2, 2)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, s3, e3 int) {
		if !utf8.ValidString(text) {
			return
		}
		runes := []rune(text)
		c := claims.Claim{Start: s1, End: e1, Cue: &claims.Span{Start: s2, End: e2}, Speaker: &claims.Speaker{Name: "x", Start: s3, End: e3}}
		from, to, _, _ := paragraph(runes, c.Start, c.End)
		segs := segments(runes, from, to, claimSpans(&c))
		var b strings.Builder
		for _, s := range segs {
			b.WriteString(s.Text)
		}
		if b.String() != string(runes[from:to]) {
			t.Errorf("segments give %q, want %q", b.String(), string(runes[from:to]))
		}
		all := segments(runes, 0, len(runes), []span{{start: s1, end: e1, class: "a"}, {start: s2, end: e2, class: "b", id: "x"}})
		b.Reset()
		for _, s := range all {
			b.WriteString(s.Text)
		}
		if b.String() != text {
			t.Errorf("whole text: %q, want %q", b.String(), text)
		}
	})
}
