// Page metadata: the canonical URL, title, headline, byline, publication
// date and site name a page declares about itself in <link>, <meta>,
// JSON-LD, <time>, <title>, <h1> and byline markup. It reads the whole
// page before cleaning, since bylines and dates often sit in headers that
// cleaning removes, and prefers what a page declares for machines (Open
// Graph, JSON-LD) to what it shows, which is more often decorated.

package ingest

import (
	"encoding/json"
	nurl "net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// pageMeta is what the page says about itself, read from the whole
// unpruned DOM.
type pageMeta struct {
	canonical string
	title     string
	byline    string
	published time.Time
	site      string
	// headline is the page's <h1> when the page's title metadata confirms
	// it is the story's headline and not, say, the site's name.
	headline string
}

// readMeta reads the page's metadata. Where several places name the same
// thing, the first in the order below that has it wins.
func readMeta(doc *html.Node, base *nurl.URL) pageMeta {
	page := goquery.NewDocumentFromNode(doc)
	metas := metaContents(page)
	art := pickArticleLD(ldBlocks(page))
	h1 := firstText(page.Find("h1"))
	docTitle := firstText(page.Find("title"))
	m := pageMeta{canonical: canonicalLink(page, base)}
	if ogURL := metas["og:url"]; m.canonical == "" && ogURL != "" {
		m.canonical = resolveHTTP(base, ogURL)
	}
	m.title = firstNonEmpty(metas["og:title"], ldString(art, "headline"), h1, metas["twitter:title"], docTitle)
	if h1 != "" && (h1 == collapseSpace(metas["og:title"]) || h1 == collapseSpace(ldString(art, "headline")) ||
		h1 == collapseSpace(metas["twitter:title"]) || strings.Contains(docTitle, h1)) {
		m.headline = h1
	}
	bylineText := firstText(page.Find("*").FilterFunction(isBylineElement))
	m.byline = cleanByline(firstNonEmpty(ldAuthor(art), metas["author"], metas["article:author"], metas["parsely-author"], bylineText))
	m.site = firstNonEmpty(metas["og:site_name"], ldPublisher(art), metas["application-name"])
	m.published = publishedTime(metas, art, timeDatetime(page))
	return m
}

// publishedTime is the first date of the ones a page may declare that
// parses; the visible <time> comes last, as the least specific.
func publishedTime(metas map[string]string, art map[string]any, timeAttr string) time.Time {
	for _, v := range []string{
		metas["article:published_time"], ldString(art, "datePublished"), metas["datepublished"],
		metas["pubdate"], metas["publishdate"], metas["publish-date"], metas["parsely-pub-date"],
		metas["sailthru.date"], metas["dc.date"], metas["dc.date.issued"], metas["dcterms.created"],
		metas["date"], timeAttr,
	} {
		if t, ok := parseTime(v); ok {
			return t
		}
	}
	return time.Time{}
}

// canonicalLink is the page's <link rel=canonical>; one whose href names
// no web page (a javascript: or mailto: link, say) is passed over for the
// next.
func canonicalLink(page *goquery.Document, base *nurl.URL) string {
	var u string
	page.Find("link").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if hasToken(s.AttrOr("rel", ""), "canonical") {
			u = resolveHTTP(base, s.AttrOr("href", ""))
		}
		return u == ""
	})
	return u
}

// metaContents maps the key of every <meta> (its property, name or
// itemprop, lower-cased) to its content. A key met twice keeps its first
// content: templates append their generic defaults after the story's own.
func metaContents(page *goquery.Document) map[string]string {
	metas := map[string]string{}
	page.Find("meta").Each(func(_ int, s *goquery.Selection) {
		key := strings.ToLower(firstNonEmpty(s.AttrOr("property", ""), s.AttrOr("name", ""), s.AttrOr("itemprop", "")))
		if _, seen := metas[key]; key != "" && !seen {
			metas[key] = strings.TrimSpace(s.AttrOr("content", ""))
		}
	})
	return metas
}

