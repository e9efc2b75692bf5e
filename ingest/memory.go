// Memory policy of a long ingest, applied by Run so that every program
// that ingests, not only the CLI, keeps its resident set flat over tens of
// thousands of articles: a soft limit on the Go heap while Run runs, and a
// checkpoint of the Sink every so many articles when the Sink can take
// one.

package ingest

import (
	"context"
	"os"
	"runtime/debug"
)

// DefaultCheckpointEvery is how many articles written pass between two
// checkpoints of a Checkpointer Sink unless Options.CheckpointEvery says
// otherwise. Between two, a store.Store keeps the pages of the value log
// written and of the tables compaction read and wrote mapped: 20 to 35 MB
// per 500 news articles in stores of 5,000 to 20,000. Each checkpoint
// costs a memtable flush, a level-0 compaction and a reopen; at 500 that
// is a tenth of the throughput.
const DefaultCheckpointEvery = 500

// DefaultMemoryLimit is the soft limit on the Go heap while Run runs
// unless Options.MemoryLimit or $GOMEMLIMIT says otherwise. Badger's
// table builds leave tens of megabytes of garbage every few seconds, and
// without a limit the collector lets the heap grow to twice what is live
// before collecting; that headroom, not live data, was most of a long
// ingest's resident set. What is live stays well under the limit (see
// store's badgerOptions), so the collector does not thrash.
const DefaultMemoryLimit = 128 << 20

// Checkpointer is a Sink that can give back the memory it holds without
// losing anything it acknowledged; *store.Store does it by closing and
// reopening its database (through a thin adapter in cmd/claims). Run
// checkpoints such a Sink every Options.CheckpointEvery articles written,
// and then returns the freed memory to the operating system.
type Checkpointer interface {
	Checkpoint(ctx context.Context) error
}

// LimitMemory sets the soft limit on the Go heap (debug.SetMemoryLimit)
// and returns the function that puts back the limit it replaced. limit is
// read as Options.MemoryLimit is: 0 means DefaultMemoryLimit and a
// negative limit changes nothing. Nor does it change anything when
// $GOMEMLIMIT is set, since then the user has chosen.
//
// The limit is the whole process's. Run applies it for its own duration;
// a program calls LimitMemory itself to cover its set-up as well, as the
// CLI does for opening the store and loading the extractor.
func LimitMemory(limit int64) (restore func()) {
	if limit == 0 {
		limit = DefaultMemoryLimit
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set || limit < 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// checkpoints applies Options.CheckpointEvery for the store stage, its
// only user, so it needs no lock.
type checkpoints struct {
	sink    Checkpointer // nil when the Sink cannot checkpoint
	every   int          // negative: never
	written int
}

func newCheckpoints(sink Sink, every int) *checkpoints {
	c, _ := sink.(Checkpointer)
	return &checkpoints{sink: c, every: every}
}

// wrote counts one article written and checkpoints when its turn has
// come. An error fails the article that triggered it, as a failed Put
// would, although the article itself was stored.
func (c *checkpoints) wrote(ctx context.Context) error {
	c.written++
	if c.sink == nil || c.every <= 0 || c.written%c.every != 0 {
		return nil
	}
	if err := c.sink.Checkpoint(ctx); err != nil {
		return err
	}
	// Give the memory the closed database held back to the system now
	// rather than minutes later.
	debug.FreeOSMemory()
	return nil
}
