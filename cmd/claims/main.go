// Command claims turns news articles into a searchable record of who said
// what. Each subcommand is a thin layer over an importable package: extract,
// ingest, store and eval.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// usageError marks errors caused by how the command was called; they exit
// with status 2.
type usageError struct{ error }

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "claims",
		Short: "Find who said what in news articles, store it, and query it",
		Long: `claims extracts quoted and reported statements from news articles,
attributes each to its speaker, stores them, and answers "what did X say?".`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newExtractCmd(),
		newEvalCmd(),
		newIngestCmd(),
		newQueryCmd(), newQuoteCmd(), newSpeakersCmd(), newShowCmd(), newExportCmd(), newStatsCmd(), newReindexCmd(),
		newServeCmd(), newWorkerCmd(), newJobsCmd(),
	)
	addStoreFlags(root)
	return root
}

func main() {
	// SIGTERM (kill, a service manager, a container stopping) stops as
	// Ctrl-C does: what is stored stays, ingest prints its summary.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, which stops cleanly, a second one kills.
		<-ctx.Done()
		stop()
	}()
	err := newRoot().ExecuteContext(exitsAfter(ctx))
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "claims:", err)
	var ue usageError
	var ee exitError
	switch {
	case errors.As(err, &ue):
		os.Exit(2)
	case errors.As(err, &ee):
		os.Exit(ee.code)
	default:
		os.Exit(1)
	}
}

// exitError carries a specific exit status (ingest: 1 when some sources
// failed) once the command has already reported what went wrong.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }
