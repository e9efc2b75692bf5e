// Package ingest fills the store from batches of sources: web pages,
// local files and directories, RSS/Atom feeds, sitemaps and WARC archives,
// and gold JSON Lines files.
//
// Contract:
//   - ExtractPage turns one HTML page into an extract.Article whose Text
//     is the main text only (no navigation, comments, "most read" or
//     related boxes, pull quotes), one paragraph per block separated by a
//     blank line; the same function serves `claims extract page.html`.
//   - A Fetcher fetches the way a site operator would accept: robots.txt
//     obeyed, a per-host rate limit, bounded concurrency, a body cap,
//     bounded redirects and retries, non-HTML refused.
//   - Run drives bounded stages (sources → fetch/read → main text →
//     claims → sink) connected by bounded channels; no stage starts a
//     goroutine per item. Cancelling the context stops it; every article
//     handed to the sink before that stays stored.
//
// Invariants: a source is either stored, skipped or failed with one reason,
// exactly once; article ids follow extract.ArticleID and claim ids
// extract.AssignIDs.
package ingest
