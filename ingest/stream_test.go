package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/claims-project/claims"
)

// streamSink is a fakeSink that also takes articles as streams, keeping
// the size of the largest batch.
type streamSink struct {
	*fakeSink
	t        *testing.T
	mu       sync.Mutex
	streamed map[string]int // claims by source
	maxBatch int
}

func (s *streamSink) PutStream(ctx context.Context, a claims.Article, source string, each func(yield func([]claims.Claim) error) error) (bool, error) {
	n := 0
	err := each(func(cs []claims.Claim) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range cs {
			if !strings.HasPrefix(c.ID, "c_") {
				s.t.Errorf("streamed claim without id: %+v", c)
			}
		}
		n += len(cs)
		s.maxBatch = max(s.maxBatch, len(cs))
		return nil
	})
	s.mu.Lock()
	s.streamed[source] = n
	s.mu.Unlock()
	return false, err
}

// paragraphExtractor is quoteExtractor a paragraph at a time.
type paragraphExtractor struct{ quoteExtractor }

func (p paragraphExtractor) ExtractEach(ctx context.Context, text string, fn func([]claims.Claim) error) error {
	offset := 0
	for para := range strings.SplitAfterSeq(text, "\n\n") {
		cs, err := p.Extract(ctx, para)
		if err != nil {
			return err
		}
		for i := range cs {
			cs[i].Start += offset
			cs[i].End += offset
		}
		if err := fn(cs); err != nil {
			return err
		}
		offset += len([]rune(para))
	}
	return nil
}

// TestPipelineStreamsLongText: a text longer than StreamAbove goes to the
// Sink as a stream of batches, never as one slice of claims, and the
// summary counts its claims; a short one goes to Put.
func TestPipelineStreamsLongText(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "long.txt")
	para := "“We will rebuild,” said Ada Brennan.\n\n"
	n := StreamAbove/len(para) + 1
	writeFile(t, long, strings.Repeat(para, n))
	short := filepath.Join(dir, "short.txt")
	writeFile(t, short, para)
	sink := &streamSink{fakeSink: newFakeSink(), t: t, streamed: map[string]int{}}
	opts := testOptions(nil)
	opts.Fetch.MaxBody = 2 * StreamAbove
	sum, err := New(sink, paragraphExtractor{}, opts).Run(context.Background(), []string{long, short})
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.streamed[long]; got != n || sink.maxBatch != 1 {
		t.Errorf("streamed %d claims in batches of up to %d, want %d in batches of 1", got, sink.maxBatch, n)
	}
	if _, ok := sink.articles[long]; ok {
		t.Error("the long text went to Put")
	}
	if len(sink.claims[short]) != 1 {
		t.Errorf("the short text: %d claims through Put, want 1", len(sink.claims[short]))
	}
	if sum.Stored != 2 || sum.Claims != n+1 || sum.Speakers["Ada Brennan"] != n+1 || sum.ClaimsByKind[claims.Direct] != n+1 {
		t.Errorf("summary: %d stored, %d claims, %v, %v", sum.Stored, sum.Claims, sum.Speakers, sum.ClaimsByKind)
	}
}
