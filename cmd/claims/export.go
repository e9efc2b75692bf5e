package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
			q, st, err := openQuery(cmd, &f)
			if err != nil {
				return err
			}
			defer release(cmd, st)
			var n int
			if output != "" && output != "-" {
				n, err = exportToFile(cmd.Context(), st, q, format, output)
			} else {
				n, err = store.ExportFrom(cmd.Context(), st, q, format, cmd.OutOrStdout())
			}
			if err != nil {
				return queryError(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "exported %d claims\n", n)
			return nil
		},
	}
	f.register(cmd, 0)
	cmd.Flags().StringVar(&format, "format", store.FormatJSONL, "jsonl or csv")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output (replaced only once the export is complete)")
	addReadOnlyFlag(cmd)
	return cmd
}

// exportToFile writes the export to a temporary file next to path and
// renames it into place only when the export is complete, so that a bad
// query, a failure or Ctrl-C never leaves a truncated file, nor destroys
// one the user already had under that name.
func exportToFile(ctx context.Context, st store.Querier, q store.Query, format, path string) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	n, err := store.ExportFrom(ctx, st, q, format, tmp)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export to %s: %w", path, cerr)
	}
	if err == nil {
		// CreateTemp makes the file private; an export is an ordinary file.
		if err = os.Chmod(tmp.Name(), 0o644); err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			err = fmt.Errorf("export to %s: %w", path, err)
		}
	}
	if err != nil {
		os.Remove(tmp.Name())
		return n, err
	}
	return n, nil
}
