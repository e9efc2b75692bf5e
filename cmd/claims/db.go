package main

import (
	"fmt"
	"log/slog"

	"github.com/claims-project/claims/store"
	"github.com/spf13/cobra"
)

// addStoreFlags gives every command the --db flag; commands that use the
// store resolve it with openStore.
func addStoreFlags(root *cobra.Command) {
	root.PersistentFlags().String("db", "",
		"store directory (default $CLAIMS_DB, else $XDG_DATA_HOME/claims, i.e. ~/.local/share/claims)")
}

// storeDir resolves --db, then $CLAIMS_DB, then the user's data directory.
func storeDir(cmd *cobra.Command) (string, error) {
	if f := cmd.Flag("db"); f != nil && f.Value.String() != "" {
		return f.Value.String(), nil
	}
	dir, err := store.DefaultDir()
	if err != nil {
		return "", err
	}
	return dir, nil
}

// openStore opens (creating if needed) the store the command should use
// and says which on stderr. Badger's warnings go to stderr via slog.
func openStore(cmd *cobra.Command) (*store.Store, string, error) {
	return openStoreWith(cmd, store.Options{})
}

// openExistingStore is openStore for commands that only read: a store
// that does not exist is an error, not created empty.
func openExistingStore(cmd *cobra.Command) (*store.Store, string, error) {
	return openStoreWith(cmd, store.Options{MustExist: true})
}

func openStoreWith(cmd *cobra.Command, opts store.Options) (*store.Store, string, error) {
	dir, err := storeDir(cmd)
	if err != nil {
		return nil, "", err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "using store %s\n", dir)
	opts.Logger = slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := store.Open(dir, opts)
	if err != nil {
		return nil, dir, err
	}
	return st, dir, nil
}

// usageArgs makes cobra's argument checks usage errors (exit status 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
