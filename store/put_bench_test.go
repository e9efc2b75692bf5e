package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkPut stores 400 synthetic articles into a new store, as ingest
// does: synced one by one (commit=each), and with Options.GroupCommit and
// a Sync after every 32 (commit=group). The two alternate under -count:
//
//	go test -run '^$' -bench 'Put$' -count 6 ./store | benchstat -col /commit -
func BenchmarkPut(b *testing.B) {
	const n, batch = 400, 32
	for _, group := range []bool{false, true} {
		name := map[bool]string{false: "commit=each", true: "commit=group"}[group]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, err := Open(b.TempDir(), Options{GroupCommit: group})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for i := range n {
					a, cs := synthArticle(fmt.Sprintf("a%d", i), 1)
					if _, err := s.Put(context.Background(), a, cs, ""); err != nil {
						b.Fatal(err)
					}
					if group && (i%batch == batch-1 || i == n-1) {
						if err := s.Sync(); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.StopTimer()
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
