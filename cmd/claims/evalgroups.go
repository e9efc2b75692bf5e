package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/eval"
	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/store"
)

// groupScore is what claims eval --groups reports of one way of building
// the claims: how many there were, how many carry a mark's label, and
// the pairwise score of their groups against the labels.
type groupScore struct {
	Name    string
	Claims  int
	Labeled int
	Score   eval.PairScore
}

// evalGroups stores the syndication set at path twice, in stores under
// dir: once with the claims its marks make, once with the claims the
// extractor finds in its text; and scores the groups each store makes.
func evalGroups(ctx context.Context, x *extract.Extractor, path, dir string) ([]groupScore, error) {
	set, err := eval.ReadSyndication(path)
	if err != nil {
		return nil, err
	}
	var out []groupScore
	for _, way := range []struct {
		name   string
		claims func(s *eval.Syndicated) ([]claims.Claim, error)
	}{
		{"marks", func(s *eval.Syndicated) ([]claims.Claim, error) { return s.MarkClaims(), nil }},
		{"extractor", func(s *eval.Syndicated) ([]claims.Claim, error) { return x.Extract(ctx, s.Article.Text) }},
	} {
		sc, err := groupSet(ctx, set, way.claims, dir+"/"+way.name)
		if err != nil {
			return nil, fmt.Errorf("group the syndication set (%s): %w", way.name, err)
		}
		sc.Name = way.name
		out = append(out, sc)
	}
	return out, nil
}

// groupSet puts every article of set, with the claims claimsOf gives, in
// a new store in dir, and scores the stored claims' groups against the
// labels of the marks they cover (eval.LabelClaim). A claim covering no
// mark is left out (the set marks only the quotes it is about); a mark
// no claim covers counts as a missed occurrence, in a group of its own.
func groupSet(ctx context.Context, set []eval.Syndicated, claimsOf func(*eval.Syndicated) ([]claims.Claim, error), dir string) (groupScore, error) {
	st, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		return groupScore{}, err
	}
	defer st.Close()
	label := map[string]string{}
	var gold, pred []string
	var sc groupScore
	for i := range set {
		s := &set[i]
		cs, err := claimsOf(s)
		if err != nil {
			return sc, fmt.Errorf("article %s: %w", s.Article.ID, err)
		}
		claims.AssignIDs(s.Article.ID, cs)
		covered := map[string]bool{}
		for j := range cs {
			if l := s.LabelClaim(&cs[j]); l != "" {
				label[cs[j].ID], covered[l] = l, true
			}
		}
		for _, m := range s.Marks {
			if !covered[m.Label] {
				// Missed: in a group of its own.
				gold, pred = append(gold, m.Label), append(pred, fmt.Sprintf("missed %s %d", s.Article.ID, m.Start))
			}
		}
		if _, err := st.Put(ctx, s.Article, cs, "syndication:"+s.Article.ID); err != nil {
			return sc, err
		}
	}
	err = st.Query(ctx, store.Query{}, func(r store.Result) error {
		sc.Claims++
		g := r.Claim.ID
		if r.Claim.Group != nil {
			g = r.Claim.Group.ID
		}
		if l := label[r.Claim.ID]; l != "" {
			sc.Labeled++
			gold, pred = append(gold, l), append(pred, g)
		}
		return nil
	})
	if err != nil {
		return sc, err
	}
	if err := st.Check(ctx); err != nil {
		return sc, fmt.Errorf("after grouping: %w", err)
	}
	sc.Score = eval.ScorePairs(gold, pred)
	return sc, nil
}

// writeGroupScores prints what evalGroups found.
func writeGroupScores(w io.Writer, path string, scores []groupScore) {
	fmt.Fprintf(w, "quote groups on %s (pairwise: pairs of claims of one quote put in one group)\n", path)
	for _, s := range scores {
		fmt.Fprintf(w, "  claims from the %-9s %4d claims, %4d on a mark: precision %.4f (%d of %d pairs), recall %.4f (%d of %d gold pairs)\n",
			s.Name+":", s.Claims, s.Labeled, s.Score.Precision(), s.Score.Both, s.Score.Predicted, s.Score.Recall(), s.Score.Both, s.Score.Gold)
	}
}

// runEvalGroups is claims eval --groups FILE: the stores are made under
// keep (which must not exist yet), else in a temporary directory removed
// after.
func runEvalGroups(ctx context.Context, w io.Writer, path, keep string) error {
	x, err := extract.New()
	if err != nil {
		return fmt.Errorf("eval: load extractor: %w", err)
	}
	dir := keep
	if keep == "" {
		if dir, err = os.MkdirTemp("", "claims-eval-groups-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if _, err := os.Stat(keep); err == nil {
		return usageError{fmt.Errorf("eval --keep-stores: %s exists; name a new directory", keep)}
	}
	scores, err := evalGroups(ctx, x, path, dir)
	if err != nil {
		return err
	}
	writeGroupScores(w, path, scores)
	return nil
}
