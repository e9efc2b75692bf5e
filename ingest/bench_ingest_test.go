package ingest_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/store"
)

// storeSink is what cmd/claims wires: the real store behind ingest.Sink
// and ingest.Checkpointer.
type storeSink struct{ st *store.Store }

func (s storeSink) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (bool, error) {
	res, err := s.st.Put(ctx, a, cs, source)
	return res.Unchanged, err
}

func (s storeSink) HasSource(ctx context.Context, source string) (bool, error) {
	return s.st.HasSource(ctx, source)
}

func (s storeSink) Checkpoint(context.Context) error { return s.st.Checkpoint() }

var canonical = regexp.MustCompile(`(rel="canonical" href="[^"]+)"`)

// writePages writes n HTML pages made from the corpus pages, each with its
// own canonical URL (and so its own article id), and returns their
// directory.
func writePages(b *testing.B, n int) string {
	b.Helper()
	names, err := fs.Glob(corpus.Files, "html/*.html")
	if err != nil || len(names) == 0 {
		b.Fatalf("corpus pages: %v", err)
	}
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		page, err := fs.ReadFile(corpus.Files, names[i%len(names)])
		if err != nil {
			b.Fatal(err)
		}
		page = canonical.ReplaceAll(page, []byte(fmt.Sprintf(`${1}?copy=%d"`, i)))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%04d.html", i)), page, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkIngestLocal ingests HTML pages from disk the way `claims ingest
// DIR` does: main text, extraction, and a Badger write with an fsync per
// article, with all cores (workers = GOMAXPROCS). It reports articles/s
// as a store always works (off=none), without quote grouping
// (store.Options.NoGroups) and without speaker linking
// (store.Options.NoLinks), so that one run measures what each costs.
// The pages are copies of the corpus pages: every quote is reprinted many
// times, as syndication does. cpu-ms/article is the CPU time the run took
// (user and system, all threads) per article: on a machine shared with
// other work, what grouping costs shows there when wall time is noise.
//
//	go test -run '^$' -bench IngestLocal -benchtime 3x -count 6 ./ingest > ingest.txt
//	benchstat -col /off ingest.txt
func BenchmarkIngestLocal(b *testing.B) {
	const pages = 240
	dir := writePages(b, pages)
	ex, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, off := range []string{"none", "grouping", "linking"} {
		b.Run("off="+off, func(b *testing.B) {
			benchIngest(b, dir, pages, ex, store.Options{NoGroups: off == "grouping", NoLinks: off == "linking"})
		})
	}
}

func benchIngest(b *testing.B, dir string, pages int, ex *extract.Extractor, opts store.Options) {
	ctx := context.Background()
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Open(filepath.Join(b.TempDir(), "db"), opts)
		if err != nil {
			b.Fatal(err)
		}
		p := ingest.New(storeSink{st}, ex, ingest.Options{Workers: runtime.GOMAXPROCS(0)})
		b.StartTimer()
		c0 := cpuTime()
		sum, err := p.Run(ctx, []string{dir})
		cpu += cpuTime() - c0
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Stored != pages {
			b.Fatalf("stored %d of %d pages: %+v", sum.Stored, pages, sum)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(cpu.Seconds()*1e3/float64(pages*b.N), "cpu-ms/article")
}
