package ingest

import "context"

// Syncer is a Sink whose Puts are durable only once Sync returns
// (store.Store opened with Options.GroupCommit, through its adapter in
// cmd/claims). Run then stores articles in batches: it Puts those that
// are ready, up to MaxBatch, Syncs once, and only then counts them
// stored (Observer, summary, log), so that nothing it reports stored can
// be lost, while one sync serves the whole batch.
type Syncer interface {
	Sync(ctx context.Context) error
}

// MaxBatch bounds the articles one Sync acknowledges: a batch is also cut
// whenever no extracted article is waiting, so that a slow source never
// holds back the report of those before it.
const MaxBatch = 64

// storeArticles writes each article with its claims to the Sink,
// checkpointing it as Options.CheckpointEvery says. An article met twice
// in one run (the same story from a feed and a sitemap) is stored once.
func (r *run) storeArticles(ctx context.Context, in <-chan extracted) error {
	b := &batch{r: r, seen: map[string]bool{}, cp: newCheckpoints(r.p.sink, r.p.opts.CheckpointEvery)}
	b.syncer, _ = r.p.sink.(Syncer)
	for {
		var o extracted
		var ok bool
		if len(b.pending) == 0 {
			o, ok = <-in
		} else {
			select {
			case o, ok = <-in:
			default:
				// Nothing waiting: acknowledge what is stored so far.
				if err := b.commit(ctx); err != nil {
					return err
				}
				continue
			}
		}
		if !ok {
			return b.commit(ctx)
		}
		if err := b.put(ctx, o); err != nil {
			return err
		}
		if len(b.pending) >= MaxBatch {
			if err := b.commit(ctx); err != nil {
				return err
			}
		}
	}
}

// batch is the store stage's state: articles stored in this run, and
// those stored since the last Sync, not yet reported.
type batch struct {
	r       *run
	syncer  Syncer // nil: every Put is durable when it returns
	seen    map[string]bool
	cp      *checkpoints
	pending []stored
}

// stored is an article Put, with what to report once it is durable.
type stored struct {
	o       extracted
	outcome Outcome
}

// put stores one article; its outcome waits for the batch's Sync. It
// returns only the context's error: a failed Put fails its source.
func (b *batch) put(ctx context.Context, o extracted) error {
	r := b.r
	if b.seen[o.article.ID] {
		r.record(Outcome{Source: o.source, Status: Skipped, Reason: SkipDuplicate})
		return nil
	}
	var unchanged bool
	var err error
	if o.stream {
		unchanged, o.counts, err = r.p.putStream(ctx, o)
	} else {
		unchanged, err = r.p.sink.Put(ctx, o.article, o.claims, o.source)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.fail(o.job, &Error{Reason: ReasonStore, Err: err})
		return nil
	}
	b.seen[o.article.ID] = true
	out := Outcome{Source: o.source, Status: Stored, Article: o.article, Claims: o.claims, Counts: o.counts,
		Tokens: CountTokens(o.article.Text)}
	if unchanged {
		out = Outcome{Source: o.source, Status: Skipped, Reason: SkipUnchanged, Article: o.article}
	}
	b.pending = append(b.pending, stored{o: o, outcome: out})
	if b.syncer == nil {
		return b.commit(ctx)
	}
	return nil
}

// commit makes the pending articles durable, reports them, and
// checkpoints the Sink when its turn has come. A failed Sync fails every
// article of the batch: none of them can be said to be stored. A failed
// checkpoint fails the article that triggered it, as a failed Put would,
// although the article itself was stored.
func (b *batch) commit(ctx context.Context) error {
	if len(b.pending) == 0 {
		return nil
	}
	r := b.r
	var err error
	if b.syncer != nil {
		err = b.syncer.Sync(ctx)
	}
	pending := b.pending
	b.pending = b.pending[:0]
	for _, p := range pending {
		perr := err
		if perr == nil && p.outcome.Status == Stored {
			perr = b.cp.wrote(ctx)
		}
		if perr == nil {
			r.record(p.outcome)
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.fail(p.o.job, &Error{Reason: ReasonStore, Err: perr})
	}
	return nil
}
