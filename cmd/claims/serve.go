package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
)

func newServeCmd() *cobra.Command {
	var addr, token string
	var nf natsFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--token TOKEN]",
		Short: "Serve the store: web pages to search it, a JSON API, and writes for other claims commands",
		Long: `serve opens the store and serves it over HTTP until Ctrl-C or SIGTERM, then
closes it cleanly. Its first line on stderr is "listening on http://HOST:PORT".

While it runs, claims query, speakers, show, stats and export on the same store
read through it, and claims ingest sends it the articles it extracts, so that
nothing says the store is in use. The store's lock says where it listens.

Pages: / (search), /speakers/ID, /articles/ID, /quotes/ID. The JSON API
(/api/claims, /api/speakers, /api/articles/ID, /api/stats, POST /api/ingest,
/api/jobs/ID, /healthz) returns the objects of claims query --json.

It binds to loopback unless told otherwise; any other address needs --token
(or $CLAIMS_TOKEN), and then every request must carry it. POST requests need
the token on loopback too: without --token one is made up and kept, readable
only by you, in the store directory as claims.token.

With --nats URL (a JetStream server or cluster) or --nats-embed (one inside
serve, its data in the store directory, reachable by workers elsewhere at
--nats-listen), serve also sets up the work queue and stores the results of
claims worker processes; claims ingest --nats enqueues, claims jobs shows.
With --nats-listen, serve's third line on stderr is "nats listening on URL",
said once the queue is set up, so that workers started then find it.`,
		Example: `  # serve the default store on http://127.0.0.1:8080 until Ctrl-C:  claims serve
  # beyond loopback, with a token:  CLAIMS_TOKEN=s3cret claims serve --addr 0.0.0.0:8080
  # POST needs the token: curl -H "Authorization: Bearer $(cat STORE/claims.token)" \
  #   -H 'Content-Type: application/json' -d '{"sources":["URL"]}' http://127.0.0.1:8080/api/ingest
  # on any free port, a command through it, then a clean stop:
  # one machine with workers:  claims serve --nats-embed --nats-listen 127.0.0.1:4222
  claims serve --addr 127.0.0.1:0 2> serve.log & for i in $(seq 50); do grep -q ^serving serve.log && break; sleep 0.2; done; claims stats; kill %1; wait`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if token == "" {
				token = os.Getenv("CLAIMS_TOKEN")
			}
			if err := nf.validate(token); err != nil {
				return usageError{err}
			}
			return runServe(cmd, addr, token, nf)
		},
	}
	nf.add(cmd)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (port 0: any free port)")
	cmd.Flags().StringVar(&token, "token", "", "token every POST (and, off loopback, every request) must carry (default $CLAIMS_TOKEN)")
	return cmd
}

func runServe(cmd *cobra.Command, addr, token string, nf natsFlags) (err error) {
	loopback := server.IsLoopback(addr)
	if !loopback && token == "" {
		return usageError{fmt.Errorf("--addr %s is not a loopback address: give --token or $CLAIMS_TOKEN, which every request will then need", addr)}
	}
	dir, err := storeDir(cmd)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	// Group commit: each writer syncs when what it wrote must be durable
	// (POST /api/articles after each article, ingest jobs and the queue's
	// writer after each batch), so that a batch is synced once.
	st, err := store.Open(dir, store.Options{GroupCommit: true, Logger: warnLogger(cmd), CacheBytes: server.StoreCacheBytes})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err == nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "stopped; store %s closed\n", dir)
		}
	}()
	if token == "" {
		token = server.NewToken()
	}
	stderr := cmd.ErrOrStderr()
	// The queue is set up before the server says it is listening: a
	// worker or an ingest started on reading "nats listening on" finds
	// the queue there, where before Setup it would stop with ErrNoQueue.
	var q *queueWriter
	if nf.url != "" || nf.embed {
		if q, err = startQueue(ctx, stderr, nf, token, dir, st); err != nil {
			return err
		}
		// The writer stops before the embedded server and the store close.
		defer q.close()
	}
	srv, err := server.New(server.Options{
		Store: st, Ingester: &serveIngester{st: st, models: extract.NewModels()}, Token: token,
		TokenForReads: !loopback, Loopback: loopback,
		Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Ready: func(url string) {
			fmt.Fprintf(stderr, "listening on %s\n", url)
			fmt.Fprintf(stderr, "serving store %s; POST requests need the token in %s\n", dir, filepath.Join(dir, server.TokenFile))
			if q != nil && q.url != "" {
				fmt.Fprintf(stderr, "nats listening on %s\n", q.url)
			}
		},
	})
	if err != nil {
		return err
	}
	return serveWithQueue(ctx, srv, ln, q)
}

// serveWithQueue serves, and with --nats or --nats-embed also stores the
// results of the queue's workers, until ctx ends.
func serveWithQueue(ctx context.Context, srv *server.Server, ln net.Listener, q *queueWriter) error {
	if q == nil {
		if err := srv.Serve(ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		return nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return q.writer.Run(gctx) })
	g.Go(func() error { return srv.Serve(gctx, ln) })
	if err := g.Wait(); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// serveIngester runs POST /api/ingest jobs through the ingest pipeline
// into the served store. The models are loaded by the first job.
type serveIngester struct {
	st     *store.Store
	models *extract.Models
}

func (i *serveIngester) Ingest(ctx context.Context, sources []string, refresh bool, p *server.Progress) error {
	ex, err := i.models.New()
	if err != nil {
		return fmt.Errorf("load extractor: %w", err)
	}
	// No heap limit: the server's block cache is Go heap, larger than a
	// CLI ingest's limit, and jobs may run side by side.
	opts := ingest.Options{Refresh: refresh, Observer: progressCounter{p}, MemoryLimit: -1}
	_, err = ingest.New(newStoreSink(i.st), ex, opts).Run(ctx, sources)
	return err
}

// progressCounter counts a job's outcomes into its server.Progress.
type progressCounter struct{ p *server.Progress }

func (c progressCounter) Queued() { c.p.Queued.Add(1) }

func (c progressCounter) Done(o ingest.Outcome) {
	switch o.Status {
	case ingest.Stored:
		c.p.Stored.Add(1)
		c.p.Claims.Add(int64(len(o.Claims)))
	case ingest.Skipped:
		c.p.Skipped.Add(1)
	default:
		c.p.Failed.Add(1)
	}
}
