package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// SchemaVersion is the on-disk format this package writes and reads.
// Schema 2 added staged articles (a record's "gen", storage ids, pending
// marks); schema 3 speaker links (link.go) and site entries by the
// registered domain of the article's URL; schema 4 quote groups scoped by
// the speaker's node in linking rather than the folded name (claimScope).
// Open brings a store of schema 1 to 3 to 4 by reindexing it
// (upgradeSchema).
const SchemaVersion = 4

var (
	// ErrInUse: another process has the store open.
	ErrInUse = errors.New("store is in use by another claims process")
	// ErrSchema: the store was written by a different schema version.
	ErrSchema = errors.New("unsupported store schema")
	// ErrNotFound: no such article, or no store where one was required.
	ErrNotFound = errors.New("not found")
	// ErrNotStore: the directory holds something other than a claims store.
	ErrNotStore = errors.New("not a claims store")
)

// sentinelError is an error whose message is complete by itself and which
// matches a sentinel with errors.Is, so that messages read "store DIR is in
// use by another claims process" without a repeated suffix.
type sentinelError struct {
	msg      string
	sentinel error
}

func (e *sentinelError) Error() string { return e.msg }
func (e *sentinelError) Unwrap() error { return e.sentinel }

func errorf(sentinel error, format string, args ...any) error {
	return &sentinelError{fmt.Sprintf(format, args...), sentinel}
}

// inUse is the error for a store another opener holds, whether our lock or
// Badger's found it.
func inUse(dir string) error {
	return errorf(ErrInUse, "store %s is in use by another claims process", dir)
}

// valueThreshold is the size from which a value goes to the value log
// rather than the LSM tree: above nearly every index value (kinds, sites,
// names), below nearly every claim and article record. Either side of it
// a value reads the same; only speed and memory differ.
const valueThreshold = 128

// Options tune Open. The zero value is what the CLI uses.
type Options struct {
	// MustExist makes Open fail with ErrNotFound instead of creating a new
	// store; query commands set it so that a typo in --db does not leave
	// an empty store behind.
	MustExist bool
	// ReadOnly opens a store that no process is writing without writing
	// anything: no lock file is created, the lock is shared with other
	// read-only openers, nothing is compacted or collected, and Put
	// fails. A writer holding the store makes it fail with ErrInUse, and
	// it makes a writer's Open fail the same way.
	ReadOnly bool
	// Reading says the opener only reads (query commands): the store is
	// opened as ReadOnly says, unless Badger must repair it first (a
	// process holding it was killed, or it was never written), when it is
	// opened for writing as without Reading. A read-only open maps no new
	// files and compacts nothing on Close, which is most of what a
	// process that asks one question spends on the store.
	Reading bool
	// NoSync skips the fsync after each Put. Only for tests and bulk loads
	// that can be redone: an acknowledged Put may be lost on a crash.
	NoSync bool
	// GroupCommit makes Puts return before they are synced; Sync then
	// makes every Put that returned before it durable, with one sync of
	// each log for all of them. A writer of many articles (ingest) Puts a
	// batch, Syncs, and only then reports the batch stored.
	GroupCommit bool
	// NoGroups leaves quote groups alone: claims written are in no group
	// and claims deleted leave their groups as they were, so that Check
	// fails until Reindex runs. For measuring what grouping costs
	// (BenchmarkIngestLocal) only.
	NoGroups bool
	// NoLinks leaves speaker entities alone in the same way: claims of an
	// article put whole (not staged) link to no entity, so that Check
	// fails until Reindex runs. For measuring what linking costs
	// (BenchmarkIngestLocal) only.
	NoLinks bool
	// Logger receives Badger's warnings and errors; nil discards them.
	Logger *slog.Logger
	// CacheBytes, when set, replaces the 24 MB of block and index cache
	// (two thirds blocks, one third indexes): a long-running server that
	// answers many queries trades memory for fewer decompressed blocks.
	CacheBytes int64

	// bulk sizes Badger for loading millions of entries at once (tests
	// and benchmarks only).
	bulk bool
	// vlogFileSize, when set, replaces the value-log file size, so that
	// tests can see value-log GC at work without writing gigabytes.
	vlogFileSize int64
}

