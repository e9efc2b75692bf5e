package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claims-project/claims/ingest/queue"
	"github.com/claims-project/claims/store"
)

// claimsProcess starts `claims ARGS…` as a real process (the test binary
// as main), its stderr into a file of the test's, killed at cleanup.
func claimsProcess(t *testing.T, logName string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimsMainHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CLAIMS_TEST_MAIN_ARGS="+strings.Join(args, "\x1f"))
	logf, err := os.Create(filepath.Join(t.TempDir(), logName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start claims %s: %v", args[0], err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd
}

// startQueueServe runs claims serve with an embedded JetStream server
// listening on loopback and returns it with the NATS URL.
func startQueueServe(t *testing.T, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimsMainHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CLAIMS_TEST_MAIN_ARGS="+strings.Join([]string{"--db", db, "serve",
		"--addr", "127.0.0.1:0", "--nats-embed", "--nats-listen", "127.0.0.1:0", "--ack-wait", "3s"}, "\x1f"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// The log is a file as well as the test's log: when the test times
	// out, its log is lost, the file is not.
	logf, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		defer logf.Close()
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "nats listening on "); ok {
				urls <- u
			}
			fmt.Fprintln(logf, sc.Text())
			t.Log("serve:", sc.Text())
		}
	}()
	select {
	case u := <-urls:
		return cmd, u
	case <-time.After(time.Minute):
		t.Fatal("serve did not start its JetStream server")
	}
	return nil, ""
}

// processLogs is the stderr of every process claimsProcess and
// startQueueServe started for t, for a failure message.
func processLogs(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(t.TempDir()), "*", "*.log"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "\n--- %s:\n%s", filepath.Base(f), data)
	}
	return b.String()
}

// queueArticles writes n distinct articles, each with one quotation, as
// text files.
func queueArticles(t *testing.T, dir string, n int) {
	t.Helper()
	for i := range n {
		text := fmt.Sprintf("The mayor of Town %d said on Monday: \"We will build %d new bridges this year.\"\n\nCritics of plan %d disagreed.\n", i, i+1, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQueueEndToEnd: serve with embedded JetStream, three worker
// processes, and claims ingest --nats --wait of n generated articles; one
// worker is killed with SIGKILL halfway and started again. Every article
// is stored exactly once, and the summary says so. n is 2,000, or 200
// under the race detector or -short; $CLAIMS_E2E_ARTICLES sets it.
func TestQueueEndToEnd(t *testing.T) {
	n := 2000
	if raceEnabled || testing.Short() {
		n = 100
	}
	if v := os.Getenv("CLAIMS_E2E_ARTICLES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 2 {
			t.Fatalf("CLAIMS_E2E_ARTICLES=%q: want a number of at least 2", v)
		}
	}
	dir := t.TempDir()
	db, src := filepath.Join(dir, "db"), filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	queueArticles(t, src, n)
	started := time.Now()
	serve, url := startQueueServe(t, db)
	worker := func(i int) *exec.Cmd {
		return claimsProcess(t, fmt.Sprintf("worker%d.log", i), "worker", "--nats", url, "--fetchers", "4", "--extractors", "1", "--name", fmt.Sprintf("w%d", i))
	}
	workers := []*exec.Cmd{worker(0), worker(1), worker(2)}

	ing := exec.Command(os.Args[0], "-test.run=^TestClaimsMainHelper$", "-test.count=1")
	ing.Env = append(os.Environ(), "CLAIMS_TEST_MAIN_ARGS="+strings.Join([]string{"ingest", "--nats", url, "--wait", src}, "\x1f"))
	var out, errOut bytes.Buffer
	ing.Stdout, ing.Stderr = &out, &errOut
	if err := ing.Start(); err != nil {
		t.Fatal(err)
	}
	ingDone := make(chan error, 1)
	go func() { ingDone <- ing.Wait() }()
	t.Cleanup(func() { ing.Process.Kill(); <-ingDone })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	nc, js, err := queue.Connect(ctx, url, t.Name())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	// finished asks with a deadline of its own: a queue that stopped
	// answering fails the test with the logs, not go test's timeout.
	finished := func() (int, error) {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		jobs, _, err := queue.Status(sctx, js)
		if err != nil || len(jobs) == 0 {
			return 0, err
		}
		return jobs[0].Finished, nil
	}
	var half int
	for half < n/2 {
		select {
		case err := <-ingDone:
			ingDone <- err
			t.Fatalf("claims ingest --nats --wait ended before half the job was done: %v\n%s\n%s%s", err, out.String(), errOut.String(), processLogs(t))
		case <-time.After(20 * time.Millisecond):
		}
		if half, err = finished(); err != nil {
			t.Fatalf("job status: %v%s", err, processLogs(t))
		}
	}
	if err := workers[0].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	workers[0].Wait()
	workers[0] = worker(3)

	if err := <-ingDone; err != nil {
		t.Fatalf("claims ingest --nats --wait: %v\n%s\n%s%s", err, out.String(), errOut.String(), processLogs(t))
	}
	ingDone <- nil
	t.Logf("%d articles in %s (killed a worker at %d finished)", n, time.Since(started).Round(time.Millisecond), half)
	want := fmt.Sprintf("articles: %d stored, 0 skipped, 0 failed", n)
	if !strings.Contains(out.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, out.String())
	}
	for _, w := range workers {
		w.Process.Signal(syscall.SIGTERM)
	}
	serve.Process.Signal(syscall.SIGTERM)
	if err := serve.Wait(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The store is keyed by article id, so n articles is every article
	// stored once; the summary counted each article's claims once.
	var sumClaims int
	if _, after, ok := strings.Cut(out.String(), "\nclaims: "); ok {
		fmt.Sscan(after, &sumClaims)
	}
	if stats.Articles != n || stats.Claims != sumClaims || sumClaims < n/2 {
		t.Errorf("store holds %d articles, %d claims; want %d articles and the summary's %d claims", stats.Articles, stats.Claims, n, sumClaims)
	}
}
