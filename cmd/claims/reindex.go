package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newReindexCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild every index entry and speaker link from the stored claims",
		Long: `reindex rebuilds the store's indexes and its speaker links from the stored
claims, with the alias file the store remembers: what opening a store of an
older schema does, and what to run after changing the program's word lists.
It works in bounded transactions, and readers meanwhile see the indexes partly
built; an interrupted reindex runs again when the store is next opened.`,
		Example: `  claims reindex
  claims --db ./claims.db reindex`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, dir, err := openOwnStore(cmd, "reindex")
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Reindex(cmd.Context(), nil); err != nil {
				return err // names the store
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "store %s reindexed\n", dir)
			return nil
		},
	}
}
