package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"index/suffixarray"
	"io"
	"mime"
	nurl "net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/claims-project/claims"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
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

// parsePage decodes body to UTF-8 and parses it. Bytes that are not valid
// in the detected encoding become U+FFFD rather than failing the page.
func parsePage(body []byte, contentType string) (*html.Node, error) {
	contentType = trustedContentType(body, contentType)
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		// An unknown charset label is not fatal: the page is most likely
		// UTF-8 or close to it, and replacement characters show the rest.
		r = bytes.NewReader(body)
	}
	decoded, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decode page: %w", err)
	}
	if !utf8.Valid(decoded) {
		decoded = bytes.ToValidUTF8(decoded, []byte("\uFFFD"))
	}
	// Drop a UTF-8 BOM the decoder left in place, so it does not become
	// text in <body>.
	decoded = bytes.TrimPrefix(decoded, []byte("\uFEFF"))
	doc, err := html.Parse(bytes.NewReader(decoded))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return doc, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// trustedContentType drops the header's charset when it is UTF-8, the body
// is not valid UTF-8 and the page's own <meta> names another charset: a
// server configured to say UTF-8 for every file, serving a page saved in
// windows-1252, is common, and the page knows its encoding better. In
// every other case the header stands, as the HTML standard says.
func trustedContentType(body []byte, contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.EqualFold(strings.ReplaceAll(params["charset"], "-", ""), "utf8") || utf8.Valid(body) {
		return contentType
	}
	head := body[:min(len(body), 2048)]
	m := metaCharset.FindSubmatch(head)
	if m == nil {
		return contentType
	}
	if _, name := charset.Lookup(string(m[1])); name == "" || name == "utf-8" {
		return contentType
	}
	return "text/html"
}

