package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
	"github.com/spf13/cobra"
)

// filterFlags are the claim filters query and export share.
type filterFlags struct {
	speaker, about, site, contains string
	since, until                   string
	kinds                          []string
	exact                          bool
	limit                          int
}

func (f *filterFlags) register(cmd *cobra.Command, defaultLimit int) {
	fl := cmd.Flags()
	fl.StringVar(&f.speaker, "speaker", "", "claims by this speaker (case, accents, titles like Mr. ignored; \"Putin\" finds \"Vladimir Putin\")")
	fl.BoolVar(&f.exact, "exact", false, "match --speaker and --about exactly as stored: full canonical name, case and accents significant")
	fl.StringVar(&f.about, "about", "", "claims whose content names this person, organisation or place")
	fl.StringVar(&f.site, "site", "", "claims from articles on this site (e.g. reuters.com)")
	fl.StringSliceVar(&f.kinds, "kind", nil, "only these kinds: direct, partial, indirect (repeat or comma-separate)")
	fl.StringVar(&f.contains, "contains", "", "claims whose text contains these words, in this order")
	fl.StringVar(&f.since, "since", "", "published on or after: YYYY-MM-DD, YYYY-MM, RFC 3339, or a duration ago (7d, 2w, 36h)")
	fl.StringVar(&f.until, "until", "", "published before the end of: YYYY-MM-DD, YYYY-MM, RFC 3339, or a duration ago")
	fl.IntVar(&f.limit, "limit", defaultLimit, "stop after this many claims (0: no limit)")
}

// query turns the flags into a store query; errors are usage errors.
func (f *filterFlags) query(now time.Time) (store.Query, error) {
	q := store.Query{
		Speaker: f.speaker, About: f.about, Exact: f.exact, Site: f.site,
		Contains: f.contains, Limit: f.limit,
	}
	if f.limit < 0 {
		return q, usageError{fmt.Errorf("--limit %d: must be 0 or more", f.limit)}
	}
	for _, k := range f.kinds {
		kind := claims.Kind(strings.ToLower(strings.TrimSpace(k)))
		if !kind.Valid() {
			return q, usageError{fmt.Errorf("--kind %q: want direct, partial or indirect", k)}
		}
		q.Kinds = append(q.Kinds, kind)
	}
	var err error
	if f.since != "" {
		if q.Since, _, err = parseDate(f.since, now); err != nil {
			return q, usageError{fmt.Errorf("--since: %w", err)}
		}
	}
	if f.until != "" {
		start, end, err := parseDate(f.until, now)
		if err != nil {
			return q, usageError{fmt.Errorf("--until: %w", err)}
		}
		// A calendar date or month names a period the user wants included.
		q.Until = end
		if end.IsZero() {
			q.Until = start
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, usageError{fmt.Errorf("--since %s is not before --until %s", f.since, f.until)}
	}
	return q, nil
}

// parseDate reads a date flag. It returns the instant the value starts at
// and, for calendar periods (a year, month or day), the instant the period
// ends (exclusive); end is zero for instants and durations. Calendar dates
// are UTC.
func parseDate(s string, now time.Time) (start, end time.Time, err error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, time.Time{}, nil
		}
	}
	periods := []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	}
	for _, p := range periods {
		if t, err := time.Parse(p.layout, s); err == nil {
			return t, p.next(t), nil
		}
	}
	if d, ok := parseAgo(s); ok {
		return now.Add(-d), time.Time{}, nil
	}
	return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD, YYYY-MM, YYYY, RFC 3339) or a duration (7d, 2w, 36h)", s)
}

// parseAgo reads "7d", "2w" and Go durations ("36h", "90m").
func parseAgo(s string) (time.Duration, bool) {
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		v, err := strconv.Atoi(s[:n-1])
		if err != nil || v < 0 || v > 100_000 {
			return 0, false
		}
		day := 24 * time.Hour
		if s[n-1] == 'w' {
			day *= 7
		}
		return time.Duration(v) * day, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d >= 0
}

func newQueryCmd() *cobra.Command {
	var f filterFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "query [--speaker NAME] [filters] [--json]",
		Short: "Show stored claims: what did someone say, about whom, where, when",
		Long: `query prints the stored claims that match every filter given, newest first
(by the article's publication date; undated articles last).

--speaker and --about ignore case, accents, punctuation and leading titles
(Mr., Dr., ...), and accept short forms: "Putin" finds "Vladimir Putin", and
"Vladimir Putin" finds an article that only says "Mr. Putin". --exact turns
all of that off: the name must equal the stored canonical name, byte for byte.

--since and --until filter by publication date and leave out undated
articles. A calendar date, month or year given to --until is included.

The readable output shows one block per claim; --json prints one claim per
line in the claims JSON format (formats.md), with its article (without text) as
"article".`,
		Example: `  claims query --speaker Putin
  claims query --speaker "Élisabeth Bédier" --exact --json
  claims query --speaker Trump --about Putin --since 2025-05-01
  claims query --about "NATO" --site reuters.com --kind direct --limit 5
  claims query --contains ceasefire --since 7d`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runQuery(cmd, &f, asJSON) },
	}
	f.register(cmd, 20)
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON claim per line, with its article")
	addReadOnlyFlag(cmd)
	return cmd
}

