// ExtractPage, the one way an HTML page becomes an article: it decodes
// the page (charset.go), reads its metadata (meta.go), prunes furniture
// (clean.go) and splits <br> paragraphs (brsplit.go) on a copy, finds the
// main text with trafilatura or a fallback, and renders it as paragraphs.
// Rendering is here rather than left to the extractors because claim
// offsets count characters: the text must keep the page's no-break spaces
// and its paragraph breaks.

package ingest

import (
	"context"
	"errors"
	"fmt"
	nurl "net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/claims-project/claims"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNoText is returned by ExtractPage when a page has no main text that
// either extractor can find.
var ErrNoText = errors.New("no main text found")

// ExtractPage turns an HTML page into an article. It decodes the charset
// (Content-Type header, then BOM, then <meta>), parses the page, removes
// furniture that carries quotes the article does not make (navigation,
// comments, "most read" and related boxes, pull quotes, captions, fact
// boxes), finds the main text with trafilatura (readability, then the
// pruned page itself, when trafilatura's result is empty or one undivided
// block) and reads the metadata from the whole page.
//
// Text starts with the headline when the page has one, then one paragraph
// per block, separated by a blank line, so that quotes running over
// paragraphs keep their shape; a paragraph repeated inside another (a pull
// quote that escaped pruning) appears once. Invalid UTF-8 becomes U+FFFD;
// no-break spaces are kept. URL is the page's canonical URL when it
// declares one, else pageURL; ID is claims.ArticleID of the canonical URL,
// of pageURL when that is an http(s) URL, else of the text. Published is
// the full timestamp when the page gives one. ErrNoText means the page has
// no main text.
func ExtractPage(ctx context.Context, body []byte, contentType, pageURL string) (claims.Article, error) {
	if err := ctx.Err(); err != nil {
		return claims.Article{}, err
	}
	doc, err := parsePage(body, contentType)
	if err != nil {
		return claims.Article{}, err
	}
	base, _ := nurl.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	meta := readMeta(doc, base)

	text, tmeta, err := mainText(ctx, doc, base)
	if err != nil {
		return claims.Article{}, err
	}
	text = withHeadline(text, meta.headline)
	a := claims.Article{
		URL:       meta.canonical,
		Title:     firstNonEmpty(meta.title, tmeta.Title),
		Byline:    firstNonEmpty(meta.byline, tmeta.Author),
		Published: meta.published,
		Site:      firstNonEmpty(meta.site, tmeta.Sitename),
		Text:      text,
	}
	if a.URL == "" {
		a.URL = pageURL
	}
	if a.Published.IsZero() && !tmeta.Date.IsZero() {
		a.Published = tmeta.Date.UTC()
	}
	if a.Site == "" {
		if u, err := nurl.Parse(a.URL); err == nil && u.IsAbs() {
			a.Site = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	a.ID = claims.ArticleID(canonicalOnly(meta.canonical, pageURL), text)
	return a, nil
}

// withHeadline starts the text with the headline, as a news article's
// text does, unless extraction kept it already. The headline stays a
// paragraph of its own.
func withHeadline(text, headline string) string {
	if headline == "" {
		return text
	}
	first, _, _ := strings.Cut(text, "\n\n")
	if collapseSpace(first) == headline || strings.Contains(text, headline) {
		return text
	}
	return headline + "\n\n" + text
}

// canonicalOnly picks the URL an article is named by: its canonical URL, or
// the URL it was fetched from; a local file with no URL is named by text.
func canonicalOnly(canonical, pageURL string) string {
	if canonical != "" {
		return canonical
	}
	if u, err := nurl.Parse(pageURL); err == nil && u.IsAbs() && (u.Scheme == "http" || u.Scheme == "https") {
		return pageURL
	}
	return ""
}

// trafilaturaOptions are the options ingest runs trafilatura with. Its
// fallback extractors stay off (EnableFallback): mainText falls back to
// readeck's readability itself, and go.mod replaces the two trafilatura
// would call (go-shiori's readability, go-domdistiller) with stand-ins that
// find nothing, to keep their package initialisers out of every command.
// HtmlDateMode Fast keeps go-htmldate from the date parser, which go.mod
// replaces too (third_party/nodateparser).
func trafilaturaOptions(base *nurl.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:     base,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
		Focus:           trafilatura.Balanced,
	}
}

// mainText finds the article body on a pruned copy of the page.
func mainText(ctx context.Context, doc *html.Node, base *nurl.URL) (string, trafilatura.Metadata, error) {
	// Metadata comes from the unpruned page: bylines and dates often live
	// in headers that pruning removes.
	opts := trafilaturaOptions(base)
	prepared := cloneNode(doc)
	prune(prepared)
	splitBrParagraphs(prepared)
	shieldSpaces(prepared)
	// trafilatura works on its own copy, so prepared stays as it is.
	res, err := trafilatura.ExtractDocument(prepared, opts)
	var text string
	var meta trafilatura.Metadata
	if err == nil && res != nil {
		meta = res.Metadata
		text = unshieldSpaces(blockText(res.ContentNode))
	}
	if err := ctx.Err(); err != nil {
		return "", meta, err
	}
	// On short pages trafilatura falls back to a "baseline" that runs every
	// paragraph of the page together. A result that is nearly empty, or one
	// block where the page has several, is replaced by readability's, or
	// failing that by the pruned page's own blocks.
	whole := unshieldSpaces(blockText(prepared))
	if utf8.RuneCountInString(text) < 50 || (paragraphs(text) == 1 && paragraphs(whole) > 1) {
		alt := ""
		art, rerr := readability.FromDocument(prepared, base)
		if rerr == nil && art.Node != nil {
			alt = unshieldSpaces(blockText(art.Node))
		}
		if utf8.RuneCountInString(alt) < 50 || paragraphs(alt) < min(2, paragraphs(whole)) {
			alt = whole
		}
		if strings.TrimSpace(alt) != "" {
			text = alt
		}
	}
	text = dedupParagraphs(text)
	if strings.TrimSpace(text) == "" {
		if err != nil {
			return "", meta, fmt.Errorf("%w: %v", ErrNoText, err)
		}
		return "", meta, ErrNoText
	}
	return text, meta, nil
}

// keptSpaces are the spaces that are text, not layout: trafilatura folds
// them into ASCII spaces, which would change the article's characters
// (a narrow no-break space in "5 km" is part of what was written). They
// travel through extraction as private-use runes from plane 16, which no
// font or page uses for text.
var keptSpaces = [...]rune{'\u00a0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
	'\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000'}

const shieldBase = 0x10FF00

func shieldSpaces(n *html.Node) {
	if n.Type == html.TextNode {
		n.Data = strings.Map(func(r rune) rune {
			for i, s := range keptSpaces {
				if r == s {
					return shieldBase + rune(i)
				}
			}
			return r
		}, n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		shieldSpaces(c)
	}
}

func unshieldSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if i := r - shieldBase; i >= 0 && int(i) < len(keptSpaces) {
			return keptSpaces[i]
		}
		return r
	}, s)
}

