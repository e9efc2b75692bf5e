package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
	"github.com/spf13/cobra"
)

func newShowCmd() *cobra.Command {
	var asJSON, withText bool
	cmd := &cobra.Command{
		Use:   "show ARTICLE [--json] [--with-text]",
		Short: "Show one stored article and its claims in order",
		Long: `show prints a stored article's metadata and all its claims in the order they
appear. ARTICLE is an article id (a_...), or the URL or path it was ingested
from. --json prints one line in the format of claims extract --json; the
article text (which the claim offsets refer to) only with --with-text.`,
		Example: `  # an article of the bundled corpus, after claims ingest corpus/gold.jsonl
  claims show a_3a0fa54d82d8ab99
  claims show https://www.reuters.com/world/europe/some-story/
  claims show ./articles/story.html --json --with-text`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := openBackend(cmd)
			if err != nil {
				return err
			}
			defer release(cmd, st)
			a, cs, err := st.Article(cmd.Context(), args[0])
			if abs, aerr := filepath.Abs(args[0]); errors.Is(err, store.ErrNotFound) && aerr == nil && abs != args[0] {
				// A file is stored under its absolute path: a path
				// relative to here names it too.
				if a2, cs2, err2 := st.Article(cmd.Context(), abs); err2 == nil {
					a, cs, err = a2, cs2, nil
				}
			}
			if errors.Is(err, store.ErrNotFound) {
				return exitError{code: 1, msg: err.Error()}
			}
			if err != nil {
				return err
			}
			if !withText {
				a.Text = ""
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			if asJSON {
				if cs == nil {
					cs = []claims.Claim{}
				}
				for i := range cs {
					cs[i] = store.SpecClaim(cs[i])
				}
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(claims.Document{Article: a, Claims: cs}); err != nil {
					return err
				}
			} else {
				writeArticle(out, a, cs)
			}
			return out.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the article and its claims as one JSON line")
	cmd.Flags().BoolVar(&withText, "with-text", false, "include the article text")
	addReadOnlyFlag(cmd)
	return cmd
}

// writeArticle prints an article's metadata, then its claims numbered in
// order.
func writeArticle(w io.Writer, a claims.Article, cs []claims.Claim) {
	title := a.Title
	if title == "" {
		title = "(untitled)"
	}
	fmt.Fprintln(w, singleLine(title))
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-10s %s\n", name+":", v)
		}
	}
	field("id", a.ID)
	field("url", a.URL)
	field("path", a.Path)
	field("as given", a.PathAsGiven)
	field("site", a.Site)
	if !a.Published.IsZero() {
		field("published", a.Published.UTC().Format("2006-01-02 15:04 MST"))
	}
	field("byline", singleLine(a.Byline))
	field("claims", fmt.Sprint(len(cs)))
	for i := range cs {
		c := &cs[i]
		detail := string(c.Kind)
		if c.Cue != nil && c.Cue.Text != "" {
			detail += ", " + c.Cue.Text
		}
		fmt.Fprintf(w, "\n%d. %s (%s)\n   “%s”\n", i+1, speakerLabel(c), detail, singleLine(c.Text))
	}
	if a.Text != "" {
		fmt.Fprintf(w, "\n%s\n", a.Text)
	}
}
