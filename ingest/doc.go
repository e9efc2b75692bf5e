// Package ingest fills the store from batches of sources: web pages,
// local files and directories, RSS/Atom feeds, sitemaps (indexes, gzipped,
// Google News), WARC archives and gold JSON Lines files.
//
// Contract:
//   - ExtractPage turns one HTML page into a claims.Article whose Text
//     is the main text only (no navigation, comments, "most read" or
//     related boxes, pull quotes), one paragraph per block separated by a
//     blank line; the same function serves `claims extract page.html` and
//     `claims eval --html`.
//   - A Fetcher fetches the way a site operator would accept: robots.txt
//     obeyed (fetched once per host), a per-host rate limit that honours
//     Crawl-delay, a User-Agent naming the program, connect and total
//     timeouts, a body cap, at most 10 redirects, retries with jittered
//     exponential backoff honouring Retry-After (a timeout is retried
//     once), non-HTML refused. A source has one deadline from its first
//     request, retries included (SourceTimeout, 45 s), so a host that never
//     answers costs that once. A closed port, an unknown host name and a
//     scheme other than http(s) each fail with their own reason; a page
//     robots.txt disallows is skipped, not failed.
//   - Local files are read with the body cap (DefaultMaxBody); a text file
//     must be UTF-8 without NUL bytes (PlainText). Its article carries
//     its absolute path, and the path as given when that differs; a plain
//     text's headline is its title (TextTitle). A directory holding a gold
//     file gives each of the gold file's articles once: the HTML pages its
//     lines name are skipped.
//   - Pipeline.Run drives bounded stages (sources → fetch/read → main text
//     → claims → Sink) joined by bounded channels, so a slow stage holds
//     the ones before it back; no goroutine is started per source.
//     Cancelling the context stops it; every article the Sink accepted
//     before that stays stored. Sources already stored are skipped without
//     a request unless Options.Refresh.
//   - The package does not import the store: a Sink and an Extractor are
//     given to New, so the pipeline is tested with fakes.
//   - The summary's throughput counts the time until the last article was
//     stored (Summary.Work), not the wait on a dead host after it.
//   - Run keeps a long ingest's memory flat by itself, so that any
//     program gets what the CLI gets: while it runs the Go heap has a
//     soft limit (Options.MemoryLimit, 128 MiB, unless $GOMEMLIMIT is
//     set), and a Sink that is a Checkpointer is checkpointed every
//     Options.CheckpointEvery (500) articles written.
//
// Invariants: every source ends exactly once as stored, skipped or failed,
// with a short reason (see the Reason constants) for the last two; article
// ids follow claims.ArticleID and claim ids claims.AssignIDs; one
// article is stored at most once per run.
package ingest
