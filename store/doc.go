// Package store keeps articles and the claims found in them in a Badger
// database on disk and answers the questions users ask of them: what did X
// say, what was said about Y, who was quoted most.
//
// # Contract
//
//   - One article and all its claims are written in one Badger transaction
//     (Put) when they fit one. An article too big for that (thousands of
//     claims; Badger takes about 6,000 entries in a transaction) is staged
//     (stage.go): written in bounded batches under a storage id of its own
//     that a pending mark hides, and made visible by one final transaction
//     that writes its record and removes the mark; the version it replaces
//     is marked pending in that transaction and deleted afterwards. Either
//     way a reader sees either the old version of an article with all its
//     claims and index entries, or the new one, never a mix, and after a
//     crash the store reopens in one of those states (TestCrashRecovery,
//     TestHugeArticleCrash). No article is too big to store. PutStream
//     stores an article whose claims come in batches the staged way, one
//     batch in memory at a time.
//   - Put returns only after the transaction is synced to disk (SyncWrites),
//     so an article the caller reported as stored survives kill -9. Tests
//     and benchmarks may turn that off with Options.NoSync. With
//     Options.GroupCommit Put returns once committed, and Sync makes every
//     Put that returned before it durable (the value log first, then the
//     write-ahead logs, those Badger set aside for flushing included):
//     a writer reports articles stored only after the Sync that follows
//     their Puts, and one sync serves them all.
//   - Options.Reading opens as ReadOnly does, unless Badger must first
//     repair the store (a writer killed with kill -9 left its logs to
//     replay), when it opens for writing.
//   - Putting an article again replaces its claims; it never duplicates
//     them. If its text, metadata and claims are unchanged, Put reads its
//     record and source keys and writes nothing but source names it did
//     not have yet (PutResult.Unchanged).
//   - One opener at a time: a second Open of the same directory, by this
//     process or another, fails with an error wrapping ErrInUse whose
//     message names the directory.
//   - Options.ReadOnly opens a store no process is writing without
//     writing anything (no lock file is created, nothing compacted): it
//     shares the lock with other read-only openers, and a writer and a
//     read-only opener refuse each other with ErrInUse.
//   - The writer holding a store may Advertise a note in the lock file
//     (claims serve writes where it listens); ReadHolder reads it, taking
//     no lock, and returns nothing once the holder is gone, even after
//     kill -9. Open clears a note a dead holder left; Close clears its own.
//   - A query can be read page by page: Query.After set to the last
//     Result.Cursor of a page resumes the same index walk after it, so
//     the pages together are exactly the unpaged answer. A cursor is
//     the claim's index reference, base64url; anything else is ErrBadQuery.
//   - Queries keep article metadata in a cache shared by all of them
//     (a few MB); Put invalidates what it changes, and a query adds only
//     what it read in a transaction newer than the last invalidation, so
//     a query never sees an article older than its own transaction would.
//   - The schema version is stored under "!schema"; a store written by a
//     newer schema is refused (ErrSchema), never modified. A store of
//     schema 1 or 2 (before speaker links) is upgraded by the first Open
//     for writing, which reindexes it (Reindex) and then writes the new
//     number, so that a crash in between upgrades it again; a read-only
//     Open refuses it with ErrSchema and says how to upgrade.
//
// # Key layout
//
// Every key starts with one prefix byte. "REF" below is the reference to one
// claim that ends every index key:
//
//	REF = inv(published) SID 0x00 ordinal
//
// SID, the storage id, is the article's id, or for a staged article its
// id, 0x01 and its generation (the record's "gen"): the claims, text and
// index entries of one version of an article are all keyed by its SID.
//
// where inv(published) is the article's publication time in Unix seconds,
// sign bit flipped and all bits inverted, as 8 big-endian bytes, so that a
// forward scan returns the newest claims first and a date range is a
// contiguous run of keys (undated articles sort as the oldest). The ordinal
// is the claim's position in its article, 4 big-endian bytes. Article ids
// never contain 0x00 or 0x01, and names in keys never contain 0x00.
//
//	!schema                 schema version, decimal
//	a ID                    article metadata (JSON articleRecord, no text)
//	t SID                   article text (the text claim offsets refer to)
//	c SID 0x00 ORD          claim (JSON claims.Claim)
//	s SID                   pending mark: the SID's keys belong to no
//	                        article (a staged version not yet visible, or
//	                        a replaced one not yet deleted) and readers
//	                        skip them; value: JSON {site, sec}, what
//	                        deleting its index entries needs. Open deletes
//	                        what every mark hides, as does the next Put of
//	                        the article
//	u SOURCE                article id; SOURCE is what the user ingested (URL
//	                        or path), plus the article's own URL and path
//	D REF                   every claim by date; value: the claim's kind
//	W SITE 0x00 REF         claims by site (lower case, no "www."); value: site
//	S TOKEN 0x00 REF        speaker name tokens (folded by claims.NameWords); value:
//	                        the folded names on that claim having TOKEN,
//	                        0x00-separated
//	X NAME 0x00 REF         speaker names exactly as written; value: the name
//	P NORM 0x00 REF         speakers by folded full name; value: JSON
//	                        {n: name as written, t: title, y: type}; name
//	                        and type decide the speaker's node, and so its
//	                        entity, for all but a person's short name
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