// mainText finds the article body on a pruned copy of the page.
func mainText(ctx context.Context, doc *html.Node, base *nurl.URL) (string, trafilatura.Metadata, error) {
	// Metadata comes from the unpruned page: bylines and dates often live
	// in headers that pruning removes.
	opts := trafilatura.Options{
		OriginalURL:     base,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
		Focus:           trafilatura.Balanced,
	}
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

// prune removes the furniture pruneSelector names, and everything that
// never holds article prose (scripts, styles).
//
// A container whose class only looks like furniture ("page has-sidebar")
// must not take the story with it, so an element holding the page's first
// <h1> is never pruned by its class or id.
func prune(doc *html.Node) {
	h1 := findFirst(doc, atom.H1)
	var drop []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (isJunkElement(n) || (pruneMatch(n) && !contains(n, h1))) {
			drop = append(drop, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range drop {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && elemAtom(n) == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}

// contains reports whether d is n or inside it.
func contains(n, d *html.Node) bool {
	for ; d != nil; d = d.Parent {
		if d == n {
			return true
		}
	}
	return false
}

// elemAtom is n's tag as an atom. Nodes built by trafilatura carry only
// the tag name, so the atom is looked up from it.
func elemAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

func isJunkElement(n *html.Node) bool {
	switch elemAtom(n) {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg,
		atom.Nav, atom.Aside, atom.Footer, atom.Menu, atom.Dialog, atom.Button, atom.Select:
		return true
	}
	return false
}

// furnitureWords name page furniture that must never reach the claim
// extractor because it carries quotes the article does not make: comment
// threads, "most read" and related-story boxes, pull quotes (which repeat a
// body quote or quote someone out of context), share bars, newsletters.
// They are matched against class and id values with '-' and '_' removed
// and lower-cased, so "c-most-read__list" and "pullQuote" both hit.
var furnitureWords = [...]string{
	"comment", "disqus", "mostread", "mostpopular", "popular", "trending", "mostviewed",
	"related", "recommend", "readmore", "morestories", "alsoread", "outbrain", "taboola",
	"pullquote", "pulloutquote", "blockquotepull",
	"share", "social", "newsletter", "subscribe", "promo", "advert", "sponsor",
	"breadcrumb", "sidebar", "sidebox", "topnav", "navbar", "sitenav", "menu", "cookie", "paywall",
	"tags", "taglist", "authorbio", "authorcard", "caption", "cutline", "relbox", "crumbs",
	"factbox", "infobox", "toolbar", "arttools", "footer", "masthead", "sidecol", "rightcol", "leftcol",
	"rightrail", "siderail", "sitehead", "factfile",
}

// furnitureTokens are class/id values that name furniture only when they
// are the whole value, being too short to search for inside others.
var furnitureTokens = [...]string{"pq", "rel", "nav", "ad", "ads", "tools"}

// keepWords are class/id values that contain a furniture word but name
// article prose ("commentary" is an opinion piece, not a comment thread).
var keepWords = [...]string{"commentary", "articlebody", "storybody", "entrycontent", "postcontent"}

// pruneMatch reports whether n is page furniture by its role, hidden state
// or class and id names. html, body and main are never furniture, whatever
// their class says, so a body class like "has-comments" cannot empty a page.
func pruneMatch(n *html.Node) bool {
	switch elemAtom(n) {
	case atom.Html, atom.Body, atom.Main, atom.Head, atom.Title, atom.Meta, atom.Link:
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "role":
			switch strings.ToLower(a.Val) {
			case "navigation", "complementary", "contentinfo", "banner", "search", "menu":
				return true
			}
		case "class", "id":
			for _, tok := range strings.Fields(a.Val) {
				if furnitureName(tok) {
					return true
				}
			}
		}
	}
	return false
}

func furnitureName(tok string) bool {
	tok = strings.ToLower(tok)
	// State classes ("has-comments", "no-sidebar", "with-related") say
	// what a page has, not what the element is.
	for _, p := range [...]string{"has-", "has_", "with-", "with_", "no-", "no_", "is-", "is_", "show-", "hide-", "enable"} {
		if strings.HasPrefix(tok, p) {
			return false
		}
	}
	tok = strings.NewReplacer("-", "", "_", "").Replace(tok)
	for _, k := range keepWords {
		if strings.Contains(tok, k) {
			return false
		}
	}
	for _, w := range furnitureWords {
		if strings.Contains(tok, w) {
			return true
		}
	}
	for _, w := range furnitureTokens {
		if tok == w {
			return true
		}
	}
	return false
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

// dedupParagraphs drops a paragraph whose words all appear, in order, inside
// another paragraph: a pull quote left in the body after pruning repeats a
// quote the article makes in full elsewhere, and extracting it twice would
// double the claim. Short paragraphs are kept, since a two-word reply can
// legitimately recur. Of two identical paragraphs the first is kept.
//
// Precisely, paragraph i goes when its key (letterKey) has at least 20
// runes and is inside another paragraph's key that is longer or comes
// first, or when its quoted key (quotedKey) has at least 20 runes and is
// inside another paragraph's key. The searches go through one suffix array
// of all keys, so that a hostile page of many paragraphs costs
// O(n log n), not the O(n²) substring tests of comparing every pair.
func dedupParagraphs(text string) string {
	paras := strings.Split(text, "\n\n")
	if len(paras) < 2 {
		return text
	}
	// All keys joined by NUL, which no key contains, so no match spans two.
	keys := make([]string, len(paras))
	var all strings.Builder
	for i, p := range paras {
		keys[i] = letterKey(p)
		all.WriteString(keys[i])
		all.WriteByte(0)
	}
	sa := suffixarray.New([]byte(all.String()))
	// occurs reports whether s occurs more than n times in all the keys.
	occurs := func(s string, n int) bool { return len(sa.Lookup([]byte(s), n+1)) > n }

	// Paragraphs with the same key, in order.
	holders := map[string][]int{}
	for i, k := range keys {
		if utf8.RuneCountInString(k) >= 20 {
			holders[k] = append(holders[k], i)
		}
	}
	drop := make([]bool, len(paras))
	for k, hs := range holders {
		// k occurs once in each holder and in no other key of its length
		// or shorter, so any further occurrence is inside a longer key,
		// which makes every holder a repeat; else the first one stays.
		longer := occurs(k, len(hs))
		for n, i := range hs {
			drop[i] = longer || n > 0
		}
	}
	for i, p := range paras {
		if drop[i] {
			continue
		}
		// The quoted key is a prefix of the paragraph's own key; counting
		// its occurrences there tells whether another key has it too.
		if qk := quotedKey(p); utf8.RuneCountInString(qk) >= 20 {
			drop[i] = occurs(qk, countOverlapping(keys[i], qk))
		}
	}
	out := paras[:0:0]
	for i, p := range paras {
		if !drop[i] {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// countOverlapping counts the occurrences of sub in s, overlapping ones
// included, as a suffix array counts them.
func countOverlapping(s, sub string) int {
	n := 0
	for {
		i := strings.Index(s, sub)
		if i < 0 {
			return n
		}
		n++
		_, size := utf8.DecodeRuneInString(s[i:])
		s = s[i+size:]
	}
}

// letterKey keeps only the letters and digits of s, lower-cased, so that
// a pull quote's different punctuation and marks do not hide the repeat.
func letterKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// quotedKey is the letterKey of the quotation a paragraph opens with,
// when what follows it is a "— Name" credit line: the shape of a pull
// quote, as against a body paragraph, where the quote is followed by "she
// said".
func quotedKey(p string) string {
	r, size := utf8.DecodeRuneInString(p)
	closer, ok := quotePairs[r]
	if !ok {
		return ""
	}
	end := strings.IndexRune(p[size:], closer)
	if end < 0 {
		return ""
	}
	rest := strings.TrimSpace(p[size+end+utf8.RuneLen(closer):])
	if rest == "" || !strings.ContainsRune("—–-~―", []rune(rest)[0]) {
		return ""
	}
	return letterKey(p[size : size+end])
}

var quotePairs = map[rune]rune{'“': '”', '"': '"', '«': '»', '„': '“', '‘': '’'}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

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

func readMeta(doc *html.Node, base *nurl.URL) pageMeta {
	var m pageMeta
	var ogURL, h1, docTitle string
	metas := map[string]string{}
	var ld []map[string]any
	var timeAttr, bylineText string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link:
				if hasToken(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = resolveHTTP(base, attr(n, "href"))
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				if key != "" {
					if _, seen := metas[key]; !seen {
						metas[key] = strings.TrimSpace(attr(n, "content"))
					}
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					ld = append(ld, ldObjects(n.FirstChild.Data)...)
				}
			case atom.Title:
				if docTitle == "" && n.FirstChild != nil {
					docTitle = collapseSpace(textOf(n))
				}
			case atom.H1:
				if h1 == "" {
					h1 = collapseSpace(textOf(n))
				}
			case atom.Time:
				if timeAttr == "" || attr(n, "itemprop") == "datePublished" || attr(n, "pubdate") != "" {
					if v := attr(n, "datetime"); v != "" {
						timeAttr = v
					}
				}
			}
			if bylineText == "" && (hasToken(attr(n, "rel"), "author") || classHas(n, "byline") || attr(n, "itemprop") == "author") {
				bylineText = collapseSpace(textOf(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	ogURL = metas["og:url"]
	if m.canonical == "" && ogURL != "" {
		m.canonical = resolveHTTP(base, ogURL)
	}
	art := pickArticleLD(ld)
	m.title = firstNonEmpty(metas["og:title"], ldString(art, "headline"), h1, metas["twitter:title"], docTitle)
	if h1 != "" && (h1 == collapseSpace(metas["og:title"]) || h1 == collapseSpace(ldString(art, "headline")) ||
		h1 == collapseSpace(metas["twitter:title"]) || strings.Contains(docTitle, h1)) {
		m.headline = h1
	}
	m.byline = cleanByline(firstNonEmpty(ldAuthor(art), metas["author"], metas["article:author"], metas["parsely-author"], bylineText))
	m.site = firstNonEmpty(metas["og:site_name"], ldPublisher(art), metas["application-name"])
	for _, v := range []string{
		metas["article:published_time"], ldString(art, "datePublished"), metas["datepublished"],
		metas["pubdate"], metas["publishdate"], metas["publish-date"], metas["parsely-pub-date"],
		metas["sailthru.date"], metas["dc.date"], metas["dc.date.issued"], metas["dcterms.created"],
		metas["date"], timeAttr,
	} {
		if t, ok := parseTime(v); ok {
			m.published = t
			break
		}
	}
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

func classHas(n *html.Node, word string) bool {
	for _, f := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if strings.Contains(f, word) {
			return true
		}
	}
	return false
}

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

// splitBrParagraphs turns text separated by <br><br> into <p> elements,
// as old page templates write paragraphs that way and extractors then see
// one undivided block. Elements without a double <br> are left alone.
func splitBrParagraphs(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			splitBrParagraphs(c)
		}
	}
	if n.Type != html.ElementNode || !hasBrChain(n) {
		return
	}
	var kids []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		kids = append(kids, c)
	}
	for _, c := range kids {
		n.RemoveChild(c)
	}
	var run []*html.Node
	flush := func() {
		hasText := false
		for _, r := range run {
			if strings.TrimSpace(textOf(r)) != "" || (r.Type == html.ElementNode && elemAtom(r) == atom.Img) {
				hasText = true
				break
			}
		}
		if hasText {
			p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
			for _, r := range run {
				p.AppendChild(r)
			}
			n.AppendChild(p)
		} else {
			for _, r := range run {
				n.AppendChild(r)
			}
		}
		run = run[:0]
	}
	for i := 0; i < len(kids); i++ {
		c := kids[i]
		if isBr(c) {
			if j := nextNonSpace(kids, i+1); j < len(kids) && isBr(kids[j]) {
				flush()
				for i+1 < len(kids) && (isBr(kids[i+1]) || isSpaceText(kids[i+1])) {
					i++
				}
				continue
			}
		}
		if c.Type == html.ElementNode && isBlock(c) {
			flush()
			n.AppendChild(c)
			continue
		}
		run = append(run, c)
	}
	flush()
}

func isBr(n *html.Node) bool { return n.Type == html.ElementNode && elemAtom(n) == atom.Br }

func isSpaceText(n *html.Node) bool {
	return n.Type == html.TextNode && strings.TrimSpace(n.Data) == ""
}

func nextNonSpace(kids []*html.Node, i int) int {
	for i < len(kids) && isSpaceText(kids[i]) {
		i++
	}
	return i
}

func hasBrChain(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !isBr(c) {
			continue
		}
		d := c.NextSibling
		for d != nil && isSpaceText(d) {
			d = d.NextSibling
		}
		if d != nil && isBr(d) {
			return true
		}
	}
	return false
}
