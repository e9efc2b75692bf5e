// The queue's streams, consumers and buckets: their names, their limits
// (Config), and Setup, which creates them or brings them to Config.

package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Names of the streams, consumers and buckets (see the package doc).
const (
	TasksStream      = "CLAIMS_SOURCES"
	ResultsStream    = "CLAIMS_RESULTS"
	AdvisoriesStream = "CLAIMS_ADVISORIES"
	WorkersConsumer  = "workers"
	StoreConsumer    = "store"
	advisoryConsumer = "store-advisories"

	JobsBucket    = "claims_jobs"
	DoneBucket    = "claims_done"
	FailedBucket  = "claims_failed"
	WorkersBucket = "claims_workers"
	HostsBucket   = "claims_hosts"
	RobotsBucket  = "claims_robots"

	tasksPrefix   = "claims.sources."
	resultsPrefix = "claims.results."
)

// maxDeliveriesSubject is where JetStream announces that a task of the
// workers consumer reached MaxDeliver.
const maxDeliveriesSubject = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + TasksStream + "." + WorkersConsumer

// Config is the queue's limits. Zero fields take the defaults noted.
type Config struct {
	// Replicas of every stream and bucket: 1 on one server, 3 on a
	// cluster of three or more. Default 1.
	Replicas int
	// AckWait is how long a task may go without an acknowledgement (or an
	// in-progress one, which workers send every AckWait/3) before
	// JetStream gives it to another worker: how long a killed worker's
	// task waits. Default 30 s.
	AckWait time.Duration
	// MaxDeliver is how many times a task is delivered before it is
	// failed. Default 5.
	MaxDeliver int
	// MaxTasks and MaxTaskBytes bound the work queue; an enqueuer waits
	// while it is full. Defaults 1,000,000 and 4 GiB.
	MaxTasks     int64
	MaxTaskBytes int64
	// MaxResults and MaxResultBytes bound the results stream; workers
	// wait while it is full. Defaults 256 and 512 MiB.
	MaxResults     int64
	MaxResultBytes int64
	// MaxInFlight bounds the tasks handed to workers and not yet
	// acknowledged, over all workers. Default 1,024.
	MaxInFlight int
	// DuplicateWindow is how long a message id is remembered, so that a
	// source enqueued twice, or a task's result published twice, within it
	// counts once. Default 20 min.
	DuplicateWindow time.Duration
	// JobTTL is how long a job's records (claims_jobs, claims_done,
	// claims_failed) are kept after they were written. Default 7 days.
	JobTTL time.Duration
	// Memory keeps every stream in memory instead of on disk (tests).
	Memory bool
}

func (c *Config) defaults() {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxTasks, 1_000_000)
	def(&c.MaxTaskBytes, 4<<30)
	def(&c.MaxResults, 256)
	def(&c.MaxResultBytes, 512<<20)
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 1024
	}
	if c.DuplicateWindow <= 0 {
		c.DuplicateWindow = 20 * time.Minute
	}
	if c.JobTTL <= 0 {
		c.JobTTL = 7 * 24 * time.Hour
	}
}

func (c Config) storage() jetstream.StorageType {
	if c.Memory {
		return jetstream.MemoryStorage
	}
	return jetstream.FileStorage
}

// ErrNoQueue is returned when the JetStream server has no claims queue:
// claims serve --nats has not run against it yet.
var ErrNoQueue = errors.New("no claims queue on this JetStream server (start claims serve --nats with it first)")

// Setup creates the streams, consumers and buckets, or brings existing
// ones to cfg; it is what the store's writer (claims serve) runs at start.
func Setup(ctx context.Context, js jetstream.JetStream, cfg Config) error {
	cfg.defaults()
	for _, sc := range streamConfigs(cfg) {
		if _, err := js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("set up stream %s: %w", sc.Name, err)
		}
	}
	for _, cc := range consumerConfigs(cfg) {
		if _, err := js.CreateOrUpdateConsumer(ctx, cc.stream, cc.ConsumerConfig); err != nil {
			return fmt.Errorf("set up consumer %s of %s: %w", cc.Durable, cc.stream, err)
		}
	}
	for _, kc := range bucketConfigs(cfg) {
		if _, err := js.CreateOrUpdateKeyValue(ctx, kc); err != nil {
			return fmt.Errorf("set up bucket %s: %w", kc.Bucket, err)
		}
	}
	return nil
}

func streamConfigs(cfg Config) []jetstream.StreamConfig {
	return []jetstream.StreamConfig{{
		Name:        TasksStream,
		Description: "claims: sources waiting for a worker",
		Subjects:    []string{tasksPrefix + ">"},
		Retention:   jetstream.WorkQueuePolicy, Discard: jetstream.DiscardNew,
		MaxMsgs: cfg.MaxTasks, MaxBytes: cfg.MaxTaskBytes, MaxMsgSize: maxMessage,
		Duplicates: cfg.DuplicateWindow, Storage: cfg.storage(), Replicas: cfg.Replicas,
	}, {
		Name:        ResultsStream,
		Description: "claims: extracted articles waiting for the store",
		Subjects:    []string{resultsPrefix + ">"},
		Retention:   jetstream.WorkQueuePolicy, Discard: jetstream.DiscardNew,
		MaxMsgs: cfg.MaxResults, MaxBytes: cfg.MaxResultBytes, MaxMsgSize: maxMessage,
		Duplicates: cfg.DuplicateWindow, Storage: cfg.storage(), Replicas: cfg.Replicas,
	}, {
		Name:        AdvisoriesStream,
		Description: "claims: tasks that reached their last delivery",
		Subjects:    []string{maxDeliveriesSubject},
		Retention:   jetstream.WorkQueuePolicy, Discard: jetstream.DiscardOld,
		MaxMsgs: 100_000, Storage: cfg.storage(), Replicas: cfg.Replicas,
	}}
}

