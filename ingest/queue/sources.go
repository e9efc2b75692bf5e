// Sources as claims ingest --nats names them, expanded onto the queue.

package queue

import (
	"context"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claims-project/claims/ingest"
)

// EnqueueSources starts a job of sources, expanded as the local pipeline
// expands them (ingest.Expand, fetching feeds and sitemaps with fetch):
// URLs as they are, local files with their content, each WARC file as one
// task naming its path, which the workers must be able to read. The job
// is closed when every source is on the queue or recorded as failed.
func EnqueueSources(ctx context.Context, js jetstream.JetStream, sources []string, fetch ingest.FetchOptions) (*Enqueuer, error) {
	e, err := NewJob(ctx, js)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := func(err error) {
		if err != nil {
			cancel(err)
		}
	}
	err = ingest.Expand(ctx, sources, fetch, ingest.Expansion{
		Item: func(it ingest.Item) error {
			_, err := e.Add(ctx, Task{Source: it.Source, URL: it.URL, Path: it.Path, Body: it.Body,
				ContentType: it.ContentType, Text: it.Text, HasText: it.HasText})
			return err
		},
		WARC: func(path string) error {
			_, err := e.Add(ctx, Task{Source: path, WARC: path})
			return err
		},
		Fail: func(source string, err error) { stop(e.Fail(ctx, source, ingest.ReasonOf(err), err)) },
		Skip: func(source, reason string) { stop(e.Skip(ctx, source, reason)) },
	})
	if cause := context.Cause(ctx); cause != nil && err == nil {
		err = cause
	}
	if err != nil {
		return e, err
	}
	return e, e.Close(ctx)
}
