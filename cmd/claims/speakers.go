package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
	"github.com/spf13/cobra"
)

// speakerLine is one line of `claims speakers --json`: one speaker
// entity. ID is the speaker.entity.id of its claims (formats.md).
type speakerLine struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Claims   int      `json:"claims"`
	Articles int      `json:"articles"`
	Aliases  []string `json:"aliases,omitempty"`
	Titles   []string `json:"titles,omitempty"`
	// First and Last are the dates (YYYY-MM-DD) of the oldest and newest
	// dated claims; absent when all are undated.
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

// speakersFlags are the flags of `claims speakers`.
type speakersFlags struct {
	since, until string
	top          int
	asJSON       bool
	aliases      string
	merge, split bool
}

func newSpeakersCmd() *cobra.Command {
	var f speakersFlags
	cmd := &cobra.Command{
		Use:   "speakers [--top N] [--since DATE] [--until DATE] [--json] [--aliases FILE] | --merge NAME NAME... | --split NAME NAME",
		Short: "List speakers, one row per person or organisation, by number of claims",
		Long: `speakers lists the store's speaker entities, most claims first: each person or
organisation the store links its claims' speakers to, with the number of its
claims and articles, the dates of its first and last claims, the titles
articles gave it and the other forms of its name they used. Generic speakers
("officials", "the company") are no entity and are not listed.

--aliases FILE makes FILE the store's alias file, which the store remembers
and links with from then on: one decision a line, "NAME = NAME" to merge,
"NAME != NAME" to keep apart (see the README). --merge and --split add such a
line to the alias file the store remembers (and to the file itself, when the
store read one), and link again.`,
		Example: `  claims speakers --top 10
  claims speakers --since 7d
  claims speakers --since 2025-05-01 --until 2025-05-31 --json
  claims speakers --merge "Volodymyr Zelensky" "Wolodymyr Selenskyj"
  claims speakers --split "Anton Varga" "Ilona Varga"
  claims speakers --aliases aliases.txt --top 10`,
		Args: usageArgs(func(cmd *cobra.Command, args []string) error {
			switch {
			case f.merge && f.split:
				return errors.New("--merge and --split go one at a time")
			case f.merge && len(args) < 2:
				return errors.New("--merge needs two names or more")
			case f.split && len(args) != 2:
				return errors.New("--split needs two names")
			case !f.merge && !f.split:
				return cobra.NoArgs(cmd, args)
			}
			return nil
		}),
		RunE: f.run,
	}
	fl := cmd.Flags()
	fl.IntVar(&f.top, "top", 0, "only the N speakers with most claims (0: all)")
	fl.StringVar(&f.since, "since", "", "count claims published on or after this date (YYYY-MM-DD, YYYY-MM, RFC 3339, 7d)")
	fl.StringVar(&f.until, "until", "", "count claims published before the end of this date")
	fl.BoolVar(&f.asJSON, "json", false, "one JSON object per entity: id, name, kind, claims, articles, aliases, titles, first, last")
	fl.StringVar(&f.aliases, "aliases", "", "make `FILE` the store's alias file (remembered), then list")
	fl.BoolVar(&f.merge, "merge", false, "add NAME = NAME... to the alias file: one entity")
	fl.BoolVar(&f.split, "split", false, "add NAME != NAME to the alias file: never one entity")
	addReadOnlyFlag(cmd)
	return cmd
}

