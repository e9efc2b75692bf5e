package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract"
	"github.com/spf13/cobra"
)

func newExtractCmd() *cobra.Command {
	var (
		asJSON, withText bool
		scope            string
	)
	cmd := &cobra.Command{
		Use:   "extract [--json] [--with-text] FILE...|-",
		Short: "Print the claims found in article files",
		Long: `extract reads articles and prints the claims found in each: who said what,
with the cue and the kind of claim. .txt files (and standard input, "-") are
read as they are; .html and .htm files go through main-text extraction first.`,
		Example: `  claims extract article.txt
  claims extract --json --with-text page.html
  curl -s https://example.com/story | claims extract -`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := extract.ParseScope(scope)
			if err != nil {
				return usageError{fmt.Errorf("extract --scope: %w", err)}
			}
			ex, err := extract.New(extract.WithScope(sc))
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			defer w.Flush()
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			for _, path := range args {
				doc, err := readDocument(cmd, path)
				if err != nil {
					return err
				}
				cs, err := ex.Extract(cmd.Context(), doc.Article.Text)
				if err != nil {
					return fmt.Errorf("extract %s: %w", path, err)
				}
				claims.AssignIDs(doc.Article.ID, cs)
				doc.Claims = cs
				if asJSON {
					if !withText {
						doc.Article.Text = ""
					}
					if err := enc.Encode(doc); err != nil {
						return err
					}
					continue
				}
				printListing(w, path, doc, withText)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per document (see spec/formats.md)")
	cmd.Flags().BoolVar(&withText, "with-text", false, "include the article text the offsets refer to")
	cmd.Flags().StringVar(&scope, "scope", "speech", "which attributions count: speech (statements) or all (beliefs and positions too)")
	return cmd
}

// readDocument reads one input into a Document whose Article.Text is the
// text claims are extracted from.
func readDocument(cmd *cobra.Command, path string) (claims.Document, error) {
	var (
		b   []byte
		err error
	)
	if path == "-" {
		b, err = io.ReadAll(cmd.InOrStdin())
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return claims.Document{}, fmt.Errorf("read %s: %w", path, err)
	}
	var a claims.Article
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		a, err = extractPage(cmd, b, path)
		if err != nil {
			return claims.Document{}, err
		}
	default:
		a = claims.Article{Text: string(b), ID: claims.ArticleID("", string(b))}
	}
	if path != "-" {
		a.Path = path
	}
	return claims.Document{Article: a, Claims: []claims.Claim{}}, nil
}

func printListing(w io.Writer, path string, doc claims.Document, withText bool) {
	title := doc.Article.Title
	if title == "" {
		title = path
	}
	fmt.Fprintf(w, "%s — %d claims\n", title, len(doc.Claims))
	if withText {
		fmt.Fprintf(w, "\n%s\n\n", doc.Article.Text)
	}
	for _, c := range doc.Claims {
		who := "(speaker unknown)"
		if c.Speaker != nil {
			who = c.Speaker.Name
			if len(c.Speakers) > 1 {
				names := make([]string, len(c.Speakers))
				for i, s := range c.Speakers {
					names[i] = s.Name
				}
				who = strings.Join(names, " & ")
			}
			if c.Speaker.Title != "" {
				who += " (" + c.Speaker.Title + ")"
			}
		}
		cue := ""
		if c.Cue != nil {
			cue = ", " + c.Cue.Text
		}
		fmt.Fprintf(w, "  %s — “%s” — %s%s\n", who, singleLine(c.Text), c.Kind, cue)
	}
	fmt.Fprintln(w)
}
