// Package store keeps articles and the claims found in them in a Badger
// database on disk and answers the questions users ask of them: what did X
// say, what was said about Y, who was quoted most.
//
// # Contract
//
//   - One article and all its claims are written in one Badger transaction
//     (Put). A reader sees either the old version of an article with all its
//     claims and index entries, or the new one, never a mix, and after a
//     crash the store reopens in one of those states.
//   - Put returns only after the transaction is synced to disk (SyncWrites),
//     so an article the caller reported as stored survives kill -9. Tests
//     and benchmarks may turn that off with Options.NoSync.
//   - Putting an article again replaces its claims; it never duplicates
//     them. If its text, metadata and claims are unchanged, Put reads one
//     key and writes nothing (PutResult.Unchanged).
//   - One process at a time: a second Open of the same directory fails with
//     an error wrapping ErrInUse whose message names the directory.
//   - The schema version is stored under "!schema"; a store written by a
//     newer schema is refused (ErrSchema), never modified.
//
// # Key layout
//
// Every key starts with one prefix byte. "REF" below is the reference to one
// claim that ends every index key:
//
//	REF = inv(published) article-id 0x00 ordinal
//
// where inv(published) is the article's publication time in Unix seconds,
// sign bit flipped and all bits inverted, as 8 big-endian bytes, so that a
// forward scan returns the newest claims first and a date range is a
// contiguous run of keys (undated articles sort as the oldest). The ordinal
// is the claim's position in its article, 4 big-endian bytes. Article ids
// never contain 0x00, and neither do names in keys.
//
//	!schema                 schema version, decimal
//	a ID                    article metadata (JSON articleRecord, no text)
//	t ID                    article text (the text claim offsets refer to)
//	c ID 0x00 ORD           claim (JSON claims.Claim)
//	u SOURCE                article id; SOURCE is what the user ingested (URL
//	                        or path), plus the article's own URL and path
//	D REF                   every claim by date; value: the claim's kind
//	W SITE 0x00 REF         claims by site (lower case, no "www."); value: site
//	S TOKEN 0x00 REF        speaker name tokens (folded by claims.NameWords); value:
//	                        the folded names on that claim having TOKEN,
//	                        0x00-separated
//	X NAME 0x00 REF         speaker names exactly as written; value: the name
//	P NORM 0x00 REF         speakers by folded full name; value: JSON
//	                        {n: name as written, t: title}
//	E TOKEN 0x00 REF        as S, for entities named in the claim's content
//	Y NAME 0x00 REF         as X, for entities
//
// Index entries are a pure function of a claim and its article's date and
// site (indexEntries), so replacing an article deletes exactly the entries
// its old claims produced. A speaker query scans the S postings of the
// query's last token from the requested date, checks the folded names in
// the values, and reads only claims that pass: its cost is proportional to
// the entries it scans before reaching the limit, not to the store. Filters
// that do not drive the scan (kind, contains, site or about alongside a
// speaker) are checked on each claim read, so a very selective one over a
// prolific speaker scans further.
//
// Names in keys are cut to 256 bytes; values hold the whole name and every
// lookup compares against the value. Index entries are derived from the
// claim as stored (after JSON), so invalid UTF-8 is indexed as U+FFFD.
//
// # Space
//
// Index entries live in the LSM tree; claims, article records and texts
// (every value of 128 bytes or more) go to the value log, so that the
// tree, which compaction rewrites again and again, holds only keys and
// short values. Level 0 is compacted when a store closes (CLI sessions
// are too short for background compaction), which also gathers the
// statistics value-log GC needs. After any session that wrote, Close first
// runs value-log GC for up to two seconds on the statistics gathered so
// far, so re-ingesting changed articles does not grow the store without
// bound (TestReingestDoesNotGrowWithoutBound).
package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// SchemaVersion is the on-disk format this package writes and reads.
const SchemaVersion = 1

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
	// NoSync skips the fsync after each Put. Only for tests and bulk loads
	// that can be redone: an acknowledged Put may be lost on a crash.
	NoSync bool
	// Logger receives Badger's warnings and errors; nil discards them.
	Logger *slog.Logger

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
		WithSyncWrites(!o.NoSync).
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
	// Tables of the base size at every level (Badger has no setter for
	// this): see above.
	bo.TableSizeMultiplier = 1
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
	if dir == "" {
		return nil, errors.New("open store: empty directory name")
	}
	exists, err := checkDir(dir)
	if err != nil {
		return nil, err
	}
	if !exists {
		if opts.MustExist {
			return nil, errorf(ErrNotFound, "store %s does not exist (run claims ingest first, or pass --db)", dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create store %s: %w", dir, err)
		}
	}
	lk, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	db, err := badger.Open(badgerOptions(dir, opts))
	if err != nil {
		lk.release()
		if strings.Contains(err.Error(), "Another process is using this Badger database") {
			return nil, errorf(ErrInUse, "store %s is in use by another claims process", dir)
		}
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Store{db: db, dir: dir, lock: lk, opts: opts}
	if err := s.checkSchema(); err != nil {
		s.db.Close()
		lk.release()
		return nil, err
	}
	return s, nil
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

func (s *Store) checkSchema() error {
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
		v, err := item.ValueCopy(nil)
		if err != nil {
			return fmt.Errorf("read schema of store %s: %w", s.dir, err)
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return errorf(ErrSchema, "store %s: schema version %q is not a number", s.dir, v)
		}
		if n > SchemaVersion {
			return errorf(ErrSchema, "store %s was written by a newer claims (schema %d; this program reads schema %d): upgrade claims", s.dir, n, SchemaVersion)
		}
		if n < SchemaVersion {
			return errorf(ErrSchema, "store %s has old schema %d (this program reads schema %d) and cannot be migrated: re-ingest into a new store", s.dir, n, SchemaVersion)
		}
		return nil
	})
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
	err := s.db.Close()
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
// number of articles. Nothing acknowledged is lost: every Put was synced.
func (s *Store) Checkpoint() error {
	s.mu.Lock()
	defer s.mu.Unlock()
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
// ctx ends. Ingest may call it after a large re-ingest; Close calls it
// briefly anyway.
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

func (s *Store) collectGarbage(budget time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	// Best effort: a failed GC leaves garbage, not damage.
	_ = s.GC(ctx)
}

// Sync forces everything written so far to disk. Put already syncs unless
// Options.NoSync is set.
func (s *Store) Sync() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.db.Sync(); err != nil {
		return fmt.Errorf("sync store %s: %w", s.dir, err)
	}
	return nil
}

// articleRecord is the value under "a ID".
type articleRecord struct {
	claims.Article
	// Hash identifies the text, metadata and claims last stored, so that an
	// unchanged re-ingest is skipped.
	Hash   string    `json:"hash"`
	Claims int       `json:"claims"`
	Stored time.Time `json:"stored"`
}

// PutResult says what Put did.
type PutResult struct {
	ArticleID string
	// Claims is the number of claims the article now has.
	Claims int
	// Unchanged: the article was already stored with the same text,
	// metadata and claims; nothing was written.
	Unchanged bool
	// Replaced is the number of claims a previous version had (0 for a new
	// article).
	Replaced int
	// New: the article was not in the store before.
	New bool
	// Superseded is the id of the article the same source gave before,
	// deleted because this one replaces it (an edited file, a page that
	// gained a canonical URL); "" when there was none.
	Superseded string
}

// maxPutRetries bounds retries after a transaction conflict, which can
// still happen when two articles share a source name.
const maxPutRetries = 5

// Put stores article a with its claims in one synced transaction,
// replacing whatever claims the article had. source (a URL or path as the
// user gave it; may be empty) is indexed for HasSource. Claims must have
// ids (claims.AssignIDs); their order is kept.
func (s *Store) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (PutResult, error) {
	if err := validateArticle(a, cs); err != nil {
		return PutResult{}, err
	}
	hash, err := contentHash(a, cs)
	if err != nil {
		return PutResult{}, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	h := fnv.New32a()
	h.Write([]byte(a.ID))
	mu := &s.putLocks[h.Sum32()%uint32(len(s.putLocks))]
	mu.Lock()
	defer mu.Unlock()
	var res PutResult
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return PutResult{}, fmt.Errorf("store article %s: %w", a.ID, err)
		}
		res, err = s.put(ctx, a, cs, source, hash)
		if !errors.Is(err, badger.ErrConflict) || attempt >= maxPutRetries {
			break
		}
	}
	if err != nil {
		return PutResult{}, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	return res, nil
}

func validateArticle(a claims.Article, cs []claims.Claim) error {
	if a.ID == "" {
		return errors.New("store article: empty article id")
	}
	if strings.ContainsRune(a.ID, 0) {
		return fmt.Errorf("store article %q: id contains a NUL byte", a.ID)
	}
	seen := make(map[string]bool, len(cs))
	for i := range cs {
		id := cs[i].ID
		if id == "" {
			return fmt.Errorf("store article %s: claim %d has no id (call claims.AssignIDs)", a.ID, i)
		}
		if seen[id] {
			return fmt.Errorf("store article %s: claim id %s appears twice", a.ID, id)
		}
		seen[id] = true
	}
	return nil
}

func contentHash(a claims.Article, cs []claims.Claim) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(a); err != nil {
		return "", err
	}
	if err := enc.Encode(cs); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

func (s *Store) put(ctx context.Context, a claims.Article, cs []claims.Claim, source, hash string) (PutResult, error) {
	res := PutResult{ArticleID: a.ID, Claims: len(cs)}
	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()

	// The article this source gave last time, if it was another one, is
	// an earlier version of this one.
	superseded, err := supersede(txn, a.ID, source)
	if err != nil {
		return res, err
	}
	res.Superseded = superseded
	old, err := getArticle(txn, a.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		res.New = true
	case err != nil:
		return res, err
	}
	if old != nil && old.Hash == hash && superseded == "" {
		res.Unchanged = true
		// Only the sources may be new; add them without touching the rest.
		added, err := setSources(txn, a, source)
		if err != nil || !added {
			return res, err
		}
		return res, s.commit(ctx, txn)
	}
	if old != nil {
		n, err := deleteClaims(txn, old)
		if err != nil {
			return res, err
		}
		res.Replaced = n
	}
	entries, err := articleEntries(a, cs, hash)
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		if err := txn.Set(e.key, e.val); err != nil {
			return res, txnErr(err)
		}
	}
	if _, err := setSources(txn, a, source); err != nil {
		return res, err
	}
	return res, s.commit(ctx, txn)
}

