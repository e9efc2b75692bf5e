package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestExtractPageNews(t *testing.T) {
	body, err := os.ReadFile("testdata/news.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ExtractPage(context.Background(), body, "text/html", "https://ledger.example/p?id=1")
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/news.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(a.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != string(want) {
		t.Errorf("text differs from %s (run with -update to accept):\n%s", golden, a.Text)
	}

	const canonical = "https://ledger.example/news/2025/05/20/harbor-street-bridge"
	if a.URL != canonical {
		t.Errorf("URL = %q, want the canonical %q", a.URL, canonical)
	}
	if want := claims.ArticleID(canonical, ""); a.ID != want {
		t.Errorf("ID = %q, want ArticleID(canonical) %q", a.ID, want)
	}
	if a.Title != "Harbor Street bridge to close for six weeks as repairs begin" {
		t.Errorf("Title = %q", a.Title)
	}
	if a.Byline != "Daniel Whitfield" {
		t.Errorf("Byline = %q", a.Byline)
	}
	if a.Site != "The Ashford Ledger" {
		t.Errorf("Site = %q", a.Site)
	}
	wantTime := time.Date(2025, 5, 20, 18, 32, 0, 0, time.UTC)
	if !a.Published.Equal(wantTime) {
		t.Errorf("Published = %v, want %v (full timestamp)", a.Published, wantTime)
	}

	for _, p := range []string{
		"ASHFORD — The Harbor Street bridge will close to all traffic on Monday",
		"“We know this is going to be painful for commuters,” said Mayor Margaret Okafor at a news conference outside City Hall. “But the alternative is a bridge that fails without warning.”",
		"$3.2\u00a0million", // the no-break space of &nbsp; is kept
		"“People don’t detour for a croissant. They go somewhere else and they do not come back.\n\n“I have seen it happen twice",
		"The mayor said the city would put up signs",
	} {
		if !strings.Contains(a.Text, p) {
			t.Errorf("text lacks %q", p)
		}
	}
	for _, decoy := range []string{
		"Bridges are a scandal", "I will never resign", "wasted every penny", "Journalism you can trust",
		"crumbling for years", "Share on X", "Most read", "RiverRat77", "Sport",
	} {
		if strings.Contains(a.Text, decoy) {
			t.Errorf("text keeps furniture %q", decoy)
		}
	}
	// The pull quote repeats a body quote: it must not appear twice.
	if n := strings.Count(a.Text, "bridge that fails without warning"); n != 1 {
		t.Errorf("body quote appears %d times, want 1 (pull quote dropped)", n)
	}
	if n := strings.Count(a.Text, "Six weeks is a whole season for us"); n != 1 {
		t.Errorf("repeated quote appears %d times, want 1", n)
	}
}

func TestExtractPageCases(t *testing.T) {
	para := func(s string) string { return "<p>" + s + "</p>" }
	long := "The harbour authority said on Monday that the new quay would open in the spring, two years after work began on the site."
	quote := "“It has been a long wait for everyone who works down here,” said harbourmaster Ines Calloway, who has run the port since 2011."
	art := func(head, body string) string {
		return "<html><head>" + head + "</head><body><article>" + body + "</article></body></html>"
	}
	tests := []struct {
		name        string
		body        string
		contentType string
		pageURL     string
		wantURL     string
		wantIDFrom  string // "url", "text"
		want        []string
		wantNot     []string
		check       func(t *testing.T, a claims.Article)
	}{
		{
			name:       "no canonical: page URL names it",
			body:       art("<title>Quay</title>", para(long)+para(quote)),
			pageURL:    "https://port.example/quay",
			wantURL:    "https://port.example/quay",
			wantIDFrom: "url",
			want:       []string{long + "\n\n" + quote},
		},
		{
			name:       "local file: named by its text",
			body:       art("<title>Quay</title>", para(long)+para(quote)),
			wantIDFrom: "text",
			want:       []string{long, quote},
		},
		{
			name:       "og:url when no canonical link, relative resolved",
			body:       art(`<meta property="og:url" content="/stories/quay">`, para(long)+para(quote)),
			pageURL:    "https://port.example/amp/quay?x=1",
			wantURL:    "https://port.example/stories/quay",
			wantIDFrom: "url",
		},
		{
			name:        "charset from header: latin-1",
			body:        art("", para(long)+para("\xabNous attendons depuis longtemps,\xbb a dit Ren\xe9e Calloway au port ce lundi apr\xe8s-midi, devant les dockers.")),
			contentType: "text/html; charset=iso-8859-1",
			wantIDFrom:  "text",
			want:        []string{"«Nous attendons depuis longtemps,» a dit Renée Calloway", "après-midi"},
		},
		{
			name:        "header says UTF-8, bytes and meta say windows-1252",
			body:        art(`<meta charset="windows-1252">`, para(long)+para("\x93We waited,\x94 said Ren\xe9e Calloway, who has fished from the quay for thirty years.")),
			contentType: "text/html; charset=utf-8",
			wantIDFrom:  "text",
			want:        []string{"“We waited,” said Renée Calloway"},
		},
		{
			name:        "header says UTF-8, stray bad byte, no meta: replacement character",
			body:        art("", para(long)+para("“We waited,” said Ren\xe9e Calloway, who has fished from the quay for thirty years.")),
			contentType: "text/html; charset=utf-8",
			wantIDFrom:  "text",
			want:        []string{"“We waited,” said Ren\uFFFDe Calloway"},
		},
		{
			name:       "charset from BOM: UTF-16LE",
			body:       utf16le("\ufeff" + art("<title>Quay</title>", para(long)+para(quote))),
			wantIDFrom: "text",
			want:       []string{quote},
		},
		{
			name:       "UTF-8 BOM is not text",
			body:       "\xef\xbb\xbf" + art("", para(long)+para(quote)),
			wantIDFrom: "text",
			want:       []string{quote},
			check: func(t *testing.T, a claims.Article) {
				if strings.ContainsRune(a.Text, '\ufeff') {
					t.Error("BOM left in text")
				}
			},
		},
		{
			name: "JSON-LD metadata",
			body: art(`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
				{"@type":"NewsArticle","headline":"Quay opens","datePublished":"2024-03-01T09:15:30+01:00",
				"author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Tom Hale"}],
				"publisher":{"@type":"Organization","name":"Port Times"}}]}</script>`, para(long)+para(quote)),
			wantIDFrom: "text",
			check: func(t *testing.T, a claims.Article) {
				if a.Title != "Quay opens" || a.Byline != "Ana Ruiz, Tom Hale" || a.Site != "Port Times" {
					t.Errorf("metadata = %q / %q / %q", a.Title, a.Byline, a.Site)
				}
				if want := time.Date(2024, 3, 1, 8, 15, 30, 0, time.UTC); !a.Published.Equal(want) {
					t.Errorf("Published = %v, want %v", a.Published, want)
				}
			},
		},
		{
			name:       "time element with a date only",
			body:       art("", `<time datetime="2024-03-01">1 March</time>`+para(long)+para(quote)),
			wantIDFrom: "text",
			check: func(t *testing.T, a claims.Article) {
				if want := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC); !a.Published.Equal(want) {
					t.Errorf("Published = %v, want %v", a.Published, want)
				}
			},
		},
		{
			name:       "br-separated paragraphs and narrow no-break space",
			body:       art("", "<div>"+long+"<br><br>"+quote+"<br><br>The quay is 300\u202fm long and cost €4\u00a0million.</div>"),
			wantIDFrom: "text",
			want:       []string{long + "\n\n" + quote, "300\u202fm long", "€4\u00a0million"},
		},
		{
			name: "furniture by class and role dropped",
			body: "<html><body><div role=\"navigation\">“Nav decoy,” says menu</div><article>" + para(long) + para(quote) +
				`<div class="c-related-links">“Related decoy quote,” said a headline writer in another story.</div>` +
				`<blockquote class="pullQuote">“Pull decoy that repeats nothing at all in the body,” she said.</blockquote>` +
				`<div id="disqus_thread"><p>“Comment decoy,” someone typed at three in the morning.</p></div>` +
				"</article><div class=\"sidebar-popular\"><p>“Popular decoy,” he said.</p></div></body></html>",
			wantIDFrom: "text",
			want:       []string{quote},
			wantNot:    []string{"decoy"},
		},
		{
			name: "a wrapper with a furniture-like class keeps the story",
			body: `<html><body><form id="aspnetForm" action="/x"><div class="layout-sidebar-right has-comments"><h1>Quay opens</h1>` +
				para(long) + para(quote) + `<div class="sidebar"><p>“Sidebar decoy,” he said.</p></div></div></form></body></html>`,
			wantIDFrom: "text",
			want:       []string{long, quote},
			wantNot:    []string{"decoy"},
		},
		{
			name:       "commentary is an article, not a comment",
			body:       `<html><body><div class="commentary-body">` + para(long) + para(quote) + `</div></body></html>`,
			wantIDFrom: "text",
			want:       []string{long, quote},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ExtractPage(context.Background(), []byte(tc.body), tc.contentType, tc.pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tc.wantURL {
				t.Errorf("URL = %q, want %q", a.URL, tc.wantURL)
			}
			switch tc.wantIDFrom {
			case "url":
				if want := claims.ArticleID(tc.wantURL, ""); a.ID != want {
					t.Errorf("ID = %s, want id of URL %s", a.ID, want)
				}
			case "text":
				if want := claims.ArticleID("", a.Text); a.ID != want {
					t.Errorf("ID = %s, want id of text %s", a.ID, want)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, a.Text)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(strings.ToLower(a.Text), w) {
					t.Errorf("text has %q:\n%s", w, a.Text)
				}
			}
			if strings.Contains(a.Text, "\n\n\n") || strings.HasPrefix(a.Text, "\n") || strings.HasSuffix(a.Text, "\n") {
				t.Errorf("paragraphs not separated by exactly one blank line: %q", a.Text)
			}
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}

func utf16le(s string) string {
	var b []byte
	for _, r := range s {
		if r > 0xffff {
			r1, r2 := 0xd800+((r-0x10000)>>10), 0xdc00+((r-0x10000)&0x3ff)
			b = append(b, byte(r1), byte(r1>>8), byte(r2), byte(r2>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func TestExtractPageNoText(t *testing.T) {
	for _, body := range []string{"", "<html><body></body></html>", "<html><body><nav>Home News</nav></body></html>"} {
		_, err := ExtractPage(context.Background(), []byte(body), "text/html", "")
		if !errors.Is(err, ErrNoText) {
			t.Errorf("ExtractPage(%q) err = %v, want ErrNoText", body, err)
		}
	}
}

func TestExtractPageCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ExtractPage(ctx, []byte("<p>x</p>"), "", ""); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDedupParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A first paragraph that is long enough.\n\nA first paragraph that is long enough.", "A first paragraph that is long enough."},
		{"“We will rebuild the whole quay,” she said on Monday.\n\n“We will rebuild the whole quay.”", "“We will rebuild the whole quay,” she said on Monday."},
		{"“We will rebuild the whole quay.”\n\n“We will rebuild the whole quay,” she said on Monday.", "“We will rebuild the whole quay,” she said on Monday."},
		{"“We will rebuild the whole quay.” — Ines Calloway\n\nShe said: “We will rebuild the whole quay.”", "She said: “We will rebuild the whole quay.”"},
		{"“No.”\n\nHe asked again. “No.”", "“No.”\n\nHe asked again. “No.”"}, // short replies recur legitimately
		{"One.\n\nTwo.", "One.\n\nTwo."},
		// A quote whose letters recur inside its own paragraph is still
		// only in that paragraph.
		{"“Aaaa aaaa aaaa aaaa aaaa” — Aaaa Aaaa\n\nOther text.", "“Aaaa aaaa aaaa aaaa aaaa” — Aaaa Aaaa\n\nOther text."},
	}
	for _, tc := range tests {
		if got := dedupParagraphs(tc.in); got != tc.want {
			t.Errorf("dedupParagraphs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzExtractPage(f *testing.F) {
	seed, _ := os.ReadFile("testdata/news.html")
	f.Add(seed, "text/html")
	f.Add([]byte("<p>“Quote,” he said.<p>Second"), "text/html; charset=windows-1252")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		a, err := ExtractPage(context.Background(), body, ct, "https://example.com/a")
		if err != nil {
			return
		}
		if !utf8.ValidString(a.Text) {
			t.Errorf("invalid UTF-8 in text")
		}
		if a.ID == "" || a.URL == "" {
			t.Errorf("article without id or URL: %+v", a)
		}
	})
}

// TestCorpusPages checks the project's HTML pages against the texts they
// were made from: every paragraph of the body kept word for word, and no
// quotation that the text does not have (comment, box, pull quote decoys).
func TestCorpusPages(t *testing.T) {
	n := 0
	for _, g := range corpusGold(t) {
		if g.HTML == "" {
			continue
		}
		n++
		body := corpusPage(t, g)
		t.Run(g.ID, func(t *testing.T) {
			a, err := ExtractPage(context.Background(), body, "text/html", "")
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstGold(t, a.Text, g.Text)
		})
	}
	if n == 0 {
		t.Fatal("no article of the corpus has an HTML page")
	}
}

// corpusGold reads the gold articles of the corpus embedded in the binary.
func corpusGold(t *testing.T) []claims.Gold {
	t.Helper()
	b, err := fs.ReadFile(corpus.Files, corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	var out []claims.Gold
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var g claims.Gold
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			t.Fatalf("%s:%d: %v", corpus.GoldFile, i+1, err)
		}
		out = append(out, g)
	}
	return out
}

// corpusPage reads the HTML page of a corpus article; g.HTML is relative
// to the gold file.
func corpusPage(t *testing.T, g claims.Gold) []byte {
	t.Helper()
	b, err := fs.ReadFile(corpus.Files, path.Join(path.Dir(corpus.GoldFile), g.HTML))
	if err != nil {
		t.Fatalf("article %s: %v", g.ID, err)
	}
	return b
}

// checkAgainstGold compares extracted text with the text a page was made
// from. Every gold paragraph that quotes or reports (or is long) must be
// there word for word; short plain lines (headline, byline) may go. Every
// extracted paragraph with a quote mark must be in the gold text: anything
// else is a decoy that leaked.
func checkAgainstGold(t *testing.T, got, gold string) {
	t.Helper()
	gotNorm := normSpace(got)
	missing := 0
	body := false // past the header matter: headline, standfirst, byline
	for i, p := range strings.Split(gold, "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" || strings.Contains(gotNorm, normSpace(p)) {
			body = body || i > 0
			continue
		}
		if !body || (len(strings.Fields(p)) <= 15 && !strings.ContainsAny(p, "“”\"«»„")) {
			t.Logf("header or short plain paragraph not extracted: %q", p)
			continue
		}
		missing++
		t.Errorf("gold paragraph missing from extracted text: %q", p)
	}
	goldNorm := normSpace(gold)
	for _, p := range strings.Split(got, "\n\n") {
		if strings.Contains(goldNorm, normSpace(p)) {
			continue
		}
		if strings.ContainsAny(p, "“”\"«»„") {
			t.Errorf("extracted paragraph with a quote is not in the article (decoy?): %q", p)
		} else {
			t.Logf("extra paragraph: %q", p)
		}
	}
	if missing > 0 {
		t.Logf("extracted text:\n%s", got)
	}
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func BenchmarkExtractPage(b *testing.B) {
	body, err := os.ReadFile("testdata/news.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := ExtractPage(context.Background(), body, "text/html", "https://ledger.example/p"); err != nil {
			b.Fatal(err)
		}
	}
}

// dedupParagraphsPairwise is the definition dedupParagraphs implements,
// written as the plain comparison of every pair of paragraphs.
func dedupParagraphsPairwise(text string) string {
	paras := strings.Split(text, "\n\n")
	keys := make([]string, len(paras))
	for i, p := range paras {
		keys[i] = letterKey(p)
	}
	var out []string
	for i, p := range paras {
		k, qk := keys[i], quotedKey(p)
		dup := false
		for j, o := range keys {
			if j == i {
				continue
			}
			if utf8.RuneCountInString(k) >= 20 && strings.Contains(o, k) && (len(o) > len(k) || j < i) ||
				utf8.RuneCountInString(qk) >= 20 && strings.Contains(o, qk) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// TestDedupParagraphsMatchesPairwise compares dedupParagraphs with the
// pairwise definition on random texts made of few words, so that repeats,
// containment, identical paragraphs and pull-quote shapes all occur.
func TestDedupParagraphsMatchesPairwise(t *testing.T) {
	words := []string{"aaaa", "aa", "Bédier", "said", "the", "quay", "we", "will", "rebuild", "ab", "ba"}
	rng := rand.New(rand.NewPCG(1, 2))
	phrase := func(max int) string {
		n := 1 + rng.IntN(max)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(ws, " ")
	}
	for round := range 3000 {
		var paras []string
		for range 1 + rng.IntN(8) {
			switch rng.IntN(4) {
			case 0: // a pull quote with its credit line
				paras = append(paras, "“"+phrase(8)+"” — "+phrase(2))
			case 1: // a quote in the body
				paras = append(paras, "“"+phrase(8)+",” she said. "+phrase(4))
			case 2: // an earlier paragraph again, or a part of one
				if len(paras) > 0 {
					p := paras[rng.IntN(len(paras))]
					paras = append(paras, p[:len(p)-len(p)*rng.IntN(2)/3])
					break
				}
				fallthrough
			default:
				paras = append(paras, phrase(12))
			}
		}
		text := strings.ToValidUTF8(strings.Join(paras, "\n\n"), "")
		if got, want := dedupParagraphs(text), dedupParagraphsPairwise(text); got != want {
			t.Fatalf("round %d: dedupParagraphs(%q)\n= %q\nwant %q", round, text, got, want)
		}
	}
}

// BenchmarkDedupParagraphs runs a hostile page of 20 000 distinct
// paragraphs (about 1.6 MB of text). Comparing every pair took about 15 s
// here, and a 10 MB page would take over ten minutes; the suffix array
// takes well under a second.
func BenchmarkDedupParagraphs(b *testing.B) {
	var paras []string
	for i := range 20000 {
		paras = append(paras, fmt.Sprintf("Paragraph number %d of the story says something rather different %d.", i, i*7))
	}
	text := strings.Join(append(paras, paras[5]), "\n\n")
	want := strings.Join(paras, "\n\n")
	for b.Loop() {
		if got := dedupParagraphs(text); got != want {
			b.Fatal("the repeated paragraph was not dropped, or another one was")
		}
	}
}
