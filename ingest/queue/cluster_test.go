package queue

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// startCluster runs a JetStream cluster of n servers in this process,
// routed over loopback, clients on loopback too (a client of a node that
// stops must reach the others).
func startCluster(t testing.TB, n int) []*server.Server {
	t.Helper()
	ports := freePorts(t, n)
	var routes []string
	for _, p := range ports {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	var nodes []*server.Server
	for i := range n {
		opts := &server.Options{
			ServerName: fmt.Sprintf("node-%d", i), Host: "127.0.0.1", Port: server.RANDOM_PORT,
			JetStream: true, StoreDir: t.TempDir(), MaxPayload: maxMessage, NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "claims-test", Host: "127.0.0.1", Port: ports[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ",")),
		}
		s, err := server.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		s.Start()
		t.Cleanup(s.Shutdown)
		nodes = append(nodes, s)
	}
	for i, s := range nodes {
		if !s.ReadyForConnections(30 * time.Second) {
			t.Fatalf("node %d not ready", i)
		}
	}
	waitFor(t, "a JetStream meta leader that knows every node", func() bool {
		for _, s := range nodes {
			if s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == n {
				return true
			}
		}
		return false
	})
	return nodes
}

// freePorts finds n loopback ports free now, for the route listeners,
// which every node must know before any starts.
func freePorts(t testing.TB, n int) []int {
	var ports []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

// TestClusterNodeStopsMidJob: on a three-node cluster with every stream
// replicated three times, one node stops while a job is half done, and
// the job still completes, every article stored once.
func TestClusterNodeStopsMidJob(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-node cluster")
	}
	nodes := startCluster(t, 3)
	var urls []string
	for _, s := range nodes {
		urls = append(urls, ClientURL(s))
	}
	url := strings.Join(urls, ",")
	ctx := testContext(t)
	dial := func() jetstream.JetStream {
		nc, js, err := Connect(ctx, url, t.Name())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		return js
	}
	admin := dial()
	if err := Setup(ctx, admin, Config{Replicas: 3, AckWait: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	sink := newSink()
	startWriter(t, ctx, dial(), sink)
	proc := &fakeProc{workers: 2}
	for range 2 {
		startWorker(t, ctx, dial(), proc, WorkerOptions{Hold: 4})
	}
	const n = 60
	e := enqueue(t, ctx, admin, sources(n, "https://h.example/%d")...)
	waitFor(t, "a third of the job", func() bool { return sink.count() >= n/3 })
	// Stop a node that is not the meta leader, as an operator would
	// restart one; clients move to the others.
	for _, s := range nodes {
		if !s.JetStreamIsLeader() {
			t.Logf("stopping %s", s.Name())
			s.Shutdown()
			break
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	sum, err := Wait(wctx, admin, e.Job(), nil)
	if err != nil {
		st, workers, serr := Status(ctx, admin)
		t.Logf("status %+v workers %+v err %v; sink %d", st, workers, serr, sink.count())
		for _, name := range []string{TasksStream, ResultsStream} {
			str, err := admin.Stream(ctx, name)
			if err == nil {
				info, err := str.Info(ctx)
				if err == nil {
					t.Logf("%s: %+v cluster %+v", name, info.State, info.Cluster)
				}
			}
		}
		for _, c := range []struct{ s, c string }{{TasksStream, WorkersConsumer}, {ResultsStream, StoreConsumer}} {
			cons, err := admin.Consumer(ctx, c.s, c.c)
			if err == nil {
				info, err := cons.Info(ctx)
				t.Logf("%s: %+v %v", c.c, info, err)
				if info != nil && info.Cluster != nil {
					t.Logf("%s leader %s", c.c, info.Cluster.Leader)
					for _, r := range info.Cluster.Replicas {
						t.Logf("  replica %+v", *r)
					}
				}
			} else {
				t.Logf("%s: %v", c.c, err)
			}
		}
		t.Fatal(err)
	}
	if sum.Stored != n || sink.count() != n {
		t.Errorf("stored %d (store %d), want %d", sum.Stored, sink.count(), n)
	}
}
