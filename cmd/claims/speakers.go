package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claims-project/claims/store"
	"github.com/spf13/cobra"
)

// speakerLine is one line of `claims speakers --json`.
type speakerLine struct {
	Name   string   `json:"name"`
	Key    string   `json:"key"`
	Claims int      `json:"claims"`
	Titles []string `json:"titles,omitempty"`
}

func newSpeakersCmd() *cobra.Command {
	var since, until string
	var top int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "speakers [--top N] [--since DATE] [--until DATE] [--json]",
		Short: "List speakers by number of claims, with their titles",
		Long: `speakers counts the stored claims of each speaker, most first. Speakers are
grouped by name with case, accents, punctuation and leading titles ignored, and
shown by the spelling articles use most, with every title articles gave them.
A claim with several speakers counts for each.`,
		Example: `  claims speakers --top 10
  claims speakers --since 7d
  claims speakers --since 2025-05-01 --until 2025-05-31 --json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if top < 0 {
				return usageError{fmt.Errorf("--top %d: must be 0 or more", top)}
			}
			q, st, err := openQuery(cmd, &filterFlags{since: since, until: until})
			if err != nil {
				return err
			}
			defer release(cmd, st)
			list, err := st.Speakers(cmd.Context(), store.SpeakerQuery{Since: q.Since, Until: q.Until, Top: top})
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				for _, s := range list {
					if err := enc.Encode(speakerLine{s.Name, s.Key, s.Claims, s.Titles}); err != nil {
						return err
					}
				}
				return out.Flush()
			}
			if len(list) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "no speakers")
				return nil
			}
			// Counts right-aligned, then the name, then its titles:
			//   12  Vladimir Putin — Russian President
			width := len(fmt.Sprint(list[0].Claims))
			for _, s := range list {
				fmt.Fprintf(out, "%*d  %s", width, s.Claims, singleLine(s.Name))
				if len(s.Titles) > 0 {
					fmt.Fprintf(out, " — %s", singleLine(strings.Join(s.Titles, "; ")))
				}
				fmt.Fprintln(out)
			}
			return out.Flush()
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&top, "top", 0, "only the N speakers with most claims (0: all)")
	fl.StringVar(&since, "since", "", "count claims published on or after this date (YYYY-MM-DD, YYYY-MM, RFC 3339, 7d)")
	fl.StringVar(&until, "until", "", "count claims published before the end of this date")
	fl.BoolVar(&asJSON, "json", false, "one JSON object per speaker: name, key, claims, titles")
	addReadOnlyFlag(cmd)
	return cmd
}
