package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// bulkLoad fills s with nArticles synthetic articles of perArticle claims
// each through Badger's WriteBatch, writing exactly the entries Put would
// (articleEntries), without Put's per-article transaction and sync: a
// million claims load in well under a minute.
func bulkLoad(t testing.TB, s *Store, nArticles, perArticle, nSpeakers, textLen int) {
	t.Helper()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	rng := rand.New(rand.NewPCG(3, 4))
	filler := strings.Repeat("lorem ipsum dolor ", textLen/18+1)[:textLen]
	var ids []string
	var speakers [][]entity.Speaker
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range nArticles {
		url := fmt.Sprintf("https://bulk.example/%d", i)
		a := claims.Article{
			ID: claims.ArticleID(url, ""), URL: url, Title: fmt.Sprintf("Article %d", i),
			Site:      fmt.Sprintf("site%d.example", i%20),
			Published: base.Add(time.Duration(rng.IntN(5*365*24)) * time.Hour),
		}
		cs := make([]claims.Claim, perArticle)
		for j := range cs {
			// Speaker k has weight ~1/(k+1): a few speakers are quoted a
			// lot, most rarely, as in news.
			k := int(float64(nSpeakers) * rng.Float64() * rng.Float64())
			text := fmt.Sprintf("claim %d of article %d: %s", j, i, filler)
			cs[j] = claims.Claim{
				Kind: claims.Kinds[j%3], Text: text, Start: j * 1000, End: j*1000 + len(text),
				Speaker:    &claims.Speaker{Name: speakerName(k), Title: "Minister", Type: claims.TypePerson},
				Cue:        &claims.Span{Text: "said", Start: j*1000 - 5, End: j*1000 - 1},
				Confidence: 0.9,
			}
			if j%3 == 0 {
				cs[j].Entities = []claims.Entity{{Name: speakerName((k + 7) % nSpeakers), Type: claims.TypePerson}}
			}
		}
		claims.AssignIDs(a.ID, cs)
		speakers = append(speakers, articleSpeakers(cs))
		ids = append(ids, a.ID)
		entries, err := articleEntries(a, cs, "bulk", "")
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, kv{sourceKey(url), []byte(a.ID)})
		for _, e := range entries {
			if err := wb.Set(e.key, e.val); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
	bulkLink(t, s, ids, speakers)
}

// bulkLink links the speakers of articles ids, as Put would have, many
// articles a transaction.
func bulkLink(t testing.TB, s *Store, ids []string, speakers [][]entity.Speaker) {
	t.Helper()
	const perTxn = 50
	for i := 0; i < len(ids); i += perTxn {
		err := s.update(context.Background(), func(txn *badger.Txn) error {
			w := s.newLinkWork(txn)
			for j := i; j < min(i+perTxn, len(ids)); j++ {
				if err := w.linkArticle(ids[j], s.occurrences(speakers[j])); err != nil {
					return err
				}
			}
			return w.flush()
		})
		if err != nil {
			t.Fatalf("link articles %d to %d: %v", i, i+perTxn, err)
		}
	}
}

func speakerName(k int) string { return fmt.Sprintf("Person%d Surname%d", k, k) }

// lineSampler counts JSON lines written through it and samples the live
// heap every `every` lines.
type lineSampler struct {
	lines, every, next int
	peak               uint64
	bytes              int64
}

func (w *lineSampler) Write(p []byte) (int, error) {
	w.bytes += int64(len(p))
	w.lines += bytes.Count(p, []byte("\n"))
	if w.lines >= w.next {
		w.next += w.every
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

// TestExportConstantMemory exports 100k claims (fewer with -short or
// -race) and checks that the live heap never grows by more than a bound
// well below what holding the output would take.
func TestExportConstantMemory(t *testing.T) {
	articles := 5000
	switch {
	case raceEnabled:
		articles = 250
	case testing.Short():
		articles = 1000
	}
	full := articles == 5000
	const per, textLen = 20, 300
	s := openTemp(t, "")
	t0 := time.Now()
	bulkLoad(t, s, articles, per, 500, textLen)
	t.Logf("loaded in %v", time.Since(t0))
	want := articles * per

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	w := &lineSampler{every: 5000, next: 5000}
	n, err := s.Export(context.Background(), Query{}, FormatJSONL, w)
	if err != nil {
		t.Fatal(err)
	}
	if n != want || w.lines != want {
		t.Fatalf("exported %d claims (%d lines), want %d", n, w.lines, want)
	}
	growth := int64(w.peak) - int64(base)
	// Holding the output would take w.bytes, checked below to be well
	// over the bound. Badger's block and index caches (24 MB) are most of
	// what a streaming export may add.
	const bound = 32 << 20
	t.Logf("exported %d claims, %d MB; live heap grew by at most %.1f MB", n, w.bytes>>20, float64(growth)/(1<<20))
	if growth > bound {
		t.Errorf("live heap grew by %d MB during export, bound %d MB", growth>>20, bound>>20)
	}
	if full && w.bytes < bound*3/2 {
		t.Fatalf("test too small to tell streaming from buffering")
	}
}

func TestExportFormats(t *testing.T) {
	s, _ := lookupStore(t)
	var want []Result
	if err := s.Query(context.Background(), Query{Speaker: "Putin"}, func(r Result) error {
		want = append(want, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := s.Export(context.Background(), Query{Speaker: "Putin"}, FormatJSONL, &buf)
	if err != nil || n != len(want) {
		t.Fatalf("jsonl export: %d, %v", n, err)
	}
	dec := json.NewDecoder(&buf)
	for i := range want {
		var got Line
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		if w := NewLine(want[i]); !jsonEqual(t, got, w) {
			t.Errorf("line %d: got %+v, want %+v", i, got, w)
		}
	}
	if dec.More() {
		t.Error("extra jsonl lines")
	}

	buf.Reset()
	if _, err := s.Export(context.Background(), Query{Speaker: "Putin"}, FormatCSV, &buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(want)+1 || lines[0] != strings.Join(CSVHeader, ",") {
		t.Fatalf("csv: %q", lines)
	}
	if !strings.HasPrefix(lines[1], want[0].Claim.ID+",2025-05-10T09:30:00Z,reuters.com,") {
		t.Errorf("csv row 1: %q", lines[1])
	}
	if _, err := s.Export(context.Background(), Query{}, "xml", io.Discard); err == nil {
		t.Error("unknown format accepted")
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(ja, jb)
}

// BenchmarkQuerySpeaker asks for the 20 newest claims of random speakers
// in a store of a million claims, as `claims query --speaker X` does, and
// reports the 99th percentile latency. The store is built once, before
// timing starts.
func BenchmarkQuerySpeaker(b *testing.B) {
	s, speakers := benchStore(b)
	rng := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	var lat []time.Duration
	total := 0
	for b.Loop() {
		// Half the queries by surname only, half by full name.
		k := int(float64(speakers) * rng.Float64() * rng.Float64())
		name := speakerName(k)
		if rng.IntN(2) == 0 {
			name = fmt.Sprintf("Surname%d", k)
		}
		t0 := time.Now()
		n := 0
		err := s.Query(ctx, Query{Speaker: name, Limit: 20}, func(Result) error { n++; return nil })
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(total)/float64(len(lat)), "claims/op")
}

// benchStore builds the store of BenchmarkQuerySpeaker and
// BenchmarkSpeakersTop: a million claims (100,000 with -short) by 5,000
// speakers, linked. $CLAIMS_BENCH_STORE keeps it between runs (it is
// built if the directory does not exist yet). It returns the store, open
// with the CLI's options once Badger's compactions have worked off the
// bulk load's level-0 backlog, as they would between an ingest and the
// queries after it, and the number of speakers.
func benchStore(b *testing.B) (*Store, int) {
	b.Helper()
	articles, per, speakers := 50_000, 20, 5_000
	if testing.Short() {
		articles = 5_000
	}
	dir := os.Getenv("CLAIMS_BENCH_STORE")
	if dir == "" {
		dir = b.TempDir()
	}
	start := time.Now()
	if _, err := os.Stat(dir); err != nil || dir != os.Getenv("CLAIMS_BENCH_STORE") {
		s, err := Open(dir, Options{NoSync: true, bulk: true})
		if err != nil {
			b.Fatal(err)
		}
		bulkLoad(b, s, articles, per, speakers, 120)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d claims in %v", articles*per, time.Since(start).Round(time.Millisecond))
	}
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	Settle(s, time.Minute)
	b.Logf("ready after %v", time.Since(start).Round(time.Millisecond))
	return s, speakers
}

// BenchmarkSpeakersTop lists the 50 speakers with most claims of a store
// of a million claims, with their dates, as `claims speakers --top 50`
// does.
func BenchmarkSpeakersTop(b *testing.B) {
	s, _ := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		list, err := s.Speakers(ctx, SpeakerQuery{Top: 50, Dates: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != 50 {
			b.Fatalf("%d speakers", len(list))
		}
	}
}
