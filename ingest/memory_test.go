package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/claims-project/claims"
)

// checkpointSink is a fakeSink that can checkpoint, and notes the soft
// memory limit in force while articles are written.
type checkpointSink struct {
	*fakeSink
	lock        sync.Mutex
	checkpoints []int // articles put before each checkpoint
	puts        int
	limits      map[int64]bool
	failAt      int // fail the checkpoint after this many puts; 0 never
}

func newCheckpointSink() *checkpointSink {
	return &checkpointSink{fakeSink: newFakeSink(), limits: map[int64]bool{}}
}

func (s *checkpointSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	s.lock.Lock()
	s.puts++
	s.limits[debug.SetMemoryLimit(-1)] = true
	s.lock.Unlock()
	return s.fakeSink.Put(ctx, a, cs, source)
}

func (s *checkpointSink) Checkpoint(ctx context.Context) error {
	s.lock.Lock()
	defer s.lock.Unlock()
	if s.failAt > 0 && s.puts == s.failAt {
		return errors.New("reopen: disk gone")
	}
	s.checkpoints = append(s.checkpoints, s.puts)
	return ctx.Err()
}

// goldFile writes a gold file of n distinct articles and returns its path.
func goldFile(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"a%d","text":"Article %d. “Number %d,” said Ada Brennan.","claims":[]}`+"\n", i, i, i)
	}
	p := filepath.Join(t.TempDir(), "gold.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRunCheckpoints checks that the pipeline, not its caller, checkpoints
// a Sink that can: every DefaultCheckpointEvery articles written when the
// options say nothing, counting only articles written.
func TestRunCheckpoints(t *testing.T) {
	gold := goldFile(t, 2*DefaultCheckpointEvery+1)
	sink := newCheckpointSink()
	sum, err := New(sink, quoteExtractor{}, Options{Workers: 2}).Run(context.Background(), []string{gold})
	if err != nil || sum.Stored != 2*DefaultCheckpointEvery+1 {
		t.Fatalf("Run: %d stored, err %v", sum.Stored, err)
	}
	if want := []int{DefaultCheckpointEvery, 2 * DefaultCheckpointEvery}; fmt.Sprint(sink.checkpoints) != fmt.Sprint(want) {
		t.Errorf("checkpoints after %v puts, want %v", sink.checkpoints, want)
	}

	// Again, every article unchanged: nothing written, no checkpoint.
	sink.checkpoints = nil
	if _, err := New(sink, quoteExtractor{}, Options{Workers: 2, Refresh: true}).Run(context.Background(), []string{gold}); err != nil {
		t.Fatal(err)
	}
	if len(sink.checkpoints) != 0 {
		t.Errorf("checkpoints after %v puts of unchanged articles, want none", sink.checkpoints)
	}
}

func TestRunCheckpointEveryOption(t *testing.T) {
	gold := goldFile(t, 10)
	for _, tc := range []struct {
		every int
		want  string
	}{{3, "[3 6 9]"}, {-1, "[]"}} {
		sink := newCheckpointSink()
		if _, err := New(sink, quoteExtractor{}, Options{CheckpointEvery: tc.every}).Run(context.Background(), []string{gold}); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(sink.checkpoints); got != tc.want {
			t.Errorf("CheckpointEvery %d: checkpoints after %s puts, want %s", tc.every, got, tc.want)
		}
	}
}

// TestRunCheckpointFails checks that a failed checkpoint fails the article
// that triggered it, as a failed write would, and the run goes on.
func TestRunCheckpointFails(t *testing.T) {
	sink := newCheckpointSink()
	sink.failAt = 2
	obs := &outcomeLog{}
	sum, err := New(sink, quoteExtractor{}, Options{Workers: 1, CheckpointEvery: 2, Observer: obs}).
		Run(context.Background(), []string{goldFile(t, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 4 || sum.Failed != 1 {
		t.Errorf("%d stored, %d failed; want 4 and 1", sum.Stored, sum.Failed)
	}
	for src, o := range obs.byURL {
		if o.Status == Failed && (o.Reason != ReasonStore || !strings.Contains(o.Err.Error(), "disk gone")) {
			t.Errorf("%s: failed with %q (%v), want %q and the checkpoint's error", src, o.Reason, o.Err, ReasonStore)
		}
	}
}

// TestRunMemoryLimit checks that Run sets the soft memory limit while it
// runs and puts the old one back, unless $GOMEMLIMIT or the options say
// otherwise.
func TestRunMemoryLimit(t *testing.T) {
	gold := goldFile(t, 3)
	before := debug.SetMemoryLimit(-1)
	for _, tc := range []struct {
		name      string
		env       string // "-" for unset
		limit     int64
		wantLimit int64
	}{
		{"default", "-", 0, DefaultMemoryLimit},
		{"option", "-", 64 << 20, 64 << 20},
		{"option off", "-", -1, before},
		{"GOMEMLIMIT set", "1GiB", 0, before},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", tc.env)
			if tc.env == "-" {
				os.Unsetenv("GOMEMLIMIT")
			}
			sink := newCheckpointSink()
			if _, err := New(sink, quoteExtractor{}, Options{MemoryLimit: tc.limit}).Run(context.Background(), []string{gold}); err != nil {
				t.Fatal(err)
			}
			if len(sink.limits) != 1 || !sink.limits[tc.wantLimit] {
				t.Errorf("limits while writing %v, want only %d", sink.limits, tc.wantLimit)
			}
			if after := debug.SetMemoryLimit(-1); after != before {
				t.Errorf("limit after Run %d, want %d as before", after, before)
			}
		})
	}
}

func TestNewPolicyDefaults(t *testing.T) {
	p := New(newFakeSink(), quoteExtractor{}, Options{})
	if p.opts.CheckpointEvery != 500 || p.opts.MemoryLimit != 128<<20 {
		t.Errorf("CheckpointEvery %d, MemoryLimit %d; want 500 and 128 MiB", p.opts.CheckpointEvery, p.opts.MemoryLimit)
	}
}
