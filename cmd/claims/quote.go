package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
	"github.com/spf13/cobra"
)

func newQuoteCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "quote GROUP [--json]",
		Short: "Show one quote group: every occurrence, where and when, and how its wording differs",
		Long: `quote prints a quote group (the id claims query shows, g_...): its longest
wording, then every occurrence oldest first, with its date, site, speaker as
the article names them, title and URL or path, and how its words differ from
the longest wording ("−" words it leaves out, "+" words it has instead or
more; case and punctuation are not differences).

--json prints the group as one JSON object: id, canonical, size, sites,
first_seen and occurrences, each a line of claims query --json.`,
		Example: `  # a group of the syndication set, after
  # claims eval --groups store/groups/testdata/syndication.txt --keep-stores synd
  claims --db synd/extractor quote g_af551c76594c
  claims --db synd/extractor quote g_af551c76594c --json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := openBackend(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			g, err := st.Group(cmd.Context(), args[0])
			if errors.Is(err, store.ErrNotFound) {
				return exitError{code: 1, msg: err.Error()}
			}
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				err = enc.Encode(server.NewGroupJSON(g))
			} else {
				writeQuote(out, g)
			}
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the group as one JSON object")
	addReadOnlyFlag(cmd)
	return cmd
}

// writeQuote prints a quote group for people: a head, then one block per
// occurrence.
func writeQuote(w io.Writer, g store.Group) {
	fmt.Fprintf(w, "%s · ×%d in %s", g.ID, g.Size, plural(g.Sites, "site"))
	if !g.FirstSeen.IsZero() {
		fmt.Fprintf(w, ", first seen %s", g.FirstSeen.Format("2006-01-02 15:04 MST"))
	}
	fmt.Fprintf(w, "\n  “%s”\n", singleLine(g.Canonical))
	for _, o := range g.Occurrences {
		c, a := &o.Claim, &o.Article
		fmt.Fprintf(w, "\n%s · %s · %s (%s)\n", dateLabel(*a), siteLabel(*a), speakerLabel(c), claimDetail(c))
		words := store.QuotedWords(c)
		if d := wordDiff(g.Canonical, words); d != "" {
			fmt.Fprintf(w, "  “%s”\n  %s\n", singleLine(words), d)
		} else {
			fmt.Fprintln(w, "  (the same words)")
		}
		fmt.Fprintf(w, "  %s\n", articleLabel(a))
	}
}

// wordDiff says how words differ from canonical, word by word, ignoring
// case and punctuation: runs of canonical's words that words leaves out
// ("−…") and of words it has instead or besides ("+…"), in order; "" when
// they are the same words.
func wordDiff(canonical, words string) string {
	a, fa := foldTokens(strings.Fields(canonical))
	b, fb := foldTokens(strings.Fields(words))
	// lcs[i][j] is the longest common subsequence of fa[i:] and fb[j:].
	lcs := make([][]int, len(fa)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(fb)+1)
	}
	for i := len(fa) - 1; i >= 0; i-- {
		for j := len(fb) - 1; j >= 0; j-- {
			if fa[i] == fb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var hunks []string
	var del, ins []string
	flush := func() {
		if len(del) > 0 {
			hunks = append(hunks, "−“"+strings.Join(del, " ")+"”")
		}
		if len(ins) > 0 {
			hunks = append(hunks, "+“"+strings.Join(ins, " ")+"”")
		}
		del, ins = nil, nil
	}
	i, j := 0, 0
	for i < len(fa) || j < len(fb) {
		switch {
		case i < len(fa) && j < len(fb) && fa[i] == fb[j]:
			flush()
			i, j = i+1, j+1
		case j < len(fb) && (i == len(fa) || lcs[i][j+1] >= lcs[i+1][j]):
			ins = append(ins, b[j])
			j++
		default:
			del = append(del, a[i])
			i++
		}
	}
	flush()
	return strings.Join(hunks, " ")
}

// foldTokens folds each word as names are folded (case, diacritics,
// punctuation off), leaving out words of punctuation alone; it returns
// the words kept and their folded forms.
func foldTokens(ws []string) (kept, folded []string) {
	for _, w := range ws {
		if f := strings.Join(claims.FoldWords(w), " "); f != "" {
			kept, folded = append(kept, w), append(folded, f)
		}
	}
	return kept, folded
}
