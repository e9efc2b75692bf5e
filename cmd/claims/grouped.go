package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
)

// groupRow is one row of a grouped query: the newest matching occurrence
// of a quote group, or a claim in no group.
type groupRow struct {
	r store.Result
}

// key is what makes rows one: the group, else the claim.
func (g groupRow) key() string {
	if g.r.Claim.Group != nil {
		return g.r.Claim.Group.ID
	}
	return g.r.Claim.ID
}

func (g groupRow) size() (n, sites int) {
	if gr := g.r.Claim.Group; gr != nil {
		return gr.Size, gr.Sites
	}
	return 1, 1
}

// errEnoughRows stops a query once a grouped listing has what it prints.
var errEnoughRows = errors.New("enough rows")

// groupRows reads the rows of q, newest first: one per group, at its
// newest occurrence matching q. limit (0: none) bounds the rows kept
// unless spread, which reads every match and orders the rows by how far
// the quote travelled (sites, then occurrences, then first seen). more
// says whether rows were left out.
func groupRows(ctx context.Context, st server.Backend, q store.Query, limit int, spread bool) (rows []groupRow, more bool, err error) {
	// The store returns a group once and skips its other occurrences
	// unread; rows are still made one by key, as pages read through a
	// server may repeat a group.
	q.Limit, q.Distinct = 0, true
	seen := map[string]bool{}
	err = st.Query(ctx, q, func(r store.Result) error {
		row := groupRow{r}
		if seen[row.key()] {
			return nil
		}
		if !spread && limit > 0 && len(rows) == limit {
			more = true
			return errEnoughRows
		}
		seen[row.key()] = true
		rows = append(rows, row)
		return nil
	})
	if errors.Is(err, errEnoughRows) {
		err = nil
	}
	if err != nil || !spread {
		return rows, more, err
	}
	slices.SortStableFunc(rows, func(a, b groupRow) int {
		an, as := a.size()
		bn, bs := b.size()
		return cmp.Or(cmp.Compare(bs, as), cmp.Compare(bn, an), firstSeen(a).Compare(firstSeen(b)), strings.Compare(a.key(), b.key()))
	})
	if limit > 0 && len(rows) > limit {
		rows, more = rows[:limit], true
	}
	return rows, more, nil
}

// firstSeen is when the row's quote was first published, as far as the
// store knows.
func firstSeen(g groupRow) time.Time {
	if gr := g.r.Claim.Group; gr != nil {
		return gr.FirstSeen
	}
	return g.r.Article.Published
}

// writeRows prints grouped rows: a claim in no group as query prints
// every claim (writeClaimBlock), a group as writeGroupBlock, or with
// asJSON each row's claim as a query line.
func writeRows(ctx context.Context, w io.Writer, st server.Backend, rows []groupRow, asJSON bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, row := range rows {
		if asJSON {
			if err := enc.Encode(store.NewLine(row.r)); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		if row.r.Claim.Group == nil {
			writeClaimBlock(w, row.r)
			continue
		}
		g, err := st.GroupHead(ctx, row.r.Claim.Group.ID)
		if err != nil {
			return fmt.Errorf("quote group %s of claim %s: %w", row.r.Claim.Group.ID, row.r.Claim.ID, err)
		}
		writeGroupBlock(w, g)
	}
	return nil
}

// writeGroupBlock prints a quote group for people, at its first
// occurrence, with its canonical (longest) wording:
//
//	2026-03-02 · meridianwire.com · Dana Holt
//	  “The bridge is sixty years old …” (direct, told)
//	  ×6 in 5 sites, first seen 2026-03-02 · claims quote g_5536eb336e04
//	  Carrow Bay mayor defends bridge toll rise — https://…
func writeGroupBlock(w io.Writer, g store.Group) {
	if len(g.Occurrences) == 0 {
		return
	}
	first := g.Occurrences[0]
	fmt.Fprintln(w, strings.Join([]string{dateLabel(first.Article), siteLabel(first.Article), speakerLabel(&first.Claim)}, " · "))
	fmt.Fprintf(w, "  “%s” (%s)\n", singleLine(g.Canonical), claimDetail(&first.Claim))
	fmt.Fprintf(w, "  ×%d in %s, first seen %s · claims quote %s\n", g.Size, plural(g.Sites, "site"), dateLabel(first.Article), g.ID)
	fmt.Fprintf(w, "  %s\n", articleLabel(&first.Article))
}

func dateLabel(a claims.Article) string {
	if a.Published.IsZero() {
		return "undated"
	}
	return a.Published.UTC().Format("2006-01-02")
}

func siteLabel(a claims.Article) string {
	if a.Site == "" {
		return "no site"
	}
	return a.Site
}

func claimDetail(c *claims.Claim) string {
	detail := string(c.Kind)
	if c.Cue != nil && c.Cue.Text != "" {
		detail += ", " + c.Cue.Text
	}
	return detail
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