// Store is an open claim store. Its methods are safe for concurrent use.
type Store struct {
	// mu guards db, which Checkpoint replaces: every use of db holds it
	// for reading, Checkpoint and Close for writing.
	mu   sync.RWMutex
	db   *badger.DB
	dir  string
	opts Options
	// lock is our own exclusive lock on the directory, taken before Badger
	// opens it, so that contention gives ErrInUse rather than Badger's
	// message.
	lock dirLock
	// putLocks serialise Puts of one article (by a hash of its id), so
	// that concurrent re-ingests of it queue instead of failing with
	// Badger's transaction conflicts.
	putLocks [64]sync.Mutex
	// written counts Puts that changed something, to decide whether Close
	// should collect value-log garbage.
	written atomic.Int64
	// syncedVlog is the newest value-log file the last Sync found (see
	// sync.go), guarded by mu held for writing.
	syncedVlog int
	// articles caches article metadata for queries; Put invalidates it.
	articles sharedArticles
	// groupMu is taken by a write that has conflicted with others too
	// often (retryConflicts); writes that change quote groups otherwise
	// run side by side, Badger's conflict detection making the later of
	// two that read what the other wrote start again (grouping.go).
	groupMu sync.Mutex
	// staging is set once a staged write has begun since Open: from then
	// on readers look for pending marks (pendingIn).
	staging atomic.Bool
	// testHook, when set (tests only), is called at each step of a staged
	// Put ("staged" after each batch, "final", "published", "cleaned").
	testHook func(step string)
	// lists are speaker linking's word lists; aliases the alias file the
	// store remembers (aliases.go), replaced whole by SetAliases.
	lists   *entity.Lists
	aliases atomic.Pointer[entity.Aliases]
	// upgrade: Open found an older schema, which upgradeSchema brings to
	// this one.
	upgrade bool
	// linkMu lets many Puts link at once (each holds it for reading
	// through its transaction) and SetAliases and Reindex change the
	// aliases or relink everything alone.
	linkMu sync.RWMutex
}

// DefaultDir is where the store lives when no --db is given: $CLAIMS_DB,
// else $XDG_DATA_HOME/claims, else ~/.local/share/claims.
func DefaultDir() (string, error) {
	if d := os.Getenv("CLAIMS_DB"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "claims"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the default store directory: %w (set --db or $CLAIMS_DB)", err)
	}
	return filepath.Join(home, ".local", "share", "claims"), nil
}

// badgerOptions sizes Badger for a CLI on a small machine: Badger's
// defaults reserve about 600 MB (five 64 MB memtables, 256 MB block cache).
// These keep the resident set of a query in the tens of megabytes, and
// that of a long ingest flat in the size of the store.
//
// Memory during writes is mostly table building: Badger builds each table
// whole in memory (a level-0 table from a full memtable, in a buffer of
// twice the memtable size), runs a dozen builds at once in one compaction,
// and pools up to eight builders' buffers for reuse. Small memtables and
// tables of one size at every level bound all of that, whatever the size
// of the store; with Badger's default doubling of table size per level,
// the builders grew as the store gained levels.
func badgerOptions(dir string, o Options) badger.Options {
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(!o.NoSync && !o.GroupCommit).
		// 4 MB memtables still take a transaction of ~6,500 entries (15%
		// of the memtable, counted in skiplist nodes): an article of
		// about 300 claims replaced by another as long.
		WithMemTableSize(4 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(4).
		WithNumLevelZeroTablesStall(8).
		WithBaseTableSize(512 << 10).
		WithBaseLevelSize(4 << 20).
		// A compaction merges one table with those it overlaps in the
		// next level, about as many as the ratio of the two levels, and
		// splits the work into parallel builds by that count: 4 rather
		// than 10 keeps each compaction to a few builds.
		WithLevelSizeMultiplier(4).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		WithValueLogFileSize(64 << 20).
		// Index entries (keys and short values) stay in the LSM tree;
		// claims, article records and texts go to the value log, which
		// is written once, sequentially, and never compacted: keeping
		// claims out of the tree halves it, and with it every
		// compaction. Value-log GC reclaims what re-ingests replace.
		WithValueThreshold(valueThreshold).
		WithCompression(options.Snappy).
		// CLI runs are short: without this, background compaction rarely
		// runs, level 0 piles up (slowing every read) and no discard
		// statistics are gathered, so value-log GC finds nothing to do.
		WithCompactL0OnClose(true).
		WithMetricsEnabled(false).
		WithLogger(badgerLogger{o.Logger})
	if o.ReadOnly {
		// Badger takes a shared lock on the directory and writes nothing.
		bo = bo.WithReadOnly(true).WithCompactL0OnClose(false)
	}
	// Tables of the base size at every level (Badger has no setter for
	// this): see above.
	bo.TableSizeMultiplier = 1
	if o.CacheBytes > 0 {
		bo = bo.WithBlockCacheSize(o.CacheBytes * 2 / 3).WithIndexCacheSize(o.CacheBytes / 3)
	}
	if o.vlogFileSize > 0 {
		bo = bo.WithValueLogFileSize(o.vlogFileSize)
	}
	if o.bulk {
		bo = bo.WithMemTableSize(64 << 20).WithNumMemtables(3).
			WithNumLevelZeroTables(8).WithNumLevelZeroTablesStall(24).
			WithBaseTableSize(8 << 20).WithBaseLevelSize(64 << 20)
	}
	return bo
}

// Open opens (creating unless opts.MustExist) the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	if opts.Reading && !opts.ReadOnly {
		ro := opts
		ro.ReadOnly = true
		s, err := open(dir, ro)
		if err == nil || errors.Is(err, ErrInUse) || errors.Is(err, ErrNotFound) {
			return s, err
		}
	}
	return open(dir, opts)
}

