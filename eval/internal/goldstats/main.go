// Command goldstats prints what the README says of a gold file's claims
// beside the scores: how many are indirect, how many have a cue that is no
// reporting verb of the extractor's lexicon, "according to", a colon or a
// quotation, and so how much recall, and at a given precision how much F1,
// an extractor that took exactly those could reach. scripts/measure runs
// it on PolNeAR train.
//
//	go run ./eval/internal/goldstats -p 95.0 -p-all 93.9 FILE.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/extract/lexicon"
)

func main() {
	p := flag.Float64("p", 0, "claim precision (%) of the speech scope, for the F1 bound")
	pAll := flag.Float64("p-all", 0, "claim precision (%) of scope all, for its F1 bound")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: goldstats [-p P] [-p-all P] GOLD.jsonl")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *p, *pAll, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "goldstats:", err)
		os.Exit(1)
	}
}

// stats are the counts run prints.
type stats struct {
	claims, indirect int
	// speech and all count the claims an extractor of that scope could
	// take: a quotation, or a cue it knows.
	speech, all int
	// unknown counts claims whose cue is no cue of any scope; cues holds
	// their distinct cue strings.
	unknown int
	cues    map[string]bool
}

func run(path string, p, pAll float64, w io.Writer) error {
	lx, err := lexicon.Load()
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st := stats{cues: map[string]bool{}}
	br := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var g claims.Gold
			if err := json.Unmarshal(line, &g); err != nil {
				return fmt.Errorf("%s:%d: %w", path, n, err)
			}
			for _, c := range g.Claims {
				st.add(lx, c)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	st.print(w, path, p, pAll)
	return nil
}

// add counts claim c.
func (st *stats) add(lx *lexicon.Lexicon, c claims.GoldClaim) {
	st.claims++
	if c.Kind == claims.Indirect {
		st.indirect++
	}
	speech, any := c.Kind != claims.Indirect, c.Kind != claims.Indirect
	if c.Cue != nil {
		cue := strings.ToLower(strings.TrimSpace(c.Cue.Text))
		if cue == "according to" || cue == ":" {
			speech, any = true, true
		}
		for _, w := range strings.Fields(cue) {
			if k, ok := lx.Cue(strings.Trim(w, ".,;:!?\"'“”")); ok {
				any = true
				if k.Verb == nil || k.Class != lexicon.Belief && k.Class != lexicon.Stance {
					speech = true
				}
			}
		}
		if !any {
			st.unknown++
			st.cues[cue] = true
		}
	}
	if speech {
		st.speech++
	}
	if any {
		st.all++
	}
}

func (st *stats) print(w io.Writer, path string, p, pAll float64) {
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(st.claims, 1)) }
	f1 := func(p, r float64) float64 { return 2 * p * r / max(p+r, 1e-9) }
	fmt.Fprintf(w, "%s: %d claims, %.1f%% indirect\n", path, st.claims, pct(st.indirect))
	fmt.Fprintf(w, "  cue no reporting verb, \"according to\", colon or quotation: %d claims (%.1f%%), %d distinct cues\n",
		st.unknown, pct(st.unknown), len(st.cues))
	fmt.Fprintf(w, "  recall bound, speech: %.1f%% (F1 bound at P %.1f: %.1f)\n", pct(st.speech), p, f1(p, pct(st.speech)))
	fmt.Fprintf(w, "  recall bound, all:    %.1f%% (F1 bound at P %.1f: %.1f)\n", pct(st.all), pAll, f1(pAll, pct(st.all)))
}
