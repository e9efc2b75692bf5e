// The Processor of claims worker: ingest's fetch, main text and claims,
// in two stages bounded apart, as the local pipeline bounds them.

package queue

import (
	"context"

	"golang.org/x/sync/errgroup"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/ingest/internal/flow"
)

// Articles is what Pipeline needs of ingest; *ingest.Pipeline has it.
type Articles interface {
	FetchItem(ctx context.Context, it ingest.Item) (ingest.Item, error)
	Process(ctx context.Context, it ingest.Item) (claims.Article, []claims.Claim, error)
}

// Pipeline is a Processor: Fetchers tasks fetched at once (each host
// still taking its turns through the fetcher's gate), Extractors
// articles extracted at once.
type Pipeline struct {
	Articles             Articles
	Fetchers, Extractors int
}

// fetchedTask is a task with its content, or the error that kept it.
type fetchedTask struct {
	task Task
	item ingest.Item
	err  error
}

// Process implements Processor.
func (p Pipeline) Process(ctx context.Context, in <-chan Task, done func(context.Context, Result) error) error {
	g, gctx := errgroup.WithContext(ctx)
	fetched := make(chan fetchedTask)
	results := make(chan Result)
	flow.Stage(g, max(p.Fetchers, 1), func() { close(fetched) }, func() error {
		for t := range in {
			it, err := p.Articles.FetchItem(gctx, itemOf(t))
			if err != nil && gctx.Err() != nil {
				return gctx.Err()
			}
			if err := flow.Send(gctx, fetched, fetchedTask{task: t, item: it, err: err}); err != nil {
				return err
			}
		}
		return nil
	})
	flow.Stage(g, max(p.Extractors, 1), func() { close(results) }, func() error {
		for f := range fetched {
			r := p.result(gctx, f)
			if gctx.Err() != nil {
				return gctx.Err()
			}
			if err := flow.Send(gctx, results, r); err != nil {
				return err
			}
		}
		return nil
	})
	g.Go(func() error {
		for r := range results {
			if err := done(gctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	return g.Wait()
}

// result is what became of a fetched task.
func (p Pipeline) result(ctx context.Context, f fetchedTask) Result {
	r := Result{Job: f.task.Job, Key: f.task.Key, Source: f.task.Source}
	err := f.err
	if err == nil {
		var a claims.Article
		var cs []claims.Claim
		if a, cs, err = p.Articles.Process(ctx, f.item); err == nil {
			r.Status, r.Article, r.Claims = StatusExtracted, &a, cs
			return r
		}
	}
	r.Status, r.Reason, r.Error = StatusFailed, ingest.ReasonOf(err), err.Error()
	if r.Reason == ingest.ReasonRobots {
		// As the local pipeline says: a page a site keeps from crawlers
		// is skipped, not failed.
		r.Status = StatusSkipped
	}
	return r
}

// itemOf is the ingest item a task carries.
func itemOf(t Task) ingest.Item {
	return ingest.Item{Source: t.Source, URL: t.URL, Path: t.Path, Body: t.Body, ContentType: t.ContentType, Text: t.Text, HasText: t.HasText}
}
