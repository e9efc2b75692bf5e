// Page cleaning: what must not reach the claim extractor because it
// carries quotes the article does not make. prune removes furniture from
// the DOM before the main text is found (navigation, comment threads,
// "most read" and related boxes, pull quotes, captions, fact boxes,
// anything hidden), recognised by tag, role and class or id names, since
// main-text extractors keep some of it; dedupParagraphs then drops a pull
// quote that escaped pruning from the extracted text, so that a quote is
// not claimed twice.

package ingest

import (
	"index/suffixarray"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// prune removes the furniture pruneMatch names, and everything that
// never holds article prose (scripts, styles).
//
// A container whose class only looks like furniture ("page has-sidebar")
// must not take the story with it, so an element holding the page's first
// <h1> is never pruned by its class or id.
func prune(doc *html.Node) {
	page := goquery.NewDocumentFromNode(doc)
	var h1 *html.Node
	if s := page.Find("h1"); s.Length() > 0 {
		h1 = s.Get(0)
	}
	page.Find("*").FilterFunction(func(_ int, s *goquery.Selection) bool {
		n := s.Get(0)
		return isJunkElement(n) || (pruneMatch(n) && !contains(n, h1))
	}).Remove()
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

// dropSeparator reads "side-bar" and "side_bar" as "sidebar". (A
// strings.Replacer here was built anew for every class name of every
// element: 5% of ingest.)
func dropSeparator(r rune) rune {
	if r == '-' || r == '_' {
		return -1
	}
	return r
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
	tok = strings.Map(dropSeparator, tok)
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
