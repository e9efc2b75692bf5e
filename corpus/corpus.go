// Package corpus holds the project's own labelled news articles and the HTML
// pages some of them were published as. Every article in it was written for
// this project; none is third-party text.
//
// The articles are written in src/*.txt in an annotated form (see Source)
// and rendered to gold.jsonl, the gold format of the spec, by
// `go generate ./corpus`. A test keeps the two in step, so gold.jsonl is
// never edited by hand and its offsets are right by construction.
package corpus

//go:generate go run ./internal/goldgen

import "embed"

// Files holds gold.jsonl, the annotated sources and the HTML pages, so that
// tests and benchmarks in other packages can read the corpus without
// knowing where the repository is checked out.
//
//go:embed gold.jsonl src html
var Files embed.FS

// GoldFile is the name of the gold file inside Files.
const GoldFile = "gold.jsonl"
