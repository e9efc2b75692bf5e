package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/internal/claimstest"
	"github.com/claims-project/claims/store"
	"github.com/claims-project/claims/store/server"
)

// startServeProcess runs `claims serve` as a real process (the test binary
// as main) and returns it with its URL once it is listening, and its
// stderr lines as they come.
func startServeProcess(t *testing.T, dir string) (*exec.Cmd, string, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimsMainHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CLAIMS_TEST_MAIN_ARGS="+strings.Join([]string{"--db", dir, "serve", "--addr", "127.0.0.1:0"}, "\x1f"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case first := <-lines:
		u, ok := strings.CutPrefix(first, "listening on ")
		if !ok {
			t.Fatalf("serve's first line on stderr: %q", first)
		}
		// Wait for the line after it, printed once the note is written.
		<-lines
		return cmd, u, lines
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return nil, "", nil
}

// crashArticle is article i at version v, deterministic so that what was
// acknowledged can be checked after the kill.
func crashArticle(i, v int) (claims.Article, []claims.Claim) {
	text := fmt.Sprintf("Speaker %d said “version %d of %d”.", i%7, v, i)
	url := fmt.Sprintf("https://crash.example/%d", i)
	a := claims.Article{ID: claims.ArticleID(url, ""), URL: url, Title: fmt.Sprintf("%d v%d", i, v), Text: text,
		Published: time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC)}
	q := fmt.Sprintf("version %d of %d", v, i)
	start := len([]rune(text[:strings.Index(text, "“")])) + 1
	cs := []claims.Claim{{Kind: claims.Direct, Text: q, Start: start, End: start + len(q),
		Quotes:  []claims.Span{{Text: q, Start: start, End: start + len(q)}},
		Speaker: &claims.Speaker{Name: fmt.Sprintf("Speaker %d", i%7)}}}
	claims.AssignIDs(a.ID, cs)
	return a, cs
}

// TestServeSurvivesKill9: a serve process killed with SIGKILL while it
// stores articles sent to it keeps every article it acknowledged, whole,
// and its store opens again directly, the dead server's note ignored.
func TestServeSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve processes")
	}
	dir := filepath.Join(t.TempDir(), "db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	acked := map[int]int{}
	next := 0
	for round := range 5 {
		cmd, u, _ := startServeProcess(t, dir)
		tok, err := os.ReadFile(filepath.Join(dir, server.TokenFile))
		if err != nil {
			t.Fatal(err)
		}
		c := server.NewClient(u, strings.TrimSpace(string(tok)))
		killAt := time.Now().Add(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		killed := make(chan struct{})
		go func() {
			time.Sleep(time.Until(killAt))
			cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		}()
		for {
			i, v := next, 1
			if next%3 == 2 {
				i, v = next-2, 2 // now and again a new version of an earlier one
			}
			a, cs := crashArticle(i, v)
			if _, err := c.Put(context.Background(), a, cs, a.URL); err != nil {
				break
			}
			acked[i] = max(acked[i], v)
			next++
		}
		<-killed
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: serve ended with %v, not by our SIGKILL", round, err)
		}
		c.Close()
		verifyServedStore(t, dir, acked, round)
	}
	t.Logf("%d articles acknowledged over 5 kills", len(acked))
}

func verifyServedStore(t *testing.T, dir string, acked map[int]int, round int) {
	t.Helper()
	b, err := server.Open(context.Background(), dir, store.Options{MustExist: true})
	if err != nil {
		t.Fatalf("round %d: reopen after kill -9: %v", round, err)
	}
	defer b.Close()
	if _, ok := b.(*store.Store); !ok {
		t.Fatalf("round %d: the dead server's note still leads to a server (%T)", round, b)
	}
	for i, v := range acked {
		a, cs, err := b.Article(context.Background(), fmt.Sprintf("https://crash.example/%d", i))
		if err != nil {
			t.Fatalf("round %d: acknowledged article %d v%d: %v", round, i, v, err)
		}
		var got int
		fmt.Sscanf(a.Title, fmt.Sprintf("%d v%%d", i), &got)
		if got < v {
			t.Fatalf("round %d: article %d acknowledged at v%d, store has %q", round, i, v, a.Title)
		}
		wa, wc := crashArticle(i, got)
		if !reflect.DeepEqual(a, wa) || !reflect.DeepEqual(claimstest.WithoutEntities(cs), wc) {
			t.Fatalf("round %d: article %d differs from what was sent", round, i)
		}
	}
	if err := b.Check(context.Background()); err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
}

// TestServeSIGTERM: SIGTERM stops serve cleanly: exit status 0, a final
// line saying the store is closed, no note or token left behind.
func TestServeSIGTERM(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	cmd, _, lines := startServeProcess(t, dir)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var last string
	for l := range lines {
		last = l
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v", err)
	}
	if want := "stopped; store " + dir + " closed"; last != want {
		t.Errorf("last line %q, want %q", last, want)
	}
	if held, note, _ := store.ReadHolder(dir); held || note != nil {
		t.Errorf("after SIGTERM: held %v note %q", held, note)
	}
	if _, err := os.Stat(filepath.Join(dir, server.TokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file left: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "claims.lock")); err != nil || len(b) != 0 {
		t.Errorf("lock file after a clean stop: %q %v", b, err)
	}
}