func paragraphs(text string) int {
	if strings.TrimSpace(text) == "" {
		return 0
	}
	return strings.Count(text, "\n\n") + 1
}

func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	c.Attr = append([]html.Attribute(nil), n.Attr...)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneNode(ch))
	}
	return c
}

// blockText renders the text of an extracted content tree with one
// paragraph per block element, paragraphs separated by a blank line.
// Runs of ASCII white space inside a paragraph become one space; other
// spaces (U+00A0, U+202F) are text and kept, since claim offsets count them.
func blockText(root *html.Node) string {
	if root == nil {
		return ""
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := strings.TrimSpace(collapseSpace(cur.String())); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if isJunkElement(n) {
				return
			}
			if elemAtom(n) == atom.Br || n.Data == "lb" {
				flush()
				return
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		block := n.Type == html.ElementNode && isBlock(n)
		if block {
			flush()
		}
		if n.Type == html.ElementNode && isCell(n) {
			// Cells of one row read as one line.
			cur.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(root)
	flush()
	return strings.Join(paras, "\n\n")
}

// isBlock reports whether n starts a new paragraph. The names outside HTML
// ("head", "item", "list", "quote", "cell", "row") are the ones trafilatura
// converts HTML blocks to in its output tree.
func isBlock(n *html.Node) bool {
	switch elemAtom(n) {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Blockquote,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol, atom.Dl,
		atom.Dt, atom.Dd, atom.Table, atom.Tr, atom.Pre, atom.Figure, atom.Hr,
		atom.Address, atom.Details, atom.Summary, atom.Body, atom.Html:
		return true
	}
	switch n.Data {
	case "head", "item", "list", "quote", "row", "doc", "main":
		return true
	}
	return false
}

func isCell(n *html.Node) bool {
	a := elemAtom(n)
	return a == atom.Td || a == atom.Th || n.Data == "cell"
}

func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// elemAtom is n's tag as an atom. Nodes built by trafilatura carry only
// the tag name, so the atom is looked up from it.
func elemAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// textOf is the text inside n, trimmed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}
