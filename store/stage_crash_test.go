package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
)

const (
	envHugeDir     = "CLAIMS_STORE_HUGE_DIR"
	envHugeVersion = "CLAIMS_STORE_HUGE_VERSION"
	envHugeKill    = "CLAIMS_STORE_HUGE_KILL"
)

// hugeCrashClaims is the size of each version of the article
// TestHugeArticleCrash stores: the first has 10,000 claims, the later
// ones fewer, which is enough to be staged and keeps the test short.
func hugeCrashClaims(version int) int {
	if version == 1 {
		return raceScaled(10000)
	}
	return raceScaled(3000)
}

// raceScaled is n claims, or a fifth of them under the race detector,
// which slows Badger some twentyfold: still many staged batches and link
// parts, at a cost CI can pay. go test without -race runs the full size.
func raceScaled(n int) int {
	if raceEnabled {
		return n / 5
	}
	return n
}

// TestHugeArticleCrashChild is the child side of TestHugeArticleCrash: it
// stores version $CLAIMS_STORE_HUGE_VERSION of the huge article, saying
// "stored V" when Put returns, and announces each step of the staged Put;
// at the step named by $CLAIMS_STORE_HUGE_KILL ("staged:3" is the third
// batch) it says "at STEP" and waits for the SIGKILL.
func TestHugeArticleCrashChild(t *testing.T) {
	dir := os.Getenv(envHugeDir)
	if dir == "" {
		t.Skip("child of TestHugeArticleCrash")
	}
	v, _ := strconv.Atoi(os.Getenv(envHugeVersion))
	kill := os.Getenv(envHugeKill)
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	seen := map[string]int{}
	s.testHook = func(step string) {
		seen[step]++
		if kill == step+":"+strconv.Itoa(seen[step]) {
			fmt.Println("at", kill)
			select {} // until killed
		}
	}
	f := hugeArticle(hugeCrashClaims(v), v)
	if res := f.put(t, s); res.Claims != hugeCrashClaims(v) {
		fmt.Println("put:", res)
		os.Exit(3)
	}
	fmt.Println("stored", v)
	select {} // until killed
}

// TestHugeArticleCrash stores an article of 10,000 claims, then kills a
// process with SIGKILL in the middle of replacing it by versions of 3,000
// claims, at each step of the staged write:
// while its batches are written, just before the write that makes it
// visible, just after it, while its speakers are linked a part at a time,
// once they are, and while the version it replaced is deleted.
// After each kill the store opens with one version of the article whole
// (the old one until the final write, the new one after it), nothing of
// the other visible, Check content (the speaker links included) and
// nothing pending or left to link.
func TestHugeArticleCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 10,000 claims, and kills 6 processes storing more")
	}
	dir := t.TempDir()
	rounds := []struct {
		version int
		kill    string
		visible int // the version readers see after the kill
	}{
		{1, "", 1},
		{2, "staged:3", 1},
		{2, "final:1", 1},
		// Linking version 2 unlinks 7,000 speakers, in many parts.
		{2, "linkpart:3", 2},
		{3, "published:1", 3},
		{4, "linked:1", 4},
		{5, "cleaned:2", 5},
	}
	for _, r := range rounds {
		runHugeChild(t, dir, r.version, r.kill)
		s, err := Open(dir, Options{MustExist: true})
		if err != nil {
			t.Fatalf("after kill at %q: %v", r.kill, err)
		}
		seesOnly(t, s, hugeArticle(hugeCrashClaims(r.visible), r.visible), 0)
		if n := countPrefix(t, s, pPending); n != 0 {
			t.Errorf("after kill at %q: %d pending marks left by Open", r.kill, n)
		}
		if marks, err := s.linkMarks(""); err != nil || len(marks) != 0 {
			t.Errorf("after kill at %q: articles %v left to link by Open (%v)", r.kill, marks, err)
		}
		if n := countPrefix(t, s, pClaim); n != hugeCrashClaims(r.visible) {
			t.Errorf("after kill at %q: %d claim keys, want %d", r.kill, n, hugeCrashClaims(r.visible))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// runHugeChild runs TestHugeArticleCrashChild and kills it with SIGKILL
// when it reaches step kill (or, for "", once it has stored).
func runHugeChild(t *testing.T, dir string, version int, kill string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHugeArticleCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHugeDir+"="+dir, envHugeVersion+"="+strconv.Itoa(version), envHugeKill+"="+kill)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	want := "at " + kill
	if kill == "" {
		want = "stored " + strconv.Itoa(version)
	}
	sc := bufio.NewScanner(out)
	var last string
	for sc.Scan() {
		if last = sc.Text(); last == want {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err = cmd.Wait()
	if last != want {
		t.Fatalf("child (v%d, kill at %q) said %q, not %q", version, kill, last, want)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, not by our SIGKILL", err)
	}
}
