package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `claims serve --db dir --addr 127.0.0.1:0` in-process
// until stop is called, and returns its URL once it is listening, with
// its stderr.
func startServe(t *testing.T, dir string, extra ...string) (url string, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	root := newRoot()
	stderr = &syncBuffer{}
	root.SetOut(&syncBuffer{})
	root.SetErr(stderr)
	root.SetArgs(append([]string{"--db", dir, "serve", "--addr", "127.0.0.1:0"}, extra...))
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { stop() })
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if u, ok := strings.CutPrefix(first, "listening on "); ok && strings.Contains(stderr.String(), "\nserving store") {
			return u, stderr, stop
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, stderr.String())
		default:
		}
	}
	t.Fatalf("serve never said it was listening:\n%s", stderr.String())
	return "", nil, nil
}

// withoutSize drops the stats line that depends on what files are open.
func withoutSize(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "size:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestServeCommandsGoThroughServer: while claims serve holds a store,
// query, speakers, show, stats and export print what they print when they
// open the store themselves, and ingest stores through the server; none
// says "in use". Once it stops, it has said so and the commands open the
// store again.
func TestServeCommandsGoThroughServer(t *testing.T) {
	dir, arts := fillStore(t)
	cmds := [][]string{
		{"query", "--speaker", "Putin"}, {"query", "--json", "--limit", "0"}, {"query", "--about", "Putin", "--kind", "partial"},
		{"query", "--since", "2025-05-15", "--json"}, {"speakers"}, {"speakers", "--json", "--top", "2"},
		{"show", arts[0].a.ID}, {"show", "--json", "--with-text", arts[1].a.URL}, {"stats"},
		{"export", "--format", "csv"}, {"export", "--format", "jsonl", "--speaker", "Putin"}, {"query", "--read-only", "--speaker", "Bédier"},
	}
	direct := map[int]string{}
	for i, args := range cmds {
		out, _, err := runStoreCmd(t, append([]string{"--db", dir}, args...)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		direct[i] = out
	}
	u, serveErr, stop := startServe(t, dir)
	for i, args := range cmds {
		out, errOut, err := runStoreCmd(t, append([]string{"--db", dir}, args...)...)
		if err != nil {
			t.Errorf("%v through the server: %v", args, err)
			continue
		}
		if withoutSize(out) != withoutSize(direct[i]) {
			t.Errorf("%v through the server:\n%s\ndirectly:\n%s", args, out, direct[i])
		}
		if !strings.Contains(errOut, "through claims serve at "+u) || strings.Contains(errOut, "in use") {
			t.Errorf("%v: stderr %q", args, errOut)
		}
	}
	// Errors keep their exit status through the server.
	if _, _, err := runStoreCmd(t, "--db", dir, "show", "a_none"); exitCode(err) != 1 || !strings.Contains(err.Error(), "no article") {
		t.Errorf("show of a missing article: %v", err)
	}
	if _, _, err := runStoreCmd(t, "--db", dir, "query", "--speaker", "***"); exitCode(err) != 2 {
		t.Errorf("a query the store rejects: %v (status %d)", err, exitCode(err))
	}
	gold := filepath.Join(t.TempDir(), "more.jsonl")
	writeTestFile(t, gold, `{"id":"served","text":"“The server stores it,” said Mara Lind.","claims":[]}`+"\n")
	out, errOut, err := runIngestCmd(t, dir, nil, gold)
	if err != nil || !strings.Contains(out, "articles: 1 stored") || !strings.Contains(errOut, "through claims serve") {
		t.Fatalf("ingest through the server: %v\n%s\n%s", err, out, errOut)
	}
	if out, _, _ := runStoreCmd(t, "--db", dir, "query", "--speaker", "Mara Lind"); !strings.Contains(out, "The server stores it") {
		t.Errorf("what ingest sent is not queryable: %q", out)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(serveErr.String()), "\n")
	if want := "stopped; store " + dir + " closed"; lines[len(lines)-1] != want {
		t.Errorf("serve's last line %q, want %q", lines[len(lines)-1], want)
	}
	if _, errOut, err := runStoreCmd(t, "--db", dir, "query", "--speaker", "Mara Lind"); err != nil || strings.Contains(errOut, "through") {
		t.Errorf("after serve stopped: %v %q", err, errOut)
	}
}

// TestServeOffLoopbackNeedsToken: an address beyond loopback without a
// token is refused before anything is opened.
func TestServeOffLoopbackNeedsToken(t *testing.T) {
	t.Setenv("CLAIMS_TOKEN", "")
	dir := filepath.Join(t.TempDir(), "db")
	_, _, err := runStoreCmd(t, "--db", dir, "serve", "--addr", "0.0.0.0:0")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("serve --addr 0.0.0.0:0 without a token: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused serve created the store")
	}
	cmd, _, err := newRoot().Find([]string{"serve"})
	if err != nil {
		t.Fatal(err)
	}
	if def := cmd.Flag("addr").DefValue; def != "127.0.0.1:8080" || !server.IsLoopback(def) {
		t.Errorf("serve listens on %s by default, want 127.0.0.1:8080", def)
	}
	if !strings.Contains(cmd.Example, "claims serve") {
		t.Error("serve --help has no examples")
	}
}

// TestReadOnlyCommands: --read-only reads a store and leaves every file
// as it was.
func TestReadOnlyCommands(t *testing.T) {
	dir, arts := fillStore(t)
	before := snapshot(t, dir)
	for _, args := range [][]string{{"query", "--speaker", "Putin"}, {"speakers"}, {"show", arts[0].a.ID}, {"stats"}, {"export"}} {
		out, _, err := runStoreCmd(t, append(append([]string{"--db", dir}, args...), "--read-only")...)
		if err != nil || out == "" {
			t.Errorf("%v --read-only: %v %q", args, err, out)
		}
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("--read-only changed the store:\n%s\n%s", before, after)
	}
	if _, _, err := runStoreCmd(t, "--db", filepath.Join(t.TempDir(), "none"), "query", "--read-only"); err == nil {
		t.Error("--read-only on a missing store succeeded")
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			fmt.Fprintf(&b, "%s %d %s\n", p, info.Size(), info.ModTime())
		}
		return err
	})
	return b.String()
}

