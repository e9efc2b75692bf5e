package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/spf13/cobra"
)

// extractFlags are the options of `claims extract`.
type extractFlags struct {
	asJSON, withText bool
	scope            string
	maxBody          int64
}

func newExtractCmd() *cobra.Command {
	var f extractFlags
	cmd := &cobra.Command{
		Use:   "extract [--json] [--with-text] FILE...|-",
		Short: "Print the claims found in article files",
		Long: `extract reads articles and prints the claims found in each: who said what,
with the cue and the kind of claim. .txt files (and standard input, "-") are
read as they are and must be UTF-8 text; .html and .htm files go through
main-text extraction first. An input over --max-body bytes is refused, as
ingest refuses it; under a raised limit, a text longer than 256 KiB is read
a window of paragraphs at a time, in memory that does not grow with it, and
its claims are printed as they are found.`,
		Example: `  claims extract article.txt
  claims extract --json --with-text page.html
  curl -s https://example.com/story | claims extract -`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtractCmd(cmd, f, args)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print one JSON object per document (see spec/formats.md)")
	fl.BoolVar(&f.withText, "with-text", false, "include the article text the offsets refer to")
	fl.StringVar(&f.scope, "scope", "speech", "which attributions count: speech (statements) or all (beliefs and positions too)")
	fl.Int64Var(&f.maxBody, "max-body", ingest.DefaultMaxBody, "largest input in bytes; larger ones are refused")
	return cmd
}

func runExtractCmd(cmd *cobra.Command, f extractFlags, args []string) error {
	sc, err := extract.ParseScope(f.scope)
	if err != nil {
		return usageError{fmt.Errorf("extract --scope: %w", err)}
	}
	if f.maxBody < 1 {
		return usageError{fmt.Errorf("--max-body %d: need a positive size", f.maxBody)}
	}
	// The heap limit ingest keeps: a long text held whole, and one window
	// being extracted, stay near their live size.
	defer ingest.LimitMemory(0)()
	ex, err := extract.New(extract.WithScope(sc))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(cmd.OutOrStdout())
	defer w.Flush()
	for _, path := range args {
		doc, err := readDocument(cmd, path, f.maxBody)
		if err != nil {
			return err
		}
		if f.asJSON {
			err = writeJSONDocument(cmd.Context(), w, ex, doc, f.withText)
		} else {
			err = writeListing(cmd.Context(), w, ex, path, doc, f.withText)
		}
		if err != nil {
			return fmt.Errorf("extract %s: %w", path, err)
		}
	}
	return nil
}

// readDocument reads one input, at most maxBody bytes of it, into a
// Document whose Article.Text is the text claims are extracted from.
func readDocument(cmd *cobra.Command, path string, maxBody int64) (claims.Document, error) {
	var r io.Reader = cmd.InOrStdin()
	name := "standard input"
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return claims.Document{}, fmt.Errorf("read %s: %w", path, err)
		}
		defer fh.Close()
		r, name = fh, path
	}
	b, err := ingest.ReadCapped(r, name, maxBody)
	if err != nil {
		return claims.Document{}, fmt.Errorf("extract: %w; raise --max-body to read it", err)
	}
	var a claims.Article
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		a, err = extractPage(cmd, b, path)
		if err != nil {
			return claims.Document{}, err
		}
	default:
		text, err := ingest.PlainText(name, b)
		if err != nil {
			return claims.Document{}, fmt.Errorf("extract: %w", err)
		}
		a = claims.Article{Text: text, ID: claims.ArticleID("", text)}
	}
	if path != "-" {
		a.Path = path
	}
	return claims.Document{Article: a, Claims: []claims.Claim{}}, nil
}

// writeJSONDocument prints doc with its claims as one line of JSON, the
// claims written as the extractor finds them, so that a long text's
// claims are never all in memory. The bytes are those of encoding the
// whole Document.
func writeJSONDocument(ctx context.Context, w io.Writer, ex *extract.Extractor, doc claims.Document, withText bool) error {
	a := doc.Article
	if !withText {
		a.Text = ""
	}
	head, err := claims.Marshal(a)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, `{"article":%s,"claims":[`, head); err != nil {
		return err
	}
	n := 0
	err = ex.ExtractEach(ctx, doc.Article.Text, func(cs []claims.Claim) error {
		claims.AssignIDs(a.ID, cs)
		for i := range cs {
			b, err := claims.Marshal(cs[i])
			if err != nil {
				return err
			}
			if n++; n > 1 {
				b = append([]byte{','}, b...)
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}

// writeListing prints doc's claims for a person. A text short enough for
// one pass is headed by its number of claims; a longer one, printed as
// its windows are read, ends with it.
func writeListing(ctx context.Context, w io.Writer, ex *extract.Extractor, path string, doc claims.Document, withText bool) error {
	text := doc.Article.Text
	if len(text) <= extract.WindowBytes {
		cs, err := ex.Extract(ctx, text)
		if err != nil {
			return err
		}
		claims.AssignIDs(doc.Article.ID, cs)
		doc.Claims = cs
		printListing(w, path, doc, withText)
		return nil
	}
	doc.Claims = nil
	printHeader(w, path, doc, withText, "claims as each window of paragraphs is read")
	n := 0
	err := ex.ExtractEach(ctx, text, func(cs []claims.Claim) error {
		n += len(cs)
		for i := range cs {
			printClaim(w, &cs[i])
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  (%d claims)\n\n", n)
	return nil
}

func printListing(w io.Writer, path string, doc claims.Document, withText bool) {
	printHeader(w, path, doc, withText, fmt.Sprintf("%d claims", len(doc.Claims)))
	for i := range doc.Claims {
		printClaim(w, &doc.Claims[i])
	}
	fmt.Fprintln(w)
}

// printHeader prints a document's title (or path) and what follows.
func printHeader(w io.Writer, path string, doc claims.Document, withText bool, what string) {
	title := doc.Article.Title
	if title == "" {
		title = path
	}
	fmt.Fprintf(w, "%s — %s\n", title, what)
	if withText {
		fmt.Fprintf(w, "\n%s\n\n", doc.Article.Text)
	}
}

// printClaim prints one claim of a listing: speaker — “text” — kind, cue.
func printClaim(w io.Writer, c *claims.Claim) {
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
