package store

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/claims-project/claims"
)

// Line is one line of `claims query --json` and `claims export --format
// jsonl`: the claim's own fields with its article (without text) attached,
// as formats.md specifies.
type Line struct {
	claims.Claim
	Article claims.Article `json:"article"`
}

// NewLine builds the output line of a result; the article text is dropped.
func NewLine(r Result) Line {
	a := r.Article
	a.Text = ""
	return Line{Claim: SpecClaim(r.Claim), Article: a}
}

// SpecClaim returns c as formats.md prints it: quotes is an array, empty
// for an indirect claim, never null, whatever the claim was stored with.
func SpecClaim(c claims.Claim) claims.Claim {
	if c.Quotes == nil {
		c.Quotes = []claims.Span{}
	}
	return c
}

// Formats Export writes.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// CSVHeader is the first row of a CSV export. Offsets are code points
// into the article text, as everywhere.
var CSVHeader = []string{
	"id", "published", "site", "article_id", "article_url", "article_path", "article_title",
	"speaker", "speaker_title", "speaker_type", "speakers", "kind", "text",
	"start", "end", "cue", "confidence", "entities",
}

// Export streams every claim matching q to w in format (FormatJSONL or
// FormatCSV) and returns how many it wrote. Memory stays constant however
// many claims there are: each claim is encoded and written as it is read.
func (s *Store) Export(ctx context.Context, q Query, format string, w io.Writer) (int, error) {
	return ExportFrom(ctx, s, q, format, w)
}

// Querier answers a Query as Store.Query does; a client of a server that
// holds the store is one too.
type Querier interface {
	Query(ctx context.Context, q Query, fn func(Result) error) error
}

// ExportFrom is Export over any Querier.
func ExportFrom(ctx context.Context, s Querier, q Query, format string, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := 0
	var err error
	switch format {
	case FormatJSONL:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		err = s.Query(ctx, q, func(r Result) error {
			n++
			return enc.Encode(NewLine(r))
		})
	case FormatCSV:
		cw := csv.NewWriter(bw)
		if err := cw.Write(CSVHeader); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
		err = s.Query(ctx, q, func(r Result) error {
			n++
			if err := cw.Write(CSVRow(r)); err != nil {
				return err
			}
			// csv.Writer buffers internally; flushing into the bufio
			// layer keeps its memory flat.
			cw.Flush()
			return cw.Error()
		})
	default:
		return 0, fmt.Errorf("%w: export format %q (want jsonl or csv)", ErrBadQuery, format)
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// CSVRow is the CSV row of a result, in CSVHeader's column order.
func CSVRow(r Result) []string {
	c, a := &r.Claim, &r.Article
	var published string
	if !a.Published.IsZero() {
		published = a.Published.UTC().Format(time.RFC3339)
	}
	var spName, spTitle, spType, cue string
	if c.Speaker != nil {
		spName, spTitle, spType = c.Speaker.Name, c.Speaker.Title, c.Speaker.Type
	}
	if c.Cue != nil {
		cue = c.Cue.Text
	}
	var speakers, entities []string
	for _, sp := range claimSpeakers(c) {
		speakers = append(speakers, sp.Name)
	}
	for _, e := range c.Entities {
		entities = append(entities, e.Name)
	}
	return []string{
		c.ID, published, csvText(a.Site), a.ID, csvText(a.URL), csvText(a.Path), csvText(a.Title),
		csvText(spName), csvText(spTitle), spType, csvText(strings.Join(speakers, "; ")), string(c.Kind), csvText(c.Text),
		strconv.Itoa(c.Start), strconv.Itoa(c.End), csvText(cue),
		strconv.FormatFloat(c.Confidence, 'f', -1, 64), csvText(strings.Join(entities, "; ")),
	}
}

// csvText guards a cell of article text against spreadsheet formula
// injection: a cell that a spreadsheet would run as a formula (=, +, @,
// a tab or carriage return first, or - not starting a number) gets a
// leading apostrophe, which spreadsheets hide and which keeps it text.
func csvText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}