// runQuery is claims query: it prints the claims that match f, as blocks
// for people or as JSON lines, and says on stderr when there are none or
// the limit cut the list short.
func runQuery(cmd *cobra.Command, f *filterFlags, asJSON bool) error {
	q, st, err := openQuery(cmd, f)
	if err != nil {
		return err
	}
	defer release(cmd, st)
	if err := noteSpeakers(cmd, st, q); err != nil {
		return queryError(err)
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	n := 0
	var enc *json.Encoder
	if asJSON {
		enc = json.NewEncoder(out)
		enc.SetEscapeHTML(false)
	}
	// One claim more than the limit is read, not printed, to tell whether
	// the output was cut short.
	limit, more := q.Limit, false
	if limit > 0 {
		q.Limit = limit + 1
	}
	err = st.Query(cmd.Context(), q, func(r store.Result) error {
		if limit > 0 && n == limit {
			more = true
			return nil
		}
		n++
		if asJSON {
			return enc.Encode(store.NewLine(r))
		}
		if n > 1 {
			out.WriteString("\n")
		}
		writeClaimBlock(out, r)
		return nil
	})
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return queryError(err)
	}
	if n == 0 {
		fmt.Fprintln(cmd.ErrOrStderr(), "no claims match")
	} else if more {
		// On stderr, so that it also warns a script reading --json.
		fmt.Fprintf(cmd.ErrOrStderr(), "(first %d; --limit 0 for all)\n", n)
	}
	return nil
}

// noteSpeakers says on stderr which speakers a --speaker name means when
// it means several, whose claims the answer merges (newest first), so
// that a reader knows "Varga" gave the claims of two people and which
// name to ask for instead.
func noteSpeakers(cmd *cobra.Command, st server.Backend, q store.Query) error {
	if q.Speaker == "" || q.Exact {
		return nil
	}
	list, err := st.Speakers(cmd.Context(), store.SpeakerQuery{Name: q.Speaker})
	if err != nil || len(list) < 2 {
		return err
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = fmt.Sprintf("%s (%d claims)", singleLine(s.Name), s.Claims)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "%q names %d speakers: %s; their claims follow together, newest first\n",
		q.Speaker, len(list), strings.Join(names, ", "))
	return nil
}

// queryError makes a query the store rejects (store.ErrBadQuery) a usage
// error, with exit status 2: the flags asked for something impossible.
func queryError(err error) error {
	if errors.Is(err, store.ErrBadQuery) {
		return usageError{err}
	}
	return err
}

// openQuery turns the filter flags into a store query and opens the store
// for reading, in that order, so that a mistyped flag is a usage error
// before any store is opened. The caller closes the store.
func openQuery(cmd *cobra.Command, f *filterFlags) (store.Query, server.Backend, error) {
	q, err := f.query(time.Now())
	if err != nil {
		return q, nil, err
	}
	st, _, err := openBackend(cmd)
	if err != nil {
		return q, nil, err
	}
	return q, st, nil
}

// writeClaimBlock prints one claim for people:
//
//	2025-05-20 · reuters.com · Vladimir Putin (Russian President)
//	  “Moscow and Kyiv would develop a unified text” (indirect, said)
//	  Putin says talks on track — https://www.reuters.com/...
func writeClaimBlock(w io.Writer, r store.Result) {
	c, a := &r.Claim, &r.Article
	head := []string{"undated"}
	if !a.Published.IsZero() {
		head[0] = a.Published.UTC().Format("2006-01-02")
	}
	if a.Site != "" {
		head = append(head, a.Site)
	}
	head = append(head, speakerLabel(c))
	fmt.Fprintln(w, strings.Join(head, " · "))
	detail := string(c.Kind)
	if c.Cue != nil && c.Cue.Text != "" {
		detail += ", " + c.Cue.Text
	}
	fmt.Fprintf(w, "  “%s” (%s)\n", singleLine(c.Text), detail)
	fmt.Fprintf(w, "  %s\n", articleLabel(a))
}

// speakerLabel names every speaker of a claim with its title.
func speakerLabel(c *claims.Claim) string {
	var names []string
	seen := map[string]bool{}
	add := func(s claims.Speaker) {
		if s.Name == "" || seen[s.Name] {
			return
		}
		seen[s.Name] = true
		n := singleLine(s.Name)
		if s.Title != "" {
			n += " (" + singleLine(s.Title) + ")"
		}
		names = append(names, n)
	}
	if c.Speaker != nil {
		add(*c.Speaker)
	}
	for _, s := range c.Speakers {
		add(s)
	}
	if len(names) == 0 {
		return "unattributed"
	}
	return strings.Join(names, ", ")
}

// articleLabel is the article's title and where it came from.
func articleLabel(a *claims.Article) string {
	where := a.URL
	if where == "" {
		where = a.Path
	}
	switch {
	case a.Title != "" && where != "":
		return singleLine(a.Title) + " — " + where
	case a.Title != "":
		return singleLine(a.Title) + " — " + a.ID
	case where != "":
		return where
	}
	return a.ID
}

// singleLine keeps a block's layout when stored text has line breaks.
func singleLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
