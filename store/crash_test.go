package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/internal/claimstest"
)

const (
	envCrashDir   = "CLAIMS_STORE_CRASH_DIR"
	envCrashRound = "CLAIMS_STORE_CRASH_ROUND"
	envHoldDir    = "CLAIMS_STORE_HOLD_DIR"
)

// synthArticle is the deterministic content of article key at version v,
// so that the parent can tell exactly what the child stored.
func synthArticle(key string, v int) (claims.Article, []claims.Claim) {
	h := fnv.New32a()
	h.Write([]byte(key))
	seed := int(h.Sum32() % 1000)
	n := 2 + (seed+v)%6
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf("Sentence %d of %s v%d says “quote %d-%d” plainly.", i, key, v, i, v))
	}
	text := strings.Join(parts, " ")
	url := "https://crash.example/" + key
	a := claims.Article{
		ID: claims.ArticleID(url, ""), URL: url, Title: fmt.Sprintf("%s v%d", key, v),
		Site:      []string{"a.example", "b.example"}[seed%2],
		Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(seed) * time.Hour),
		Text:      text,
	}
	speakers := []string{"Vladimir Putin", "Élisabeth Bédier", "Olaf Scholz", "Aides"}
	cs := make([]claims.Claim, n)
	for i := range cs {
		q := fmt.Sprintf("quote %d-%d", i, v)
		start := len([]rune(strings.Join(parts[:i], " "))) + strings.Index(parts[i], "“") + 1
		if i > 0 {
			start++ // the joining space
		}
		cs[i] = claims.Claim{
			Kind: claims.Direct, Text: q, Start: start, End: start + len(q),
			Quotes:     []claims.Span{{Text: q, Start: start, End: start + len(q)}},
			Speaker:    &claims.Speaker{Name: speakers[(seed+i+v)%len(speakers)], Title: "T"},
			Confidence: 0.5,
			Entities:   []claims.Entity{{Name: speakers[(seed+i)%len(speakers)], Type: claims.TypePerson}},
		}
	}
	claims.AssignIDs(a.ID, cs)
	return a, cs
}

// TestCrashChild is the child side of TestCrashRecovery: it stores
// articles in a loop, each new one and then now and again a new version of
// an earlier one, and prints "stored KEY VERSION" after each Put returns.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(envCrashDir)
	if dir == "" {
		t.Skip("child of TestCrashRecovery")
	}
	round := os.Getenv(envCrashRound)
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	for i := 0; ; i++ {
		key, v := fmt.Sprintf("r%s-%d", round, i), 1
		if i%3 == 2 {
			key, v = fmt.Sprintf("r%s-%d", round, i-2), 2
		}
		a, cs := synthArticle(key, v)
		if _, err := s.Put(context.Background(), a, cs, a.URL); err != nil {
			fmt.Println("put failed:", err)
			os.Exit(3)
		}
		fmt.Printf("stored %s %d\n", key, v)
	}
}

// TestCrashRecovery kills a storing child with SIGKILL at random points
// and checks after each kill that every article the child reported as
// stored is there with exactly its claims, and that nothing is half
// written.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 20 processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[string]int{}
	const rounds = 20
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashRound+"="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Kill at a random moment after the first acknowledgement, so that
		// kills land before, during and after commits.
		var kill <-chan time.Time
		deadline := time.After(20 * time.Second)
		n := 0
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				var key string
				var v int
				if _, err := fmt.Sscanf(line, "stored %s %d", &key, &v); err != nil {
					t.Fatalf("round %d: child said %q", round, line)
				}
				acked[key] = max(acked[key], v)
				if n++; n == 1 {
					kill = time.After(time.Duration(rng.IntN(150_000)) * time.Microsecond)
				}
			case <-kill:
				cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("round %d: child never acknowledged a store", round)
			}
		}
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended with %v, not by our SIGKILL", round, err)
		}
		verifyCrashStore(t, dir, acked, round)
	}
	t.Logf("%d rounds, %d articles acknowledged", rounds, len(acked))
}

func verifyCrashStore(t *testing.T, dir string, acked map[string]int, round int) {
	t.Helper()
	// Odd rounds read as query commands do: the store a killed process
	// left must be repaired, not refused, and read the same.
	s, err := Open(dir, Options{MustExist: true, Reading: round%2 == 1})
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer s.Close()
	ctx := context.Background()
	for key, v := range acked {
		want, _ := synthArticle(key, 1)
		a, cs, err := s.Article(ctx, want.ID)
		if err != nil {
			t.Fatalf("round %d: acknowledged %s v%d: %v", round, key, v, err)
		}
		// A later version may have committed just before the kill, without
		// its acknowledgement getting out; an earlier one must not be there.
		var got int
		if _, err := fmt.Sscanf(a.Title, key+" v%d", &got); err != nil || got < v {
			t.Fatalf("round %d: %s acknowledged at v%d, store has %q", round, key, v, a.Title)
		}
		wa, wc := synthArticle(key, got)
		if !reflect.DeepEqual(a, wa) || !reflect.DeepEqual(claimstest.WithoutEntities(cs), wc) {
			t.Fatalf("round %d: %s v%d differs from what was stored:\n got %+v %+v\nwant %+v %+v", round, key, got, a, cs, wa, wc)
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
}

// TestHoldChild is the child side of TestInUseOtherProcess: it opens the
// store, stores one article, says "open", and holds the store until its
// stdin closes.
func TestHoldChild(t *testing.T) {
	dir := os.Getenv(envHoldDir)
	if dir == "" {
		t.Skip("child of TestInUseOtherProcess")
	}
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	a, cs := synthArticle("held", 1)
	if _, err := s.Put(context.Background(), a, cs, ""); err != nil {
		fmt.Println("put failed:", err)
		os.Exit(3)
	}
	fmt.Println("open")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := s.Close(); err != nil {
		fmt.Println("close failed:", err)
		os.Exit(3)
	}
}

func TestInUseOtherProcess(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHoldDir+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "open\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "store "+dir+" is in use by another claims process") {
		t.Fatalf("Open while held: %v", err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child failed after our refused open: %v", err)
	}
	s, err := Open(dir, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want, wantClaims := synthArticle("held", 1)
	a, cs, err := s.Article(context.Background(), want.ID)
	if err != nil || !reflect.DeepEqual(a, want) || !reflect.DeepEqual(claimstest.WithoutEntities(cs), wantClaims) {
		t.Fatalf("the holder's article was harmed: %v", err)
	}
}
