// Package queue spreads ingestion over any number of worker processes on
// any number of machines through NATS JetStream: an enqueuer puts sources
// on a work queue, workers fetch and extract them and publish what they
// found on a results stream, and one writer (claims serve) stores the
// results through the same ingest.Sink the local pipeline writes to.
//
// # Streams, buckets and subjects
//
//   - CLAIMS_SOURCES, subjects claims.sources.JOB: one Task per source
//     (a URL; a local file with its content; a gold line's text; a WARC
//     file by a path or URL the workers can read). Work-queue retention:
//     a task leaves the stream when a worker acknowledges it. Bounded
//     (Config.MaxTasks, MaxTaskBytes) with DiscardNew, so a full queue
//     makes the enqueuer wait instead of growing. Message id: the job's
//     source key, so a source enqueued twice within DuplicateWindow is
//     dropped by JetStream (Add reports it as a duplicate).
//   - Durable pull consumer "workers" on it: explicit acks, AckWait,
//     MaxDeliver, at most MaxInFlight tasks unacknowledged.
//   - CLAIMS_RESULTS, subjects claims.results.JOB: one Result per source
//     (per record of a WARC task), and one closing Result per WARC task
//     saying how many records it held. Work-queue retention, bounded
//     (MaxResults, MaxResultBytes) with DiscardNew: a slow store writer
//     fills it, workers then wait to publish, hold their tasks, and fetch
//     no more; memory grows nowhere. Message id: job and source key, so a
//     redelivered task's second result is dropped within DuplicateWindow.
//   - Durable pull consumer "store" on it, read by the one Writer, a
//     batch of up to ingest.MaxBatch results at a time.
//   - CLAIMS_ADVISORIES keeps JetStream's max-deliveries advisories of the
//     "workers" consumer, so that a task that exhausted its deliveries
//     while no writer ran is still recorded as failed.
//   - Key-value buckets: claims_jobs (one JobInfo per job), claims_done
//     (one Done per finished source, key JOB.KEY: the record that makes
//     counting exact), claims_failed (the same, for failed sources only),
//     claims_workers (each live worker's heartbeat), claims_hosts (each
//     host's next free request slot), claims_robots (each host's
//     robots.txt, fetched once by whichever worker came first).
//
// # What the guarantees mean
//
//   - At least once: a worker acknowledges a task only after JetStream
//     has stored its result (the publish was acknowledged; it sends
//     results without waiting for that, and holds each task until then,
//     at most Hold at a time). A worker that dies holding a task stops
//     sending in-progress acknowledgements; after AckWait JetStream
//     delivers the task to another worker.
//   - Stored once: the store is idempotent by article id, and the Writer
//     records each source's end with a create-only key (claims_done,
//     JOB.KEY): a second result for the same source is stored as
//     unchanged at most and never counted twice. A result is acknowledged
//     only after both writes.
//   - Stored means durable: the Writer stores a batch as the local
//     pipeline does, every article Put, then one Sync of a sink that is an
//     ingest.Syncer (claims serve opens its store with group commit), and
//     only then records each source's end and acknowledges its result. A
//     failed Sync fails the batch's sources, as in the local pipeline.
//   - Poison: a task that fails with a transient error is retried (NAK
//     with a delay) until its MaxDeliver-th delivery, which publishes it
//     as failed with its last error; a task whose workers die on every
//     delivery is recorded as failed from the advisory, "never finished".
//     Either way it reaches the failed list (claims_failed) and leaves the
//     queue.
//   - Politeness across workers: a request to a host takes the host's
//     next free slot with compare-and-swap on claims_hosts, one slot per
//     rate interval for all workers together; robots.txt is fetched once
//     per host (a create-only lease) and shared through claims_robots.
//     Workers' clocks must agree to within a fraction of the interval.
//
// Everything read off the wire is decoded defensively: size-capped,
// versioned, validated, and a message that does not decode is terminated
// (never redelivered) and, where it names its job and source, recorded as
// failed.
package queue