func open(dir string, opts Options) (*Store, error) {
	if dir == "" {
		return nil, errors.New("open store: empty directory name")
	}
	exists, err := checkDir(dir)
	if err != nil {
		return nil, err
	}
	if !exists {
		if opts.MustExist || opts.ReadOnly {
			return nil, errorf(ErrNotFound, "store %s does not exist (run claims ingest first, or pass --db)", dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create store %s: %w", dir, err)
		}
	}
	lk, err := lockDir(dir, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		if err := removeTornLogs(dir); err != nil {
			lk.release()
			return nil, err
		}
	}
	db, err := badger.Open(badgerOptions(dir, opts))
	if err != nil {
		lk.release()
		if strings.Contains(err.Error(), "Another process is using this Badger database") ||
			strings.Contains(err.Error(), "resource temporarily unavailable") {
			return nil, inUse(dir)
		}
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Store{db: db, dir: dir, lock: lk, opts: opts}
	if err := s.openLinking(); err != nil {
		s.db.Close()
		lk.release()
		return nil, err
	}
	if err := s.checkSchema(); err != nil {
		s.db.Close()
		lk.release()
		return nil, err
	}
	if err := s.finishWrites(context.Background()); err != nil {
		s.db.Close()
		lk.release()
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	return s, nil
}

// finishWrites finishes what a process that died while writing left:
// what a staged Put left (readers skip it already; this reclaims the
// space), a reindex or schema upgrade, and articles linked a part at a
// time. A read-only store is left as it is.
func (s *Store) finishWrites(ctx context.Context) error {
	if s.opts.ReadOnly {
		return nil
	}
	if err := s.finishPending(ctx, ""); err != nil {
		return err
	}
	if err := s.upgradeSchema(ctx); err != nil {
		return err
	}
	return s.finishLinking(ctx, "")
}

// checkDir reports whether dir holds a store, and refuses a directory that
// holds something else so that a mistaken --db never litters it.
func checkDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open store %s: %w", dir, err)
	}
	others := 0
	for _, e := range entries {
		switch e.Name() {
		case "MANIFEST":
			return true, nil
		case lockName:
		default:
			others++
		}
	}
	if others == 0 {
		return false, nil
	}
	return false, errorf(ErrNotStore, "open store %s: the directory is not empty and holds no claims store", dir)
}

// checkSchema refuses a store of another schema, and marks a new, empty
// one with ours.
func (s *Store) checkSchema() error {
	if s.opts.ReadOnly {
		return s.db.View(s.readSchema)
	}
	return s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			// A new store, or one that crashed before its first write.
			it := txn.NewIterator(badger.IteratorOptions{})
			it.Rewind()
			empty := !it.Valid()
			it.Close()
			if !empty {
				return errorf(ErrNotStore, "store %s has data but no schema version: not a claims store", s.dir)
			}
			return txn.Set(keySchema, []byte(strconv.Itoa(SchemaVersion)))
		}
		if err != nil {
			return fmt.Errorf("read schema of store %s: %w", s.dir, err)
		}
		migrate, err := s.compareSchema(item)
		if err != nil || !migrate {
			return err
		}
		// The number is written once the upgrade's reindex is done
		// (upgradeSchema), so that a crash in between runs it again.
		s.upgrade = true
		return nil
	})
}

