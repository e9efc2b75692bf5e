package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

type zzGold struct {
	ID     string
	Text   string
	Claims []struct {
		Kind       string
		Start, End int
		Cue        *struct {
			Text       string
			Start, End int
		}
	}
}

func TestZZDiag(t *testing.T) {
	path := os.Getenv("ZZGOLD")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Open(path)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	ex := testExtractorIn(t)
	cat := map[string]int{}
	examples := map[string][]string{}
	for sc.Scan() {
		var g zzGold
		json.Unmarshal(sc.Bytes(), &g)
		d := prepared(t, ex, g.Text)
		led := newLedger(d)
		for _, r := range ex.rules {
			r.apply(d, led)
		}
		// byte offsets of runes
		idx := make([]int, 0, len(g.Text)+1)
		for i := range g.Text {
			idx = append(idx, i)
		}
		idx = append(idx, len(g.Text))
		for _, c := range g.Claims {
			if c.Kind != "indirect" || c.Cue == nil {
				continue
			}
			cs, ce := idx[c.Cue.Start], idx[c.Cue.End]
			gs, ge := idx[c.Start], idx[c.End]
			// matched by a candidate?
			matched := false
			for _, cd := range led.cands {
				ov := min(ge, cd.content.e) - max(gs, cd.content.s)
				if ov > 0 && float64(utf8.RuneCountInString(g.Text[max(gs, cd.content.s):min(ge, cd.content.e)]))/float64(c.End-c.Start) > 0.3 {
					matched = true
				}
			}
			if matched {
				continue
			}
			k := d.tokenAt(cs)
			key := ""
			switch {
			case k >= len(d.toks) || d.toks[k].s >= ce:
				key = "no-token"
			case !d.toks[k].isCue:
				tk := d.toks[k]
				_, inLex := ex.lex.Cue(tk.lower)
				key = fmt.Sprintf("not-cue(lex=%v,tagged=%v)", inLex, d.sents[tk.sent].tagged)
			case led.tokTaken[k]:
				key = "cue-taken"
			default:
				key = "cue-unused/" + d.toks[k].tag
			}
			cat[key]++
			if len(examples[key]) < 400 {
				s := d.sents[d.toks[min(k, len(d.toks)-1)].sent]
				a, b := min(s.s, gs, cs), max(ge, s.e)
				examples[key] = append(examples[key], strings.ReplaceAll(g.Text[a:gs]+"⟦"+g.Text[gs:ge]+"⟧"+g.Text[ge:b], "\n", " | ")+"   [cue "+c.Cue.Text+"]")
			}
		}
	}
	var keys []string
	for k := range cat {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool { return cat[keys[a]] > cat[keys[b]] })
	for _, k := range keys {
		fmt.Println(cat[k], k)
	}
	if show := os.Getenv("ZZSHOW"); show != "" {
		ex := examples[show]
		for n, i := 0, 0; i < len(ex) && n < 45; n, i = n+1, i+max(1, len(ex)/45) {
			fmt.Println("--", ex[i])
		}
	}
}
