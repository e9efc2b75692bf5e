package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/claims-project/claims/store"
	"github.com/spf13/cobra"
)

func newExportCmd() *cobra.Command {
	var f filterFlags
	var format, output string
	cmd := &cobra.Command{
		Use:   "export --format jsonl|csv [filters] [-o FILE]",
		Short: "Write every stored claim (or those matching filters) as JSON Lines or CSV",
		Long: `export streams claims out of the store, newest first, in constant memory
however large the store. It takes the same filters as claims query, with no
limit by default.

jsonl is the format of claims query --json: one claim per line with its
article (without text). csv has a header row and one row per claim: id,
published, site, article id, URL and title, speaker, title and type, all
speakers, kind, text, offsets, cue, confidence and entities; lists are
separated by "; ".`,
		Example: `  claims export --format jsonl > claims.jsonl
  claims export --format csv -o putin.csv --speaker Putin
  claims export --format csv --since 2025-05-01 --site reuters.com`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != store.FormatJSONL && format != store.FormatCSV {
				return usageError{fmt.Errorf("--format %q: want jsonl or csv", format)}
			}
			q, err := f.query(time.Now())
			if err != nil {
				return err
			}
			st, _, err := openExistingStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var w io.Writer = cmd.OutOrStdout()
			var file *os.File
			if output != "" && output != "-" {
				if file, err = os.Create(output); err != nil {
					return fmt.Errorf("export: %w", err)
				}
				w = file
			}
			n, err := st.Export(cmd.Context(), q, format, w)
			if file != nil {
				if cerr := file.Close(); err == nil && cerr != nil {
					err = fmt.Errorf("export: %w", cerr)
				}
			}
			if errors.Is(err, store.ErrBadQuery) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "exported %d claims\n", n)
			return nil
		},
	}
	f.register(cmd, 0)
	cmd.Flags().StringVar(&format, "format", store.FormatJSONL, "jsonl or csv")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}
