// The roles of claims on NATS JetStream (ingest/queue): serve --nats
// stores results, worker works, ingest --nats enqueues, jobs shows.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/claims-project/claims/extract"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/ingest/queue"
	"github.com/claims-project/claims/store"
	storeserver "github.com/claims-project/claims/store/server"
)

// natsFlags are serve's JetStream options.
type natsFlags struct {
	url      string
	embed    bool
	listen   string
	ackWait  time.Duration
	replicas int
}

func (f *natsFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.url, "nats", "", "store the results of claims workers from the JetStream server at `URL` (nats://[TOKEN@]HOST:PORT, several comma-separated for a cluster)")
	fl.BoolVar(&f.embed, "nats-embed", false, "run a JetStream server inside serve, its data in the store directory (nats/)")
	fl.StringVar(&f.listen, "nats-listen", "", "with --nats-embed, where workers connect: `HOST:PORT` (port 0: any free port); beyond loopback it needs --token, which workers put in the URL")
	fl.IntVar(&f.replicas, "nats-replicas", 1, "copies of every stream and bucket: 3 on a cluster of three or more, so that a node may stop")
	fl.DurationVar(&f.ackWait, "ack-wait", 0, "how long a worker may hold a source without a sign of life before another gets it (default 30s)")
}

func (f natsFlags) validate(token string) error {
	switch {
	case f.url != "" && f.embed:
		return errors.New("--nats and --nats-embed: give one")
	case f.listen != "" && !f.embed:
		return errors.New("--nats-listen needs --nats-embed")
	case f.listen != "" && !storeserver.IsLoopback(f.listen) && token == "":
		return fmt.Errorf("--nats-listen %s is not a loopback address: give --token or $CLAIMS_TOKEN, which workers then put in the URL", f.listen)
	}
	return nil
}

// queueWriter is serve's part of the queue: perhaps an embedded server,
// and the writer storing results into the store.
type queueWriter struct {
	srv    *server.Server
	nc     *nats.Conn
	writer *queue.Writer
	// url is where workers connect to the embedded server: empty without
	// --nats-listen or with --nats.
	url string
}

// startQueue connects (or starts the embedded server), sets the queue
// up, and returns the writer to run.
func startQueue(ctx context.Context, stderr io.Writer, f natsFlags, token, dir string, st *store.Store) (*queueWriter, error) {
	q := &queueWriter{}
	var js jetstream.JetStream
	var err error
	if f.embed {
		o := queue.ServerOptions{Dir: filepath.Join(dir, "nats"), Listen: f.listen, Name: "claims-serve"}
		if f.listen != "" && !storeserver.IsLoopback(f.listen) {
			o.Token = token
		}
		if q.srv, err = queue.StartServer(o); err != nil {
			return nil, err
		}
		q.nc, js, err = queue.ConnectInProcess(q.srv, "claims serve")
	} else {
		q.nc, js, err = queue.Connect(ctx, f.url, "claims serve")
	}
	if err == nil {
		err = queue.Setup(ctx, js, queue.Config{AckWait: f.ackWait, Replicas: f.replicas})
	}
	if err == nil {
		log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		q.writer, err = queue.NewWriter(ctx, js, newStoreSink(st), queue.WriterOptions{Log: log})
	}
	if err != nil {
		q.close()
		return nil, err
	}
	if q.srv != nil {
		q.url = queue.ClientURL(q.srv)
	}
	return q, nil
}

func (q *queueWriter) close() {
	if q == nil {
		return
	}
	if q.nc != nil {
		q.nc.Close()
	}
	if q.srv != nil {
		q.srv.Shutdown()
		q.srv.WaitForShutdown()
	}
}

func newWorkerCmd() *cobra.Command {
	var url, name string
	var fetchers, extractors, hold int
	var f ingestFlags
	cmd := &cobra.Command{
		Use:   "worker --nats URL [--fetchers N] [--extractors N]",
		Short: "Work on the sources of claims ingest --nats: fetch, extract, hand the results to claims serve",
		Long: `worker takes sources from the work queue on the JetStream server at --nats,
fetches them (politely, as ingest does, with the rate limit and robots.txt
shared by every worker of the queue), finds their main text and claims, and
publishes the result for claims serve --nats to store. A source is
acknowledged only once its result is stored by JetStream: a worker killed
mid-source loses nothing, another gets it after the ack wait. Run any number,
on any number of machines. Ctrl-C or SIGTERM stops it; what it held goes back
to the queue.`,
		Example: `  # on each worker machine:  claims worker --nats nats://TOKEN@nats-1:4222 --fetchers 16 --extractors 2
  # all on one machine (stderr of serve says the URL): claims serve --nats-embed --nats-listen 127.0.0.1:4222
  #   then: claims worker --nats nats://127.0.0.1:4222 & claims ingest --nats nats://127.0.0.1:4222 --wait DIR`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				return usageError{errors.New("worker: --nats URL is required")}
			}
			f.fetchers, f.workers = fetchers, extractors
			if hold <= 0 {
				hold = 4 * (fetchers + extractors)
			}
			if err := f.validate(); err != nil {
				return usageError{err}
			}
			return runWorker(cmd, url, name, hold, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&url, "nats", "", "the JetStream server (`URL`)")
	fl.StringVar(&name, "name", "", "this worker's name in claims jobs (default host-pid)")
	fl.IntVar(&fetchers, "fetchers", 8, "sources fetched at once")
	fl.IntVar(&extractors, "extractors", 2, "articles extracted at once (CPU)")
	fl.IntVar(&hold, "hold", 0, "sources taken from the queue at a time (default 4×(fetchers+extractors): enough to keep both busy while results and acknowledgements travel)")
	f.addFetchFlags(fl, "requests per second to any one host, for all workers together")
	f.progress = "never"
	return cmd
}

