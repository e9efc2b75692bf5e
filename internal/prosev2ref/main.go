// Command prosev2ref runs prose v2's whole pipeline (segmentation,
// tokenization, tagging and named entities) over the files it is given,
// its model loaded once and shared by every document, and prints one JSON
// line a file: the reference that whole-process `claims extract --json`
// over the same files is measured against (scripts/measure).
//
//	go run ./internal/prosev2ref FILE...
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	prose "github.com/jdkato/prose/v2"
)

type summary struct {
	Path      string `json:"path"`
	Tokens    int    `json:"tokens"`
	Sentences int    `json:"sentences"`
	Entities  int    `json:"entities"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "prosev2ref:", err)
		os.Exit(1)
	}
}

func run(paths []string) error {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	var model *prose.Model
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var opts []prose.DocOpt
		if model != nil {
			opts = append(opts, prose.UsingModel(model))
		}
		doc, err := prose.NewDocument(string(b), opts...)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		model = doc.Model
		s := summary{Path: p, Tokens: len(doc.Tokens()), Sentences: len(doc.Sentences()), Entities: len(doc.Entities())}
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return nil
}