// articleEntries is every entry that stores article a with its claims:
// record, text, claims and their index entries (not sources).
func articleEntries(a claims.Article, cs []claims.Claim, hash string) ([]kv, error) {
	rec := articleRecord{Article: a, Hash: hash, Claims: len(cs), Stored: time.Now().UTC()}
	rec.Text = ""
	v, err := encodeJSON(&rec)
	if err != nil {
		return nil, fmt.Errorf("encode article: %w", err)
	}
	out := []kv{{articleKey(a.ID), v}, {textKey(a.ID), []byte(a.Text)}}
	// Index what a reader will decode, not what the caller passed: JSON
	// turns invalid UTF-8 into U+FFFD, and deleting entries later re-derives
	// them from the decoded form.
	var stored articleRecord
	if err := json.Unmarshal(v, &stored); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	sec := timeSec(stored.Published)
	for i := range cs {
		r := ref{article: a.ID, ord: uint32(i), sec: sec}
		v, err := encodeJSON(&cs[i])
		if err != nil {
			return nil, fmt.Errorf("encode claim %s: %w", cs[i].ID, err)
		}
		out = append(out, kv{claimKey(r), v})
		c := &cs[i]
		if !validClaimNames(c) {
			c = &claims.Claim{}
			if err := json.Unmarshal(v, c); err != nil {
				return nil, fmt.Errorf("decode claim %s: %w", cs[i].ID, err)
			}
		}
		entries, err := indexEntries(r, stored.Site, c)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	return out, nil
}

// validClaimNames reports whether every string indexEntries reads is valid
// UTF-8, in which case the claim decodes to the same strings and need not
// be round-tripped through JSON.
func validClaimNames(c *claims.Claim) bool {
	if !utf8.ValidString(string(c.Kind)) {
		return false
	}
	for _, sp := range claimSpeakers(c) {
		if !utf8.ValidString(sp.Name) || !utf8.ValidString(sp.Title) {
			return false
		}
	}
	for _, e := range c.Entities {
		if !utf8.ValidString(e.Name) {
			return false
		}
	}
	return true
}

func (s *Store) commit(ctx context.Context, txn *badger.Txn) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := txn.Commit(); err != nil {
		return err
	}
	s.written.Add(1)
	return nil
}

