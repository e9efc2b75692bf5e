// One source at a time, for a worker of ingest/queue: the same fetch,
// main text and claims as Run, without the Sink, which is another
// process's.

package ingest

import (
	"context"

	"github.com/claims-project/claims"
)

// Item is one source as a queue task carries it: a URL to fetch, a local
// file's content read by the enqueuer, or an article's text in hand.
type Item struct {
	// Source names it in the store and in logs, as Run names it.
	Source string
	// URL is a page to fetch, when there is no content in hand.
	URL string
	// Path is the local file the content came from, as the user gave
	// it; with Body.
	Path        string
	Body        []byte
	ContentType string
	// Text is an article's text, when HasText (a gold line).
	Text    string
	HasText bool
}

// FetchItem returns it with its content: fetched (politely, through
// Options.Fetch and its Gate) when it held none, URL then the page's
// address after redirects. Every failure is an *Error whose Reason says
// why, as Run records it.
func (p *Pipeline) FetchItem(ctx context.Context, it Item) (Item, error) {
	if it.HasText || it.Body != nil {
		return it, nil
	}
	d, err := p.fetch(ctx, it.job())
	if err != nil {
		return it, err
	}
	it.Body, it.ContentType, it.URL = d.body, d.contentType, d.finalURL
	return it, nil
}

func (it Item) job() job {
	return job{source: it.Source, url: it.URL, path: it.Path, body: it.Body, contentType: it.ContentType,
		text: it.Text, hasText: it.HasText}
}

// Process finds the article of an item with its content (FetchItem's)
// and the article's claims, with the claims' ids given. Every failure is
// an *Error whose Reason says why.
func (p *Pipeline) Process(ctx context.Context, it Item) (claims.Article, []claims.Claim, error) {
	if !it.HasText && it.Body == nil {
		return claims.Article{}, nil, failf(ReasonUnsupported, "%s: not fetched", it.Source)
	}
	a, err := p.article(ctx, fetched{job: it.job(), body: it.Body, contentType: it.ContentType, finalURL: it.URL})
	if err != nil {
		return claims.Article{}, nil, err
	}
	cs, err := p.ex.Extract(ctx, a.Text)
	if err != nil {
		return a, nil, &Error{Reason: ReasonExtract, Err: err}
	}
	claims.AssignIDs(a.ID, cs)
	return a, cs, nil
}
