package main

import (
	"context"
	"testing"

	"github.com/claims-project/claims/store"
	"github.com/spf13/cobra"
)

// TestRelease: a reading command closes its store, so that a test (or a
// server) running commands one after another in one process can write to
// it next; only in a process that exits next does a read-only store stay
// open, for the exit to release.
func TestRelease(t *testing.T) {
	dir := t.TempDir()
	w, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		ctx      context.Context
		leftOpen bool
	}{
		{"in a test", context.Background(), false},
		{"in main", exitsAfter(context.Background()), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := store.Open(dir, store.Options{MustExist: true, Reading: true})
			if err != nil {
				t.Fatal(err)
			}
			if !r.ReadOnly() {
				t.Fatal("a cleanly closed store was opened for writing")
			}
			cmd := &cobra.Command{}
			cmd.SetContext(tc.ctx)
			release(cmd, r)
			if _, err := r.Stats(context.Background()); (err == nil) != tc.leftOpen {
				t.Errorf("after release, Stats: %v; want the store left open: %v", err, tc.leftOpen)
			}
			if tc.leftOpen {
				r.Close()
			}
		})
	}
}
