// Command gencorpus writes N synthetic article files for measuring
// ingestion at scale (memory and throughput over many articles): each is a
// corpus article's text with a numbered dateline added, so that every file
// is a distinct article with realistic claims.
//
//	go run ./ingest/internal/gencorpus -n 20000 -out /tmp/articles
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of articles to write")
	out := flag.String("out", "", "directory to write them to (created)")
	flag.Parse()
	if err := run(*n, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(n int, out string) error {
	if out == "" || n < 1 {
		return fmt.Errorf("need -out DIR and -n ≥ 1")
	}
	b, err := corpus.Files.ReadFile(corpus.GoldFile)
	if err != nil {
		return err
	}
	var texts []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a claims.Gold
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		texts = append(texts, a.Text)
	}
	// Spread the files over subdirectories, as a crawl store would.
	for i := 0; i < n; i++ {
		dir := filepath.Join(out, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		text := fmt.Sprintf("Edition %d\n\n%s", i, texts[i%len(texts)])
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%06d.txt", i)), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