// upgradeSchema brings a store of an older schema to this one: a reindex
// builds the speaker links and the indexes as this schema derives them,
// and then the new number is written. A reindex a crash interrupted runs
// again.
func (s *Store) upgradeSchema(ctx context.Context) error {
	pending, err := s.reindexPending()
	if err != nil {
		return err
	}
	if !s.upgrade && !pending {
		return nil
	}
	if err := s.Reindex(ctx, nil); err != nil {
		return err
	}
	return s.update(ctx, func(txn *badger.Txn) error {
		return txn.Set(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	})
}

// readSchema is checkSchema for a read-only store, which cannot mark a new
// one: a store without a schema version is refused.
func (s *Store) readSchema(txn *badger.Txn) error {
	item, err := txn.Get(keySchema)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return errorf(ErrNotStore, "store %s has no schema version: not a claims store, or never written", s.dir)
	}
	if err != nil {
		return fmt.Errorf("read schema of store %s: %w", s.dir, err)
	}
	migrate, err := s.compareSchema(item)
	if migrate {
		return errorf(ErrSchema, "store %s was written by an older claims, whose speaker links or quote groups this one derives otherwise: open it once for writing (claims reindex) to upgrade it", s.dir)
	}
	return err
}

// compareSchema refuses a schema version other than ours, except schemas
// 1 to 3, which migrate: 2 added staged writes, which a schema 1 store
// has none of, 3 speaker links and the site index by registered domain,
// and 4 quote groups by the speaker's node, all of which a reindex builds
// (upgradeSchema).
func (s *Store) compareSchema(item *badger.Item) (migrate bool, err error) {
	v, err := item.ValueCopy(nil)
	if err != nil {
		return false, fmt.Errorf("read schema of store %s: %w", s.dir, err)
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return false, errorf(ErrSchema, "store %s: schema version %q is not a number", s.dir, v)
	}
	switch {
	case n > SchemaVersion:
		return false, errorf(ErrSchema, "store %s was written by a newer claims (schema %d; this program reads schema %d): upgrade claims", s.dir, n, SchemaVersion)
	case n >= 1 && n <= 3:
		return true, nil
	case n < SchemaVersion:
		return false, errorf(ErrSchema, "store %s has old schema %d (this program reads schema %d) and cannot be migrated: re-ingest into a new store", s.dir, n, SchemaVersion)
	}
	return false, nil
}

// Dir is the directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// Close flushes and closes the store. If this session changed it, Close
// first collects value-log garbage left by replaced article texts, so that
// repeated re-ingests do not grow the store without bound.
func (s *Store) Close() error {
	if s.written.Load() > 0 {
		s.collectGarbage(2 * time.Second)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.syncLocked()
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	if lerr := s.lock.release(); err == nil && lerr != nil {
		err = lerr
	}
	if err != nil {
		return fmt.Errorf("close store %s: %w", s.dir, err)
	}
	return nil
}

// Checkpoint closes and reopens the underlying database, keeping the
// store's lock. A long ingest calls it every few hundred articles: Badger
// maps its files into memory and keeps table-building buffers, so the
// resident set of one open database grows with everything written and
// compacted through it; a reopen returns both and keeps memory flat in the
// number of articles. Nothing is lost: every Put is synced first.
func (s *Store) Checkpoint() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.syncLocked(); err != nil {
		return fmt.Errorf("checkpoint store %s: %w", s.dir, err)
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("checkpoint store %s: close: %w", s.dir, err)
	}
	db, err := badger.Open(badgerOptions(s.dir, s.opts))
	if err != nil {
		return fmt.Errorf("checkpoint store %s: reopen: %w", s.dir, err)
	}
	s.db = db
	return nil
}

// GC rewrites value-log files at least half garbage until none is left or
// ctx ends. Close runs it for two seconds after a session that wrote; a
// caller that replaced much can give it longer.
func (s *Store) GC(ctx context.Context) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for ctx.Err() == nil {
		err := s.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("value-log GC of store %s: %w", s.dir, err)
		}
	}
	return ctx.Err()
}

// collectGarbage runs GC for at most budget, so that Close stays quick.
func (s *Store) collectGarbage(budget time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	// Best effort: a failed GC leaves garbage, not damage.
	_ = s.GC(ctx)
}

// badgerLogger routes Badger's warnings and errors to slog and drops its
// chatter, which would otherwise go to stderr on every open.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	if b.l != nil {
		b.l.Error("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
	}
}

func (b badgerLogger) Warningf(f string, a ...any) {
	if b.l != nil {
		b.l.Warn("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
	}
}

func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}
