// Package flow holds the two pieces every concurrent pipeline of ingest
// is built from, so that ingest's own pipeline and the JetStream worker
// (ingest/queue) close their channels and stop on cancellation the same
// way:
//
//   - Stage runs n copies of a stage's work in an errgroup and closes the
//     stage's output once, after the last copy returns;
//   - Send is the one way a stage hands a value on: it gives up when the
//     context is cancelled, so that no stage blocks on a reader that is
//     gone.
package flow

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Stage runs n copies of work in g and calls done once all have returned,
// which is how each stage closes its output channel exactly once.
func Stage(g *errgroup.Group, n int, done func(), work func() error) {
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		g.Go(func() error {
			defer wg.Done()
			return work()
		})
	}
	g.Go(func() error {
		wg.Wait()
		done()
		return nil
	})
}

// Send sends v on ch, or returns ctx's error once ctx is done.
func Send[T any](ctx context.Context, ch chan<- T, v T) error {
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
