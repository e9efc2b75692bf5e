package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claims-project/claims/corpus"
)

// The golden tests pin what `claims extract --json` prints, byte for byte:
// for every article of our corpus (its gold text, and its HTML page where
// it has one) in full, and for PolNeAR train and dev, which may not be
// copied into the repository, as one SHA-256 of the output per article.
// A change meant to alter extraction rewrites them with
//
//	go test ./cmd/claims -run Golden -update
//
// and the diff of testdata/golden shows which articles moved; a change not
// meant to (a refactoring) must leave them as they are.

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

var polnearDir = filepath.Join("..", "..", "..", "shared", "data", "polnear")

// goldenInputs writes the text of every article of the gold file at path
// (read from fsys) into dir as ID.txt and returns the file names, in gold
// order.
func goldenInputs(t *testing.T, fsys fs.FS, path, dir string) []string {
	t.Helper()
	b, err := fs.ReadFile(fsys, path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var a struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		name := strings.NewReplacer("/", "_", "\\", "_").Replace(a.ID) + ".txt"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(a.Text), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// extractIn runs `claims extract --json` on files, relative to dir, and
// returns its output lines.
func extractIn(t *testing.T, dir string, files []string, flags ...string) []string {
	t.Helper()
	t.Chdir(dir)
	out, err := runExtract(t, "", append(append([]string{"--json"}, flags...), files...)...)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(out, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	if len(lines) != len(files) {
		t.Fatalf("%d output lines for %d files", len(lines), len(files))
	}
	return lines
}

// goldenPath is where golden file name lives, made absolute before a test
// changes its working directory.
func goldenPath(t *testing.T, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	name := filepath.Base(path)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	diff := 0
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			if diff < 3 {
				t.Errorf("%s line %d:\nwant %.400s\ngot  %.400s", name, i+1, w, g)
			}
			diff++
		}
	}
	t.Errorf("%s: %d lines differ (run with -update if the change is meant)", name, diff)
}

func TestGoldenCorpus(t *testing.T) {
	golden := goldenPath(t, "corpus.jsonl")
	dir := t.TempDir()
	files := goldenInputs(t, corpus.Files, corpus.GoldFile, dir)
	pages, err := fs.Glob(corpus.Files, "html/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		b, err := fs.ReadFile(corpus.Files, p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(p)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	checkGolden(t, golden, []byte(strings.Join(extractIn(t, dir, files), "")))
}

// TestGoldenPolNeAR runs where ../shared sits beside the checkout, as it
// does in CI.
func TestGoldenPolNeAR(t *testing.T) {
	if testing.Short() {
		t.Skip("PolNeAR golden output takes a few seconds")
	}
	for _, run := range []struct{ split, scope string }{{"train", "speech"}, {"dev", "speech"}, {"train", "all"}, {"dev", "all"}} {
		split := run.split
		t.Run(split+"/"+run.scope, func(t *testing.T) {
			name := "polnear-" + split + ".sha256"
			if run.scope != "speech" {
				name = "polnear-" + split + "-" + run.scope + ".sha256"
			}
			golden := goldenPath(t, name)
			abs, err := filepath.Abs(polnearDir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(abs, split+".jsonl")); err != nil {
				t.Skipf("no PolNeAR beside the checkout: %v", err)
			}
			dir := t.TempDir()
			files := goldenInputs(t, os.DirFS(abs), split+".jsonl", dir)
			var b strings.Builder
			for i, line := range extractIn(t, dir, files, "--scope", run.scope) {
				sum := sha256.Sum256([]byte(line))
				fmt.Fprintf(&b, "%s %s\n", strings.TrimSuffix(files[i], ".txt"), hex.EncodeToString(sum[:]))
			}
			checkGolden(t, golden, []byte(b.String()))
		})
	}
}
