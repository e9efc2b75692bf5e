package ingest_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/ingest"
	"github.com/claims-project/claims/store"
)

const (
	envCrashDB   = "CLAIMS_INGEST_CRASH_DB"
	envCrashGold = "CLAIMS_INGEST_CRASH_GOLD"
)

// groupSink is what cmd/claims wires for ingest: a store opened with
// GroupCommit, synced when the pipeline says.
type groupSink struct{ storeSink }

func (s groupSink) Sync(context.Context) error { return s.st.Sync() }

// printObserver prints "stored ID" for each article Run reports stored.
type printObserver struct{}

func (printObserver) Queued() {}
func (printObserver) Done(o ingest.Outcome) {
	if o.Status == ingest.Stored {
		fmt.Printf("stored %s\n", o.Article.ID)
	}
}

// bareExtractor finds no claims: the test is about what is stored.
type bareExtractor struct{}

func (bareExtractor) Extract(context.Context, string) ([]claims.Claim, error) { return nil, nil }

// TestIngestCrashChild is the child of TestIngestCrash: it ingests the
// gold file into the store with group commit, printing each article it
// reports stored, until it is killed.
func TestIngestCrashChild(t *testing.T) {
	db, gold := os.Getenv(envCrashDB), os.Getenv(envCrashGold)
	if db == "" {
		t.Skip("child of TestIngestCrash")
	}
	st, err := store.Open(db, store.Options{GroupCommit: true})
	if err != nil {
		t.Fatal(err)
	}
	opts := ingest.Options{Workers: 2, Observer: printObserver{}, CheckpointEvery: 150}
	if _, err := ingest.New(groupSink{storeSink{st}}, bareExtractor{}, opts).Run(context.Background(), []string{gold}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	time.Sleep(time.Minute) // wait to be killed
}

// TestIngestCrash kills (SIGKILL) an ingest with group commit at random
// moments, and checks that every article it reported stored is in the
// store, whole, when the store is opened again.
func TestIngestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	db := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	acked := map[string]bool{}
	for round := range 6 {
		var b strings.Builder
		for i := range 2000 {
			fmt.Fprintf(&b, `{"id":"r%d-a%d","url":"https://crash.example/%d/%d","text":"Round %d, article %d. “Number %d,” said Ada Brennan.","claims":[]}`+"\n", round, i, round, i, round, i, i)
		}
		gold := filepath.Join(t.TempDir(), "gold.jsonl")
		if err := os.WriteFile(gold, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashDB+"="+db, envCrashGold+"="+gold)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed := make(chan struct{})
		first := make(chan struct{}, 1)
		go func() {
			<-first
			time.Sleep(time.Duration(rng.IntN(400_000)) * time.Microsecond)
			cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		}()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "stored "); ok {
				acked[id] = true
				select {
				case first <- struct{}{}:
				default:
				}
			}
		}
		<-killed
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended with %v, not by our SIGKILL", round, err)
		}
		verifyIngested(t, db, acked, round)
	}
	t.Logf("%d articles acknowledged over the rounds", len(acked))
}

func verifyIngested(t *testing.T, db string, acked map[string]bool, round int) {
	t.Helper()
	st, err := store.Open(db, store.Options{MustExist: true})
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer st.Close()
	ctx := context.Background()
	for id := range acked {
		if _, _, err := st.Article(ctx, id); err != nil {
			t.Fatalf("round %d: %s was reported stored: %v", round, id, err)
		}
	}
	if err := st.Check(ctx); err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
}
