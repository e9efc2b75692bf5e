// Streams: an article whose text is longer than StreamAbove is extracted
// as it is stored, its claims handed to the Sink a window at a time, so
// that a huge document (a 50 MB text of a quarter of a million claims)
// never has all its claims in memory; when the Sink and the Extractor can.

package ingest

import (
	"context"

	"github.com/claims-project/claims"
)

// StreamAbove is the text length in bytes above which an article is
// extracted while it is stored (when the Sink is a StreamSink and the
// Extractor an EachExtractor): four times the longest news article, so
// that articles never meet it.
const StreamAbove = 1 << 20

// StreamSink is a Sink that can also store an article whose claims come
// in batches; *store.Store satisfies it through cmd/claims' adapter.
type StreamSink interface {
	// PutStream stores a with the claims each hands to yield, batch after
	// batch, as Put stores an article with its claims.
	PutStream(ctx context.Context, a claims.Article, source string, each func(yield func([]claims.Claim) error) error) (unchanged bool, err error)
}

// EachExtractor is an Extractor that can hand over claims a batch at a
// time; *extract.Extractor is one.
type EachExtractor interface {
	ExtractEach(ctx context.Context, text string, fn func([]claims.Claim) error) error
}

// streams reports whether an article of this text is stored as a stream.
func (p *Pipeline) streams(text string) bool {
	if len(text) <= StreamAbove {
		return false
	}
	_, sinkOK := p.sink.(StreamSink)
	_, exOK := p.ex.(EachExtractor)
	return sinkOK && exOK
}

// putStream extracts and stores article o as a stream, counting its claims
// for the summary as they pass.
func (p *Pipeline) putStream(ctx context.Context, o extracted) (bool, *ClaimCounts, error) {
	counts := newClaimCounts()
	ex := p.ex.(EachExtractor)
	each := func(yield func([]claims.Claim) error) error {
		return ex.ExtractEach(ctx, o.article.Text, func(cs []claims.Claim) error {
			claims.AssignIDs(o.article.ID, cs)
			counts.add(cs)
			return yield(cs)
		})
	}
	unchanged, err := p.sink.(StreamSink).PutStream(ctx, o.article, o.source, each)
	return unchanged, counts, err
}
