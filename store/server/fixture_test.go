package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// hostile is text an attacker might get into an article: it must render
// as text everywhere.
// hostileSpeaker is a person's name with hostile markup inside, so that
// the person has a page that must show it as text.
const hostileSpeaker = "Mal " + hostile + " Evans"

const hostile = `<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2"><a href="javascript:window.pwned=3">click</a>`

// claimAt builds a claim over the first occurrence of content in text,
// with a speaker mention and a cue found the same way (code points).
func claimAt(text string, kind claims.Kind, content, speaker, mention, cue string, entities ...string) claims.Claim {
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		if i < 0 {
			panic(fmt.Sprintf("%q not in %q", s, text))
		}
		start := len([]rune(text[:i]))
		return start, start + len([]rune(s))
	}
	start, end := at(content)
	c := claims.Claim{Kind: kind, Text: content, Start: start, End: end, Confidence: 0.9}
	if kind != claims.Indirect {
		c.Quotes = []claims.Span{{Text: content, Start: start, End: end}}
	}
	if speaker != "" {
		ms, me := at(mention)
		c.Speaker = &claims.Speaker{Name: speaker, Mention: mention, Start: ms, End: me, Type: claims.TypePerson, Title: "Minister"}
	}
	if cue != "" {
		cs, ce := at(cue)
		c.Cue = &claims.Span{Text: cue, Start: cs, End: ce}
	}
	for _, e := range entities {
		c.Entities = append(c.Entities, claims.Entity{Name: e, Text: e, Type: claims.TypePerson})
	}
	return c
}

// testArticles is a small store's content: Ines Calloway quoted in three
// weeks (twice in one), others once, and an article of hostile text.
func testArticles() []claims.Document {
	mk := func(n int, site string, pub time.Time, title, text string, cs ...claims.Claim) claims.Document {
		url := fmt.Sprintf("https://%s/story/%d", site, n)
		a := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Title: title, Site: site, Published: pub, Text: text}
		claims.AssignIDs(a.ID, cs)
		return claims.Document{Article: a, Claims: cs}
	}
	d := func(m, day int) time.Time { return time.Date(2025, time.Month(m), day, 9, 0, 0, 0, time.UTC) }
	t1 := "PORTHAVEN — The harbour will reopen in spring.\n“It has been a long wait for everyone who works down here,” said harbourmaster Ines Calloway, who has run the port since 2011.\nFishermen said the old quay had been unsafe for years."
	t2 := "Ines Calloway told the council that the quay budget was “fully spent”, and Mayor Tobias Renn replied that “nobody was surprised”."
	t3 := "Calloway warned that the fishing fleet would shrink unless the Ministry of Ports acted."
	t4 := "Ines Calloway said: “The tide waits for no council.”"
	t5 := "Title: " + hostile + "\nThe attacker said “" + hostile + "” to nobody in particular."
	return []claims.Document{
		mk(1, "harbour.example", d(5, 5), "Quay to reopen", t1,
			claimAt(t1, claims.Direct, "It has been a long wait for everyone who works down here,", "Ines Calloway", "Ines Calloway", "said"),
			claimAt(t1, claims.Indirect, "the old quay had been unsafe for years", "Fishermen", "Fishermen", "said")),
		mk(2, "council.example", d(5, 7), "Budget spent", t2,
			claimAt(t2, claims.Partial, "the quay budget was “fully spent”", "Ines Calloway", "Ines Calloway", "told", "Tobias Renn"),
			claimAt(t2, claims.Partial, "“nobody was surprised”", "Tobias Renn", "Mayor Tobias Renn", "replied")),
		mk(3, "harbour.example", d(5, 20), "Fleet warning", t3,
			claimAt(t3, claims.Indirect, "the fishing fleet would shrink unless the Ministry of Ports acted", "Ines Calloway", "Calloway", "warned", "Ministry of Ports")),
		mk(4, "tides.example", d(6, 18), "Tide", t4,
			claimAt(t4, claims.Direct, "The tide waits for no council.", "Ines Calloway", "Ines Calloway", "said")),
		mk(5, "evil.example", d(6, 1), hostile, t5,
			claimAt(t5, claims.Direct, hostile, hostileSpeaker, "attacker", "said")),
	}
}

// testStore opens a store in a temporary directory and fills it with
// testArticles.
func testStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, d := range testArticles() {
		if _, err := st.Put(context.Background(), d.Article, d.Claims, d.Article.URL); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// testServer serves st over loopback with opts (Store set here).
func testServer(t testing.TB, st *store.Store, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	opts.Store = st
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return srv, hs
}

// get fetches path and returns status, headers and body.
func get(t testing.TB, hs *httptest.Server, path string, header ...string) (int, http.Header, string) {
	t.Helper()
	return request(t, hs, http.MethodGet, path, "", header...)
}

// request sends method to path with body (if any) and header pairs, and
// returns status, headers and body.
func request(t testing.TB, hs *httptest.Server, method, path, body string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, hs.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// speakerKey is the entity id of the one speaker whose name match finds.
func speakerKey(t testing.TB, st *store.Store, match string) string {
	t.Helper()
	list, err := st.Speakers(context.Background(), store.SpeakerQuery{Match: match})
	if err != nil || len(list) != 1 {
		t.Fatalf("speakers matching %q: %+v, %v", match, list, err)
	}
	return list[0].Key
}
