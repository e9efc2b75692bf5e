package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
	"github.com/spf13/cobra"
)

// addStoreFlags gives every command the --db flag; commands that use the
// store resolve it with storeDir.
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

// addReadOnlyFlag gives a reading command --read-only.
func addReadOnlyFlag(cmd *cobra.Command) {
	cmd.Flags().Bool("read-only", false, "open a store no process is writing without write access to it (nothing is written)")
}

// openBackend opens the store a reading command uses: through the claims
// server holding it when there is one, else directly, read-only unless
// Badger must repair it first, and always read-only with --read-only.
func openBackend(cmd *cobra.Command) (server.Backend, string, error) {
	opts := store.Options{MustExist: true, Reading: true}
	if f := cmd.Flags().Lookup("read-only"); f != nil && f.Value.String() == "true" {
		opts.ReadOnly = true
	}
	return openBackendWith(cmd, opts)
}

// openBackendWith resolves the store directory and opens it with opts,
// or reaches the server holding it (server.Open decides), and says which
// on stderr. Badger's warnings go to stderr.
func openBackendWith(cmd *cobra.Command, opts store.Options) (server.Backend, string, error) {
	dir, err := storeDir(cmd)
	if err != nil {
		return nil, "", err
	}
	opts.Logger = warnLogger(cmd)
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	b, err := server.Open(ctx, dir, opts)
	if c, ok := b.(*server.Client); ok && err == nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "using store %s through claims serve at %s\n", dir, c.URL())
	} else {
		fmt.Fprintf(cmd.ErrOrStderr(), "using store %s\n", dir)
	}
	if err != nil {
		return nil, dir, err
	}
	return b, dir, nil
}

// exitKey marks a command's context in a process that exits when the
// command returns (main), unlike a test that runs commands one after
// another in its own process.
type exitKey struct{}

func exitsAfter(ctx context.Context) context.Context {
	return context.WithValue(ctx, exitKey{}, true)
}

// release closes the backend a reading command opened, at its end: except
// a store opened read-only in a process that exits next, which holds
// nothing that the exit does not release as well (no write is pending, its
// locks are flocks and its files memory maps), while closing it unmaps its
// table and value-log files one by one, with a TLB flush on every core for
// each: a sixth of the CPU time of claims query on a store of 50,000
// articles.
func release(cmd *cobra.Command, b server.Backend) {
	if s, ok := b.(*store.Store); ok && s.ReadOnly() && cmd.Context() != nil && cmd.Context().Value(exitKey{}) != nil {
		return
	}
	b.Close()
}

func warnLogger(cmd *cobra.Command) *slog.Logger {
	return slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))
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
