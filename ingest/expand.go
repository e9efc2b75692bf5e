// Sources expanded for another process to work on (ingest/queue's
// enqueuer and workers): the same expansion as Run's, each source handed
// over as an Item with its content read, since it may be worked on on
// another machine.

package ingest

import (
	"context"
	"fmt"
)

// Expansion receives what Expand finds. Item and WARC block while the
// receiver is busy; their error (a cancellation) stops Expand.
type Expansion struct {
	// Item is a source to work on. A local file comes with its content
	// (Path and Body); a URL without.
	Item func(Item) error
	// WARC is a web archive named on the command line or found in a
	// directory, not opened: a job of its own. Nil expands its records
	// as Items.
	WARC func(path string) error
	// Fail is a source that gives nothing to work on, with why.
	Fail func(source string, err error)
	// Skip is a source passed over on purpose (a page a gold file holds).
	Skip func(source, reason string)
}

// Expand expands sources as Run does: feeds and sitemaps (fetched with
// fetch) into their article URLs, directories into their files, gold
// files into their lines. A local file larger than fetch.MaxBody fails
// as too large.
func Expand(ctx context.Context, sources []string, fetch FetchOptions, x Expansion) error {
	fetch.defaults()
	e := &expander{fetcher: NewFetcher(fetch), maxBody: fetch.MaxBody, fail: x.Fail, skip: x.Skip, warc: x.WARC}
	e.emit = func(j job) error {
		if j.path != "" && j.body == nil && !j.hasText {
			b, err := readCapped(j.path, fetch.MaxBody)
			if err != nil {
				x.Fail(j.source, err)
				return nil
			}
			j.body = b
		}
		if j.path != "" {
			// The worker is elsewhere: the path it records must lead to
			// the file from anywhere on this machine.
			j.path = fileSource(j.path)
		}
		return x.Item(j.item())
	}
	for _, s := range sources {
		if err := e.expand(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// ReadWARC reads the pages of the web archive at path (as Run reads
// them), each an Item with its content, or the error that makes a record
// unreadable. The error returned is the archive's own (it cannot be
// opened or read on), or emit's.
func ReadWARC(ctx context.Context, path string, maxBody int64, emit func(Item, error) error) error {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	archive := fileSource(path)
	var failed error
	e := &expander{maxBody: maxBody}
	e.emit = func(j job) error { return emit(j.item(), nil) }
	e.fail = func(src string, err error) {
		if src == archive {
			failed = err
			return
		}
		if eerr := emit(Item{Source: src}, err); eerr != nil && failed == nil {
			failed = fmt.Errorf("warc %s: %w", path, eerr)
		}
	}
	if err := e.expandWARC(ctx, path); err != nil {
		return err
	}
	return failed
}

func (j job) item() Item {
	return Item{Source: j.source, URL: j.url, Path: j.path, Body: j.body, ContentType: j.contentType,
		Text: j.text, HasText: j.hasText}
}