type consumerConfig struct {
	stream string
	jetstream.ConsumerConfig
}

func consumerConfigs(cfg Config) []consumerConfig {
	return []consumerConfig{
		{TasksStream, jetstream.ConsumerConfig{
			Durable: WorkersConsumer, Description: "claims workers",
			AckPolicy: jetstream.AckExplicitPolicy, AckWait: cfg.AckWait, MaxDeliver: cfg.MaxDeliver,
			MaxAckPending: cfg.MaxInFlight, Replicas: cfg.Replicas,
		}},
		// The writer stores results a batch at a time (writerBatch, all
		// it may hold unacknowledged); a result is never dropped, so it
		// is redelivered for as long as it takes.
		{ResultsStream, jetstream.ConsumerConfig{
			Durable: StoreConsumer, Description: "claims store writer",
			AckPolicy: jetstream.AckExplicitPolicy, AckWait: cfg.AckWait, MaxDeliver: -1,
			MaxAckPending: writerBatch, Replicas: cfg.Replicas,
		}},
		{AdvisoriesStream, jetstream.ConsumerConfig{
			Durable: advisoryConsumer, Description: "claims store writer: tasks out of deliveries",
			AckPolicy: jetstream.AckExplicitPolicy, AckWait: cfg.AckWait, MaxDeliver: -1, Replicas: cfg.Replicas,
		}},
	}
}

// heartbeatTTL is how long a worker's heartbeat stays in claims_workers:
// a worker not heard of for that long is gone.
const heartbeatTTL = 15 * time.Second

func bucketConfigs(cfg Config) []jetstream.KeyValueConfig {
	kv := func(name, desc string, ttl time.Duration, maxValue int32) jetstream.KeyValueConfig {
		return jetstream.KeyValueConfig{Bucket: name, Description: desc, History: 1, TTL: ttl,
			MaxValueSize: maxValue, Storage: cfg.storage(), Replicas: cfg.Replicas}
	}
	return []jetstream.KeyValueConfig{
		kv(JobsBucket, "claims: jobs", cfg.JobTTL, 64<<10),
		kv(DoneBucket, "claims: one record per finished source", cfg.JobTTL, 256<<10),
		kv(FailedBucket, "claims: failed sources with their last error", cfg.JobTTL, 256<<10),
		kv(WorkersBucket, "claims: live workers", heartbeatTTL, 64<<10),
		kv(HostsBucket, "claims: next free request slot per host", time.Hour, 1<<10),
		kv(RobotsBucket, "claims: robots.txt per host", 24*time.Hour, 2*maxRobots),
	}
}

// handles are the streams' consumers and buckets a role uses, looked up
// once.
type handles struct {
	js                                         jetstream.JetStream
	jobs, done, failed, workers, hosts, robots jetstream.KeyValue
	tasks, results, advisories                 jetstream.Stream
	workerCons, storeCons, advisoryCons        jetstream.Consumer
}

// lookup finds what Setup made; ErrNoQueue when it has not run.
func lookup(ctx context.Context, js jetstream.JetStream) (*handles, error) {
	h := &handles{js: js}
	var err error
	for _, b := range []struct {
		name string
		kv   *jetstream.KeyValue
	}{{JobsBucket, &h.jobs}, {DoneBucket, &h.done}, {FailedBucket, &h.failed}, {WorkersBucket, &h.workers},
		{HostsBucket, &h.hosts}, {RobotsBucket, &h.robots}} {
		if err = retry(ctx, func(ctx context.Context) (err error) { *b.kv, err = js.KeyValue(ctx, b.name); return err }); err != nil {
			return nil, notFound(err, "bucket "+b.name)
		}
	}
	for _, s := range []struct {
		name string
		st   *jetstream.Stream
	}{{TasksStream, &h.tasks}, {ResultsStream, &h.results}, {AdvisoriesStream, &h.advisories}} {
		if err = retry(ctx, func(ctx context.Context) (err error) { *s.st, err = js.Stream(ctx, s.name); return err }); err != nil {
			return nil, notFound(err, "stream "+s.name)
		}
	}
	for _, c := range []struct {
		st   jetstream.Stream
		name string
		c    *jetstream.Consumer
	}{{h.tasks, WorkersConsumer, &h.workerCons}, {h.results, StoreConsumer, &h.storeCons},
		{h.advisories, advisoryConsumer, &h.advisoryCons}} {
		if err = retry(ctx, func(ctx context.Context) (err error) { *c.c, err = c.st.Consumer(ctx, c.name); return err }); err != nil {
			return nil, notFound(err, "consumer "+c.name)
		}
	}
	return h, nil
}

// retry runs the JetStream request fn, each attempt within
// requestTimeout, until it succeeds, fails for good, or ctx ends: in a
// cluster a request can go unanswered while a leader is elected.
func retry(ctx context.Context, fn func(context.Context) error) error {
	wait := 50 * time.Millisecond
	for {
		actx, cancel := context.WithTimeout(ctx, requestTimeout)
		err := fn(actx)
		cancel()
		if err == nil || !isTemporary(err) || ctx.Err() != nil {
			return err
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, 2*time.Second)
	}
}

func notFound(err error, what string) error {
	if errors.Is(err, jetstream.ErrBucketNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) ||
		errors.Is(err, jetstream.ErrConsumerNotFound) {
		return fmt.Errorf("%w: %s is missing", ErrNoQueue, what)
	}
	return fmt.Errorf("look up %s: %w", what, err)
}