// txnErr explains the one Badger error a user can cause with a huge article.
func txnErr(err error) error {
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("article has too many claims or index entries for one transaction: %w", err)
	}
	return err
}

// setSources points every name of the article (source as given, URL, path)
// at its id, writing only keys that are missing or point elsewhere. It
// reports whether it wrote anything.
func setSources(txn *badger.Txn, a claims.Article, source string) (bool, error) {
	added := false
	for _, src := range []string{source, a.URL, a.Path} {
		if src == "" {
			continue
		}
		k := sourceKey(src)
		item, err := txn.Get(k)
		if err == nil {
			v, err := item.ValueCopy(nil)
			if err != nil {
				return added, err
			}
			if string(v) == a.ID {
				continue
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return added, err
		}
		if err := txn.Set(k, []byte(a.ID)); err != nil {
			return added, txnErr(err)
		}
		added = true
	}
	return added, nil
}

// deleteClaims deletes an article's claims and the index entries they
// produced, returning how many claims there were.
func deleteClaims(txn *badger.Txn, old *articleRecord) (int, error) {
	prefix := claimPrefix(old.ID)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	var keys [][]byte
	var cs []claims.Claim
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		var c claims.Claim
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
			it.Close()
			return 0, fmt.Errorf("read old claim %q: %w", item.Key(), err)
		}
		keys = append(keys, item.KeyCopy(nil))
		cs = append(cs, c)
	}
	it.Close()
	sec := timeSec(old.Published)
	for i, k := range keys {
		if err := txn.Delete(k); err != nil {
			return 0, txnErr(err)
		}
		ord := binaryOrd(k)
		entries, err := indexEntries(ref{article: old.ID, ord: ord, sec: sec}, old.Site, &cs[i])
		if err != nil {
			return 0, err
		}
		for _, e := range entries {
			if err := txn.Delete(e.key); err != nil {
				return 0, txnErr(err)
			}
		}
	}
	return len(keys), nil
}

