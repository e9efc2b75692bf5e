// Feeds and sitemaps, local or fetched: the sources that are lists of
// pages. They are expanded into one job per page as they are read, so
// that a sitemap of a hundred thousand URLs waits on the fetchers rather
// than filling memory; sitemap indexes are followed to a bounded depth.

package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	nurl "net/url"
	"strings"

	"github.com/mmcdole/gofeed"
)

// expandURL fetches a URL given by the user or found in a sitemap index.
// Page URLs become jobs without a request here; only URLs that look like
// feeds or sitemaps are fetched now, to read their links.
func (e *expander) expandURL(ctx context.Context, u string, depth int) error {
	if !looksLikeXML(u) {
		return e.emit(job{source: u, url: u})
	}
	res, err := e.fetchXML(ctx, u)
	if res == nil {
		return err
	}
	if isHTMLType(res.ContentType) && !looksXMLBody(res.Body) {
		// A page after all: hand the body over instead of fetching twice.
		return e.emit(job{source: u, url: res.URL, body: res.Body, contentType: res.ContentType})
	}
	return e.expandXML(ctx, u, res.Body, depth)
}

// looksLikeXML guesses from a URL whether it names a feed or sitemap.
func looksLikeXML(u string) bool {
	l := strings.ToLower(u)
	if i := strings.IndexAny(l, "?#"); i >= 0 {
		l = l[:i]
	}
	l = strings.TrimSuffix(l, "/")
	for _, s := range []string{".xml", ".xml.gz", ".rss", ".atom", "/feed", "/rss", "/atom", "/feeds"} {
		if strings.HasSuffix(l, s) {
			return true
		}
	}
	return strings.Contains(l, "sitemap")
}

func isHTMLType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func looksXMLBody(b []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	return bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<rss")) ||
		bytes.HasPrefix(t, []byte("<feed")) || bytes.HasPrefix(t, []byte("<urlset")) || bytes.HasPrefix(t, []byte("<sitemapindex"))
}

// maxSitemapDepth bounds sitemap indexes pointing at indexes.
const maxSitemapDepth = 3

// expandXML reads a feed or a sitemap (index) and expands its links.
func (e *expander) expandXML(ctx context.Context, src string, body []byte, depth int) error {
	body, err := gunzipIfNeeded(body, e.maxBody)
	if err != nil {
		e.fail(src, err)
		return nil
	}
	switch root := rootElement(body); root {
	case "urlset", "sitemapindex":
		return e.expandSitemap(ctx, src, body, root == "sitemapindex", depth)
	}
	return e.expandFeed(src, body)
}

// expandSitemap emits the pages of a sitemap, or follows the sitemaps of
// a sitemap index.
func (e *expander) expandSitemap(ctx context.Context, src string, body []byte, index bool, depth int) error {
	what := "sitemap"
	if index {
		what = "sitemap index"
		if depth >= maxSitemapDepth {
			e.fail(src, failf(ReasonParse, "sitemap index %s nested deeper than %d", src, maxSitemapDepth))
			return nil
		}
	}
	locs, err := sitemapLocs(body)
	if err != nil {
		e.fail(src, &Error{Reason: ReasonParse, Err: fmt.Errorf("%s %s: %w", what, src, err)})
		return nil
	}
	for _, l := range locs {
		l = resolveLink(src, l)
		if index {
			err = e.expandSitemapRef(ctx, l, depth+1)
		} else {
			err = e.emit(job{source: l, url: l})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// expandFeed emits the page each item of an RSS or Atom feed links to.
func (e *expander) expandFeed(src string, body []byte) error {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		e.fail(src, &Error{Reason: ReasonParse, Err: fmt.Errorf("%s is neither a feed nor a sitemap: %w", src, err)})
		return nil
	}
	for _, it := range feed.Items {
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		link = resolveLink(src, link)
		if link == "" || !isURL(link) {
			continue
		}
		if err := e.emit(job{source: link, url: link}); err != nil {
			return err
		}
	}
	return nil
}

// fetchXML fetches a feed or sitemap. A failed fetch fails that source
// only, and res is nil; err is then the run's cancellation, if any, which
// must stop the expansion.
func (e *expander) fetchXML(ctx context.Context, u string) (res *Response, err error) {
	res, err = e.fetcher.Fetch(ctx, u, AcceptXML)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e.fail(u, err)
		return nil, nil
	}
	return res, nil
}

// expandSitemapRef follows one <sitemap><loc> of an index: always XML,
// whatever its name says.
func (e *expander) expandSitemapRef(ctx context.Context, u string, depth int) error {
	if !isURL(u) {
		e.fail(u, failf(ReasonBadURL, "sitemap location %q is not an http(s) URL", u))
		return nil
	}
	res, err := e.fetchXML(ctx, u)
	if res == nil {
		return err
	}
	return e.expandXML(ctx, u, res.Body, depth)
}

// resolveLink makes a relative link in a feed or sitemap absolute against
// the URL it was read from; links in local files stay as they are.
func resolveLink(base, link string) string {
	if link == "" || isURL(link) || !isURL(base) {
		return link
	}
	b, err := nurl.Parse(base)
	if err != nil {
		return link
	}
	r, err := nurl.Parse(link)
	if err != nil {
		return link
	}
	return b.ResolveReference(r).String()
}

// rootElement is the local name of the document's first element.
func rootElement(b []byte) string {
	d := lenientDecoder(b)
	for i := 0; i < 64; i++ {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// sitemapLocs returns the <loc> of every <url> or <sitemap> entry, in
// order. Google News sitemaps are ordinary urlsets with a news: block per
// url, so they need nothing more.
func sitemapLocs(b []byte) ([]string, error) {
	d := lenientDecoder(b)
	var out []string
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if t.Name.Local == "loc" && len(stack) >= 2 {
				parent := stack[len(stack)-2]
				if parent != "url" && parent != "sitemap" {
					continue
				}
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return out, err
				}
				stack = stack[:len(stack)-1]
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// lenientDecoder reads feeds and sitemaps as they are found, not as the
// XML spec wants them: unclosed tags and undeclared entities are common,
// and links are ASCII whatever the declared charset.
func lenientDecoder(b []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d
}