func runWorker(cmd *cobra.Command, url, name string, hold int, f ingestFlags) error {
	ctx := cmd.Context()
	nc, js, err := queue.Connect(ctx, url, "claims worker")
	if err != nil {
		return err
	}
	defer nc.Close()
	hosts, err := queue.NewHosts(ctx, js)
	if err != nil {
		return noQueue(err, url)
	}
	scope, _ := extract.ParseScope(f.scope) // checked by validate
	ex, err := extract.New(extract.WithScope(scope))
	if err != nil {
		return fmt.Errorf("load extractor: %w", err)
	}
	opts := f.options()
	opts.Fetch.Gate = hosts
	opts.MemoryLimit = -1
	p := ingest.New(nil, ex, opts)
	log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := queue.NewWorker(ctx, js, queue.WorkerOptions{
		Processor: queue.Pipeline{Articles: p, Fetchers: f.fetchers, Extractors: f.workers},
		ReadWARC:  readWARC(f.maxBody),
		Hold:      hold, Name: name, Fetchers: f.fetchers, Extractors: f.workers, Log: log,
	})
	if err != nil {
		return noQueue(err, url)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "worker ready on %s\n", url)
	if err := w.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// readWARC reads a WARC task's archive, a path the worker can open.
func readWARC(maxBody int64) func(context.Context, string, func(queue.Task, error) error) error {
	return func(ctx context.Context, ref string, emit func(queue.Task, error) error) error {
		return ingest.ReadWARC(ctx, ref, maxBody, func(it ingest.Item, err error) error {
			return emit(queue.Task{Source: it.Source, URL: it.URL, Body: it.Body, ContentType: it.ContentType}, err)
		})
	}
}

// noQueue says what to do when the queue is not set up yet.
func noQueue(err error, url string) error {
	if errors.Is(err, queue.ErrNoQueue) {
		return fmt.Errorf("%w (start claims serve --nats %s first: it sets the queue up)", err, url)
	}
	return err
}

// runIngestQueue enqueues the sources as a job and, with wait, follows
// it to its summary.
func runIngestQueue(cmd *cobra.Command, f ingestFlags, sources []string) error {
	ctx := cmd.Context()
	nc, js, err := queue.Connect(ctx, f.nats, "claims ingest")
	if err != nil {
		return err
	}
	defer nc.Close()
	fetch := f.options().Fetch
	e, err := queue.EnqueueSources(ctx, js, sources, fetch)
	if err != nil {
		return noQueue(err, f.nats)
	}
	info := e.Info()
	fmt.Fprintf(cmd.ErrOrStderr(), "job %s: %d sources enqueued, %d already queued\n", info.ID, info.Sources, info.Duplicates)
	if !f.wait {
		fmt.Fprintln(cmd.OutOrStdout(), info.ID)
		return nil
	}
	log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
	sum, err := queue.Wait(ctx, js, info.ID, func(d queue.Done) {
		if d.Status == queue.StatusFailed {
			log.Warn("failed", "source", d.Source, "reason", d.Reason, "err", d.Error)
		}
	})
	return ingestResult(cmd, sum, err)
}

func newJobsCmd() *cobra.Command {
	var url, failed string
	cmd := &cobra.Command{
		Use:   "jobs --nats URL [--failed JOB]",
		Short: "Show the jobs on the queue: sources queued, in flight, done and failed, and the live workers",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				return usageError{errors.New("jobs: --nats URL is required")}
			}
			return runJobs(cmd, url, failed)
		},
	}
	cmd.Flags().StringVar(&url, "nats", "", "the JetStream server (`URL`)")
	cmd.Flags().StringVar(&failed, "failed", "", "list the failed sources of `JOB` with their last error")
	return cmd
}

func runJobs(cmd *cobra.Command, url, failed string) error {
	ctx := cmd.Context()
	nc, js, err := queue.Connect(ctx, url, "claims jobs")
	if err != nil {
		return err
	}
	defer nc.Close()
	out := cmd.OutOrStdout()
	if failed != "" {
		list, err := queue.Failed(ctx, js, failed)
		if err != nil {
			return noQueue(err, url)
		}
		for _, d := range list {
			fmt.Fprintf(out, "%s\t%s\t%s\n", d.Source, d.Reason, d.Error)
		}
		return nil
	}
	jobs, workers, err := queue.Status(ctx, js)
	if err != nil {
		return noQueue(err, url)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tSOURCES\tQUEUED\tIN FLIGHT\tDONE\tFAILED\tSTATE")
	for _, j := range jobs {
		state := "running"
		if j.Complete() {
			state = "complete"
		} else if !j.Closed {
			state = "enqueuing"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", j.ID, j.Expected(), j.Queued(), j.InFlight, j.Finished-j.Failed, j.Failed, state)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "WORKER\tSTARTED\tFETCHERS\tEXTRACTORS\tDONE")
	for _, w := range workers {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", w.ID, w.Started.Format(time.RFC3339), w.Fetchers, w.Extractors, w.Done)
	}
	return tw.Flush()
}