// supersede deletes the article that source last produced when it now
// produces another (newID): an edited local file has a new content hash,
// and a page that gained a canonical URL a new id, but each is the same
// story, whose old claims must not stay queryable beside the new ones. Only
// an article that came from this very source (its path or URL is the
// source) goes: one that other sources also led to stays. It returns the
// deleted article's id, or "".
func supersede(txn *badger.Txn, newID, source string) (string, error) {
	if source == "" {
		return "", nil
	}
	item, err := txn.Get(sourceKey(source))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return "", err
	}
	oldID := string(v)
	if oldID == newID {
		return "", nil
	}
	prev, err := getArticle(txn, oldID)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if prev.Path != source && prev.URL != source {
		return "", nil
	}
	if _, err := deleteClaims(txn, prev); err != nil {
		return "", err
	}
	for _, k := range [][]byte{articleKey(oldID), textKey(oldID)} {
		if err := txn.Delete(k); err != nil {
			return "", txnErr(err)
		}
	}
	// Its other names now lead nowhere; the source itself is re-pointed
	// by setSources.
	for _, src := range []string{prev.URL, prev.Path} {
		if src == "" || src == source {
			continue
		}
		item, err := txn.Get(sourceKey(src))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := item.Value(func(v []byte) error {
			if string(v) == oldID {
				return txn.Delete(sourceKey(src))
			}
			return nil
		}); err != nil {
			return "", txnErr(err)
		}
	}
	return oldID, nil
}

func binaryOrd(claimKey []byte) uint32 {
	n := len(claimKey)
	return uint32(claimKey[n-4])<<24 | uint32(claimKey[n-3])<<16 | uint32(claimKey[n-2])<<8 | uint32(claimKey[n-1])
}

func getArticle(txn *badger.Txn, id string) (*articleRecord, error) {
	item, err := txn.Get(articleKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, errorf(ErrNotFound, "no article %s in the store", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read article %s: %w", id, err)
	}
	rec := &articleRecord{}
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, rec) }); err != nil {
		return nil, fmt.Errorf("decode article %s: %w", id, err)
	}
	return rec, nil
}

// HasSource reports whether source (as given to Put) or an article URL or
// path is already stored, without fetching anything.
func (s *Store) HasSource(ctx context.Context, source string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if source == "" {
		return false, nil
	}
	var found bool
	s.mu.RLock()
	defer s.mu.RUnlock()
	err := s.db.View(func(txn *badger.Txn) error {
		id, err := lookupSource(txn, source)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = txn.Get(articleKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("look up source %s: %w", source, err)
	}
	return found, nil
}

func lookupSource(txn *badger.Txn, source string) (string, error) {
	item, err := txn.Get(sourceKey(source))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	v, err := item.ValueCopy(nil)
	return string(v), err
}

// Article returns a stored article (with its text) and its claims in
// order. ref is an article id, or a URL, path or source it was stored
// under.
func (s *Store) Article(ctx context.Context, ref string) (claims.Article, []claims.Claim, error) {
	if err := ctx.Err(); err != nil {
		return claims.Article{}, nil, err
	}
	var a claims.Article
	var cs []claims.Claim
	s.mu.RLock()
	defer s.mu.RUnlock()
	err := s.db.View(func(txn *badger.Txn) error {
		rec, err := getArticle(txn, ref)
		if errors.Is(err, ErrNotFound) {
			id, serr := lookupSource(txn, ref)
			if serr != nil {
				return err
			}
			rec, err = getArticle(txn, id)
		}
		if err != nil {
			return err
		}
		a = rec.Article
		item, err := txn.Get(textKey(a.ID))
		if err != nil {
			return fmt.Errorf("read text of article %s: %w", a.ID, err)
		}
		if err := item.Value(func(v []byte) error { a.Text = string(v); return nil }); err != nil {
			return fmt.Errorf("read text of article %s: %w", a.ID, err)
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: claimPrefix(a.ID)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var c claims.Claim
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
				return fmt.Errorf("decode claim %q: %w", it.Item().Key(), err)
			}
			cs = append(cs, c)
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return claims.Article{}, nil, errorf(ErrNotFound, "no article %q in store %s (give an article id, URL or path)", ref, s.dir)
	}
	if err != nil {
		return claims.Article{}, nil, fmt.Errorf("show article %s: %w", ref, err)
	}
	return a, cs, nil
}

func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
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
