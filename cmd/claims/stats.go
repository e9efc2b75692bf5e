package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
	"github.com/spf13/cobra"
)

// statsJSON is `claims stats --json`.
type statsJSON struct {
	Store     string         `json:"store"`
	Articles  int            `json:"articles"`
	Claims    int            `json:"claims"`
	ByKind    map[string]int `json:"by_kind"`
	Speakers  int            `json:"speakers"`
	Oldest    string         `json:"oldest,omitempty"`
	Newest    string         `json:"newest,omitempty"`
	DiskBytes int64          `json:"disk_bytes"`
	LSMBytes  int64          `json:"lsm_bytes"`
	VLogBytes int64          `json:"vlog_bytes"`
	Checked   bool           `json:"checked,omitempty"`
}

func newStatsCmd() *cobra.Command {
	var asJSON, check bool
	cmd := &cobra.Command{
		Use:   "stats [--json] [--check]",
		Short: "Count the store's articles, claims by kind and speakers, and its size",
		Long: `stats summarises the store. --check also reads everything and verifies that
every article has all its claims and every index entry points at a claim; it
exits with status 1 if not.`,
		Example: `  claims stats
  claims --db ./claims.db stats --json
  claims stats --check`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, dir, err := openBackend(cmd)
			if err != nil {
				return err
			}
			defer release(cmd, st)
			s, err := st.Stats(cmd.Context())
			if err != nil {
				return err
			}
			if check {
				if err := st.Check(cmd.Context()); err != nil {
					return fmt.Errorf("store %s is inconsistent: %w", dir, err)
				}
			}
			if asJSON {
				j := statsJSON{
					Store: dir, Articles: s.Articles, Claims: s.Claims, ByKind: map[string]int{},
					Speakers: s.Speakers, DiskBytes: s.DiskBytes, LSMBytes: s.LSMBytes, VLogBytes: s.VLogBytes,
					Checked: check,
				}
				for _, k := range claims.Kinds {
					j.ByKind[string(k)] = s.ByKind[k]
				}
				if !s.Oldest.IsZero() {
					j.Oldest, j.Newest = s.Oldest.Format("2006-01-02"), s.Newest.Format("2006-01-02")
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetEscapeHTML(false)
				return enc.Encode(j)
			}
			writeStats(cmd.OutOrStdout(), dir, s, check)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the figures as one JSON object")
	cmd.Flags().BoolVar(&check, "check", false, "also verify the store's consistency (reads everything)")
	addReadOnlyFlag(cmd)
	return cmd
}

func writeStats(w io.Writer, dir string, s store.Stats, checked bool) {
	fmt.Fprintf(w, "store:     %s\n", dir)
	fmt.Fprintf(w, "articles:  %d\n", s.Articles)
	fmt.Fprintf(w, "claims:    %d (direct %d, partial %d, indirect %d)\n", s.Claims,
		s.ByKind[claims.Direct], s.ByKind[claims.Partial], s.ByKind[claims.Indirect])
	fmt.Fprintf(w, "speakers:  %d\n", s.Speakers)
	if !s.Oldest.IsZero() {
		fmt.Fprintf(w, "published: %s to %s\n", s.Oldest.Format("2006-01-02"), s.Newest.Format("2006-01-02"))
	}
	fmt.Fprintf(w, "size:      %s on disk (tables %s, value log %s)\n", humanBytes(s.DiskBytes), humanBytes(s.LSMBytes), humanBytes(s.VLogBytes))
	if checked {
		fmt.Fprintln(w, "check:     consistent")
	}
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
