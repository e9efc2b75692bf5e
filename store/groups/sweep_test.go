package groups

import (
	"flag"
	"math/rand/v2"
	"testing"

	"github.com/claims-project/claims/eval"
)

var sweep = flag.Bool("sweep", false, "TestSweep: print pairwise precision and recall on the syndication marks for a grid of parameters")

// TestSweep prints what chose DefaultParams (doc.go): pairwise precision
// and recall of the syndication set's marked claims, and the index size,
// for shingle sizes, band shapes and thresholds around the defaults.
func TestSweep(t *testing.T) {
	if !*sweep {
		t.Skip("run with -sweep")
	}
	items := syndicationItems(t)
	gold := make([]string, len(items))
	for i, it := range items {
		gold[i] = it.label
	}
	for _, sh := range []int{2, 3, 4} {
		for _, br := range [][2]int{{8, 2}, {12, 2}, {16, 2}, {8, 3}, {16, 4}} {
			for _, q := range []float64{0.4, 0.5, 0.6, 0.7} {
				p := Params{Shingle: sh, Bands: br[0], Rows: br[1], QuotedJaccard: q, ReportedJaccard: 0.8}
				x := NewMemIndex()
				g := Grouper{P: p, Ix: x}
				for _, i := range rand.New(rand.NewPCG(1, 2)).Perm(len(items)) {
					it := items[i]
					x.AddMember(VariantID(it.scope, it.text), it.m)
					if _, err := g.Add(it.scope, it.text, it.m); err != nil {
						t.Fatal(err)
					}
				}
				s := eval.ScorePairs(gold, groupsOf(x, items))
				lists, postings := x.Size()
				t.Logf("shingle %d bands %2d rows %d jaccard %.1f: P %.4f R %.4f  lists %d postings %d", sh, br[0], br[1], q, s.Precision(), s.Recall(), lists, postings)
			}
		}
	}
}
