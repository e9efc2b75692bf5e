package flow

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"golang.org/x/sync/errgroup"
)

// TestStageClosesOnceAfterAll: done runs once, after every copy of the
// work has returned, whatever their number.
func TestStageClosesOnceAfterAll(t *testing.T) {
	for _, n := range []int{1, 3, 8} {
		var g errgroup.Group
		var running, done atomic.Int32
		var early atomic.Bool
		Stage(&g, n, func() {
			if running.Load() != 0 {
				early.Store(true)
			}
			done.Add(1)
		}, func() error {
			running.Add(1)
			defer running.Add(-1)
			return nil
		})
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if done.Load() != 1 || early.Load() {
			t.Errorf("n=%d: done ran %d times, before a copy returned: %v", n, done.Load(), early.Load())
		}
	}
}

// TestSend: a value goes through to a reader; with no reader, a cancelled
// context ends the wait with its error.
func TestSend(t *testing.T) {
	ch := make(chan int, 1)
	if err := Send(context.Background(), ch, 7); err != nil || <-ch != 7 {
		t.Fatalf("Send with room: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Send(ctx, make(chan int), 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Send with no reader after cancel: %v, want %v", err, context.Canceled)
	}
}