func (f *speakersFlags) run(cmd *cobra.Command, args []string) error {
	if f.top < 0 {
		return usageError{fmt.Errorf("--top %d: must be 0 or more", f.top)}
	}
	if f.merge || f.split || f.aliases != "" {
		if err := f.editAliases(cmd, args); err != nil || f.merge || f.split {
			return err
		}
	}
	q, st, err := openQuery(cmd, &filterFlags{since: f.since, until: f.until})
	if err != nil {
		return err
	}
	defer release(cmd, st)
	list, err := st.Speakers(cmd.Context(), store.SpeakerQuery{Since: q.Since, Until: q.Until, Top: f.top, Dates: true})
	if err != nil {
		return err
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	if f.asJSON {
		if err := writeSpeakersJSON(out, list); err != nil {
			return err
		}
		return out.Flush()
	}
	if len(list) == 0 {
		fmt.Fprintln(cmd.ErrOrStderr(), "no speakers")
		return nil
	}
	writeSpeakerRows(out, list)
	return out.Flush()
}

func writeSpeakersJSON(w io.Writer, list []store.SpeakerCount) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range list {
		l := speakerLine{ID: s.Key, Name: s.Name, Kind: s.Kind, Claims: s.Claims, Articles: s.Articles,
			Aliases: s.Aliases, Titles: s.Titles, First: day(s.First), Last: day(s.Last)}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

// writeSpeakerRows prints one entity a line, counts right-aligned:
//
//	12  Vladimir Putin — Russian President · 3 articles, 2025-05-10 to 2025-05-20 · also Putin
func writeSpeakerRows(w io.Writer, list []store.SpeakerCount) {
	width := len(fmt.Sprint(list[0].Claims))
	for _, s := range list {
		fmt.Fprintf(w, "%*d  %s", width, s.Claims, singleLine(s.Name))
		if len(s.Titles) > 0 {
			fmt.Fprintf(w, " — %s", singleLine(strings.Join(s.Titles, "; ")))
		}
		arts := fmt.Sprintf("%d articles", s.Articles)
		if s.Articles == 1 {
			arts = "1 article"
		}
		switch first, last := day(s.First), day(s.Last); {
		case first == "":
		case first == last:
			arts += ", " + first
		default:
			arts += ", " + first + " to " + last
		}
		fmt.Fprintf(w, " · %s", arts)
		if len(s.Aliases) > 0 {
			fmt.Fprintf(w, " · also %s", singleLine(strings.Join(s.Aliases, ", ")))
		}
		fmt.Fprintln(w)
	}
}

// day is t as YYYY-MM-DD, or "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// editAliases applies --aliases, --merge or --split to the store, which
// it opens for writing: the alias file decides how the whole store is
// linked, so a server holding the store must be stopped first.
func (f *speakersFlags) editAliases(cmd *cobra.Command, args []string) error {
	st, dir, err := openOwnStore(cmd, "change the alias file")
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	if f.aliases != "" {
		path, err := filepath.Abs(f.aliases)
		if err != nil {
			return fmt.Errorf("--aliases %s: %w", f.aliases, err)
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("--aliases: %w", err)
		}
		if err := st.SetAliases(ctx, path, text); err != nil {
			return fmt.Errorf("--aliases: %w", err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "store %s links with the alias file %s\n", dir, path)
	}
	if !f.merge && !f.split {
		return nil
	}
	return addAliasLine(cmd, st, aliasLine(f.split, args))
}

// aliasLine is the alias file line of a --merge or --split of names.
func aliasLine(split bool, names []string) string {
	clean := make([]string, len(names))
	for i, n := range names {
		clean[i] = strings.Join(strings.Fields(n), " ")
	}
	if split {
		return strings.Join(clean, " != ")
	}
	return strings.Join(clean, " = ")
}

// addAliasLine appends line to the store's alias file, and to the file
// on disk the store read it from, if any; a line the file refuses
// changes neither.
func addAliasLine(cmd *cobra.Command, st *store.Store, line string) error {
	ctx := cmd.Context()
	path, text, err := st.Aliases(ctx)
	if err != nil {
		return err
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text += line + "\n"
	name := path
	if name == "" {
		name = "the store's alias file"
	}
	if err := st.SetAliases(ctx, path, []byte(text)); err != nil {
		return fmt.Errorf("%s: adding %q: %w", name, line, err)
	}
	if path != "" {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return fmt.Errorf("the store links with %q, but its alias file was not updated: %w", line, err)
		}
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "%s: added %s\n", name, line)
	return nil
}

// openOwnStore opens the store for writing in this process, for what a
// server holding it cannot do for a client (what: "reindex"): it must be
// stopped first.
func openOwnStore(cmd *cobra.Command, what string) (*store.Store, string, error) {
	b, dir, err := openBackendWith(cmd, store.Options{MustExist: true})
	if err != nil {
		return nil, dir, err
	}
	st, ok := b.(*store.Store)
	if !ok {
		b.Close()
		where := fmt.Sprintf("%T", b)
		if c, ok := b.(*server.Client); ok {
			where = c.URL()
		}
		return nil, dir, fmt.Errorf("store %s is held by claims serve (%s): stop it to %s", dir, where, what)
	}
	return st, dir, nil
}