// ldBlocks returns the objects of every JSON-LD script, in page order.
func ldBlocks(page *goquery.Document) []map[string]any {
	var ld []map[string]any
	page.Find("script").Each(func(_ int, s *goquery.Selection) {
		if n := s.Get(0); strings.Contains(strings.ToLower(s.AttrOr("type", "")), "ld+json") && n.FirstChild != nil {
			ld = append(ld, ldObjects(n.FirstChild.Data)...)
		}
	})
	return ld
}

// timeDatetime is the datetime of the last <time> marked as the
// publication date, else of the first <time> that has one: pages list
// updates and related stories' dates in <time> elements too.
func timeDatetime(page *goquery.Document) string {
	var v string
	page.Find("time").Each(func(_ int, s *goquery.Selection) {
		marked := s.AttrOr("itemprop", "") == "datePublished" || s.AttrOr("pubdate", "") != ""
		if d := s.AttrOr("datetime", ""); d != "" && (v == "" || marked) {
			v = d
		}
	})
	return v
}

// isBylineElement reports whether s is marked up as naming the author.
func isBylineElement(_ int, s *goquery.Selection) bool {
	return hasToken(s.AttrOr("rel", ""), "author") || classHas(s.AttrOr("class", ""), "byline") ||
		s.AttrOr("itemprop", "") == "author"
}

// firstText is the text of the first element of sel that has any, its
// white space collapsed.
func firstText(sel *goquery.Selection) string {
	var text string
	sel.EachWithBreak(func(_ int, s *goquery.Selection) bool {
		text = collapseSpace(textOf(s.Get(0)))
		return text == ""
	})
	return text
}

// hasToken reports whether the space-separated list holds tok, in any
// case, as rel values are compared.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// classHas reports whether a class in the list contains word, in any case:
// "c-byline__name" is a byline.
func classHas(classes, word string) bool {
	for _, f := range strings.Fields(strings.ToLower(classes)) {
		if strings.Contains(f, word) {
			return true
		}
	}
	return false
}

// resolveHTTP resolves ref against base and keeps it only if the result is
// an absolute http(s) URL; a canonical link that cannot name a web page is
// ignored rather than trusted.
func resolveHTTP(base *nurl.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := nurl.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

var bylinePrefix = regexp.MustCompile(`(?i)^\s*(by|von|par|por|door)\s+`)

func cleanByline(s string) string {
	return strings.TrimSpace(bylinePrefix.ReplaceAllString(s, ""))
}

var timeLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.RFC1123Z,
	time.RFC1123,
	"2006-01-02",
	"20060102",
}

// parseTime reads the machine-readable dates pages put in metadata. A date
// with no time of day is midnight UTC; one with a time but no zone is taken
// as UTC, since nothing better is known.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ldObjects returns every object in a JSON-LD block, flattening arrays and
// @graph lists. Malformed JSON-LD is ignored: it is common and harmless.
func ldObjects(src string) []map[string]any {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return nil
	}
	var out []map[string]any
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				add(e, depth+1)
			}
		case map[string]any:
			out = append(out, x)
			if g, ok := x["@graph"]; ok {
				add(g, depth+1)
			}
		}
	}
	add(v, 0)
	return out
}

func pickArticleLD(objs []map[string]any) map[string]any {
	for _, o := range objs {
		for _, t := range ldTypes(o["@type"]) {
			if strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "Report" {
				return o
			}
		}
	}
	return nil
}

func ldTypes(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func ldString(o map[string]any, key string) string {
	if o == nil {
		return ""
	}
	s, _ := o[key].(string)
	return strings.TrimSpace(s)
}

func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["name"].(string)
		return s
	}
	return ""
}

func ldAuthor(o map[string]any) string {
	if o == nil {
		return ""
	}
	switch x := o["author"].(type) {
	case []any:
		var names []string
		for _, e := range x {
			if n := strings.TrimSpace(ldName(e)); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	default:
		return ldName(x)
	}
}

func ldPublisher(o map[string]any) string {
	if o == nil {
		return ""
	}
	return ldName(o["publisher"])
}
