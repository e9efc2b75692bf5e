package groups

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed data/contractions.txt
var dataFS embed.FS

// contractions is data/contractions.txt, read once: folded contraction →
// the words it stands for.
var contractions = sync.OnceValue(func() map[string][]string {
	m, err := parseContractions("data/contractions.txt")
	if err != nil {
		// The file is embedded and checked by TestContractionsFile: a
		// broken one is a build defect, not input.
		panic(err)
	}
	return m
})

func parseContractions(name string) (map[string][]string, error) {
	f, err := dataFS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string][]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want a contraction and its words, got %q", name, n, line)
		}
		if _, dup := m[f[0]]; dup {
			return nil, fmt.Errorf("%s:%d: %q listed twice", name, n, f[0])
		}
		m[f[0]] = f[1:]
	}
	return m, sc.Err()
}

// expand spells out the contractions in folded words.
func expand(words []string) []string {
	m := contractions()
	var out []string
	for i, w := range words {
		full, ok := m[w]
		if !ok {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(words)+4), words[:i]...)
		}
		out = append(out, full...)
	}
	if out == nil {
		return words
	}
	return out
}
