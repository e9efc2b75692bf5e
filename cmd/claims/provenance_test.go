package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claims-project/claims/corpus"
	"github.com/claims-project/claims/eval"
	"github.com/claims-project/claims/store"
)

// TestProvenance ingests a text file named by a relative path and reads
// the store from another directory: show, query --json and every export
// format lead to the file (its absolute path), say how it was named, and
// take its headline as its title.
func TestProvenance(t *testing.T) {
	root := t.TempDir()
	db := filepath.Join(root, "db")
	file := filepath.Join(root, "articles", "bridge.txt")
	writeTestFile(t, file, "Bridge to close for repairs\n\n“We know this is painful,” said Mayor Ana Ruiz on Monday.\n")
	t.Chdir(filepath.Join(root, "articles"))
	if _, errOut, err := runIngestCmd(t, db, nil, "bridge.txt"); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	t.Chdir(root)

	out, _, err := runStoreCmd(t, "--db", db, "show", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Bridge to close for repairs\n", "  path:      " + file + "\n", "  as given:  bridge.txt\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}

	out, _, err = runStoreCmd(t, "--db", db, "query", "--json", "--speaker", "Ruiz")
	if err != nil {
		t.Fatal(err)
	}
	var line store.Line
	if err := json.Unmarshal([]byte(out), &line); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if a := line.Article; a.Path != file || a.PathAsGiven != "bridge.txt" || a.Title != "Bridge to close for repairs" {
		t.Errorf("query --json article: %+v", a)
	}
	if _, err := os.Stat(line.Article.Path); err != nil {
		t.Errorf("the stored path leads nowhere: %v", err)
	}

	out, _, err = runStoreCmd(t, "--db", db, "export", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"path":"` + file + `"`, `"title":"Bridge to close for repairs"`} {
		if !strings.Contains(out, want) {
			t.Errorf("jsonl export lacks %s: %s", want, out)
		}
	}
	out, _, err = runStoreCmd(t, "--db", db, "export", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv: %v, %d rows", err, len(rows))
	}
	for _, col := range []string{"article_url", "site", "published"} {
		if !slices.Contains(rows[0], col) {
			t.Errorf("csv has no %s column: %v", col, rows[0])
		}
	}
	col := func(name string) string {
		if i := slices.Index(rows[0], name); i >= 0 {
			return rows[1][i]
		}
		return "(no " + name + " column)"
	}
	if col("article_path") != file || col("article_title") != "Bridge to close for repairs" {
		t.Errorf("csv row: path %q, title %q", col("article_path"), col("article_title"))
	}
}

// TestIngestCorpusDirectory: `claims ingest corpus/` stores the
// labelled articles once each, without the markup of their sources, and
// says what it passed over.
func TestIngestCorpusDirectory(t *testing.T) {
	corpusDir, err := filepath.Abs(filepath.Join("..", "..", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	out, errOut, err := runIngestCmd(t, db, nil, "--progress", "never", corpusDir+"/")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	arts, err := eval.ReadGoldFS(corpus.Files, corpus.GoldFile)
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, a := range arts {
		if a.HTML != "" {
			pages++
		}
	}
	// Each labelled article once; its source text a duplicate of it, its
	// HTML page (if any) passed over.
	n := len(arts)
	for _, want := range []string{
		fmt.Sprintf("articles: %d stored, %d skipped, 0 failed\n", n, n+pages),
		fmt.Sprintf("skipped duplicate in this run:       %d\n", n),
		fmt.Sprintf("skipped page of a gold article:      %d\n", pages),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runStoreCmd(t, "--db", db, "export", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "[[") || strings.Contains(out, "]]") {
		t.Errorf("stored claims keep corpus markup")
	}
}