// statsCounts is what `stats --json` says of a store's size in articles
// and claims.
func statsCounts(t *testing.T, dir string) (int, int, error) {
	out, _, err := runStoreCmd(t, "--db", dir, "stats", "--json")
	if err != nil {
		return 0, 0, err
	}
	var s statsJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		return 0, 0, fmt.Errorf("stats --json %q: %w", out, err)
	}
	return s.Articles, s.Claims, nil
}

// TestIngestIntoServeWhileQuerying: 500 articles ingested into a served
// store while another goroutine asks for its figures every 50 ms: every
// query succeeds, the counts only grow, and the store ends equal to a
// direct ingest of the same articles.
func TestIngestIntoServeWhileQuerying(t *testing.T) {
	src := filepath.Join(t.TempDir(), "500.jsonl")
	var b strings.Builder
	cast := []string{"Ines Calloway", "Tobias Renn", "Mara Lind", "the harbour authority", "Piet Vos"}
	for i := range 500 {
		text := fmt.Sprintf("“Berth %d will open in week %d,” said %s. %s warned that the dredging of berth %d could slip. Officials said the cost of berth %d had doubled.",
			i, i%52+1, cast[i%len(cast)], cast[(i+1)%len(cast)], i, i)
		line, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("berth-%03d", i), "text": text, "claims": []any{}})
		b.Write(line)
		b.WriteString("\n")
	}
	writeTestFile(t, src, b.String())
	served := filepath.Join(t.TempDir(), "served")
	_, _, stop := startServe(t, served)

	done := make(chan struct{})
	var queries, failures int
	var lastArticles, lastClaims, midway int
	var problems []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			queries++
			a, c, err := statsCounts(t, served)
			if err != nil {
				failures++
				problems = append(problems, err.Error())
				continue
			}
			if a < lastArticles || c < lastClaims {
				problems = append(problems, fmt.Sprintf("counts went down: %d/%d after %d/%d", a, c, lastArticles, lastClaims))
			}
			if a > 0 && a < 500 {
				midway++
			}
			lastArticles, lastClaims = a, c
		}
	}()
	out, errOut, err := runIngestCmd(t, served, nil, src)
	close(done)
	wg.Wait()
	if err != nil || !strings.Contains(out, "articles: 500 stored") {
		t.Fatalf("ingest into the server: %v\n%s\n%s", err, out, errOut)
	}
	if failures > 0 || len(problems) > 0 || queries < 3 {
		t.Errorf("%d queries, %d failed: %v", queries, failures, problems)
	}
	if midway == 0 {
		t.Errorf("no query saw the store part way through the ingest (%d queries)", queries)
	}
	t.Logf("%d queries during the ingest, %d of them part way through", queries, midway)
	exportServed, _, err := runStoreCmd(t, "--db", served, "export", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	directDir := filepath.Join(t.TempDir(), "direct")
	if _, _, err := runIngestCmd(t, directDir, nil, src); err != nil {
		t.Fatal(err)
	}
	exportDirect, _, err := runStoreCmd(t, "--db", directDir, "export", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if exportServed != exportDirect || strings.Count(exportDirect, "\n") < 1000 {
		t.Errorf("the served store differs from a direct ingest (%d and %d lines)", strings.Count(exportServed, "\n"), strings.Count(exportDirect, "\n"))
	}
	st, err := store.Open(served, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(context.Background()); err != nil {
		t.Error(err)
	}
}
