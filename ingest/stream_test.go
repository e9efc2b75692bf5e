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

// syncStreamSink is a streamSink whose Puts and PutStreams count as
// durable only once Sync has returned after them.
type syncStreamSink struct {
	*streamSink
	sync *syncSink
}

func (s syncStreamSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	return s.sync.Put(ctx, a, cs, source)
}

func (s syncStreamSink) PutStream(ctx context.Context, a claims.Article, source string, each func(yield func([]claims.Claim) error) error) (bool, error) {
	unchanged, err := s.streamSink.PutStream(ctx, a, source, each)
	s.sync.mu.Lock()
	defer s.sync.mu.Unlock()
	s.sync.n++
	s.sync.puts[a.ID] = s.sync.n
	return unchanged, err
}

func (s syncStreamSink) Sync(ctx context.Context) error { return s.sync.Sync(ctx) }

// TestStreamGroupCommit: with a Sink that is both a StreamSink and a
// Syncer, an article stored as a stream is reported stored, with its
// claim counts, only once a Sync after its PutStream has returned.
func TestStreamGroupCommit(t *testing.T) {
	dir := t.TempDir()
	para := "“We will rebuild,” said Ada Brennan.\n\n"
	n := StreamAbove/len(para) + 1
	var sources []string
	for _, name := range []string{"a.txt", "b.txt"} {
		p := filepath.Join(dir, name)
		writeFile(t, p, strings.Repeat(para, n)+name)
		sources = append(sources, p)
	}
	short := filepath.Join(dir, "short.txt")
	writeFile(t, short, para)
	sources = append(sources, short)
	ss := newSyncSink()
	sink := syncStreamSink{streamSink: &streamSink{fakeSink: ss.fakeSink, t: t, streamed: map[string]int{}}, sync: ss}
	obs := &ackObserver{t: t, s: ss}
	opts := testOptions(nil)
	opts.Fetch.MaxBody = 2 * StreamAbove
	opts.Observer = obs
	sum, err := New(sink, paragraphExtractor{}, opts).Run(context.Background(), sources)
	if err != nil {
		t.Fatal(err)
	}
	if obs.stored != 3 || sum.Stored != 3 || ss.syncs == 0 {
		t.Errorf("reported %d stored (summary %d) after %d Syncs, want 3 after at least one", obs.stored, sum.Stored, ss.syncs)
	}
	if want := 2*n + 1; sum.Claims != want {
		t.Errorf("summary counts %d claims, want %d", sum.Claims, want)
	}
}
