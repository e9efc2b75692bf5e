// Command goldgen writes corpus/gold.jsonl from the annotated articles in
// corpus/src. Run it through `go generate ./corpus` after editing a source.
//
// With -check FILE... it writes nothing: it parses the given sources and
// lists their claims, so that an annotator can review one article while
// others are being edited.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/claims-project/claims/corpus"
)

func main() {
	check := flag.Bool("check", false, "parse the named sources and list their claims; write nothing")
	flag.Parse()
	var err error
	if *check {
		err = checkFiles(flag.Args())
	} else {
		err = run()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldgen:", err)
		os.Exit(1)
	}
}

func run() error {
	srcs, err := corpus.ParseDir(os.DirFS("."), "src")
	if err != nil {
		return err
	}
	out, err := corpus.Render(srcs)
	if err != nil {
		return err
	}
	if err := os.WriteFile("gold.jsonl", out, 0o644); err != nil {
		return fmt.Errorf("write gold.jsonl: %w", err)
	}
	fmt.Printf("goldgen: %d articles written to corpus/gold.jsonl\n", len(srcs))
	return nil
}

func checkFiles(names []string) error {
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		s, err := corpus.Parse(n, string(b))
		if err != nil {
			return err
		}
		fmt.Printf("%s: id %s, %d claims, constructions %v\n", n, s.ID, len(s.Claims), s.Constructions)
		for i, c := range s.Claims {
			who := "(no speaker)"
			if c.Speaker != nil {
				who = c.Speaker.Name
				if c.Speaker.Mention != "" {
					who += " [" + c.Speaker.Mention + "]"
				}
			}
			cue := ""
			if c.Cue != nil {
				cue = " cue=" + c.Cue.Text
			}
			fmt.Printf("  c%-2d %-8s %s%s\n       %q\n", i+1, c.Kind, who, cue, strings.ReplaceAll(c.Text, "\n", "⏎"))
		}
	}
	return nil
}
