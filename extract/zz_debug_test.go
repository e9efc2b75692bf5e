package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// go test ./extract -run ZZDebug -v with ZZ="text"
func TestZZDebug(t *testing.T) {
	text := os.Getenv("ZZ")
	if text == "" {
		t.Skip()
	}
	ex := testExtractorIn(t)
	if os.Getenv("ZZSCOPE") == "all" {
		ex, _ = New(WithScope(ScopeAll))
	}
	d := prepared(t, ex, text)
	for _, s := range d.sents {
		var b strings.Builder
		for k := s.t0; k < s.t1; k++ {
			tk := d.toks[k]
			cue := ""
			if tk.isCue {
				cue = "*"
			}
			fmt.Fprintf(&b, "%s/%s%s ", tk.text, tk.tag, cue)
		}
		fmt.Println("SENT:", b.String())
	}
	cs, _ := ex.Extract(context.Background(), text)
	for _, c := range cs {
		sp := "<nil>"
		if c.Speaker != nil {
			sp = c.Speaker.Name + " [" + c.Speaker.Mention + "]"
		}
		cue := ""
		if c.Cue != nil {
			cue = c.Cue.Text
		}
		fmt.Printf("CLAIM %s %q by %s cue %q rule %s\n", c.Kind, c.Text, sp, cue, c.Rule)
	}
}

func TestZZMay(t *testing.T) {
	ex := testExtractorIn(t)
	for _, s := range []string{"Meanwhile, opposition voices—many of whom have been silenced—warn that allowing Russia to dictate terms would undermine the order.", "they warn that x", "Several EU ministers voiced frustration that Trump chose not to join them—pointing out that enhanced economic pressure remains one of the few levers."} {
		fmt.Println(ex.mayHoldCue(s), s)
	}
	c, ok := ex.lex.Cue("warn")
	fmt.Println(c, ok, ex.inScope(c))
}

func TestZZCue(t *testing.T) {
	ex := testExtractorIn(t)
	for _, w := range []string{"voiced", "voice", "report", "points", "pointing"} {
		c, ok := ex.lex.Cue(w)
		if ok {
			fmt.Println(w, c.Lemma, c.Class, c.Noun)
		} else {
			fmt.Println(w, "none")
		}
	}
}

func TestZZTrace(t *testing.T) {
	text := os.Getenv("ZZT")
	if text == "" {
		t.Skip()
	}
	ex := testExtractorIn(t)
	d := prepared(t, ex, text)
	led := newLedger(d)
	r := newReader(d, led, -1)
	for si, s := range d.sents {
		for k := s.t0; k < s.t1; k++ {
			if !r.usableCue(k) {
				continue
			}
			tt := &cueClauseTurn{reader: r, s: d.sents[si]}
			_, nr := tt.notAReport(k)
			subj, ok := tt.subject(k)
			after := d.contentStart(k, s)
			fmt.Printf("cue %s notAReport=%v subj=%q ok=%v after=%d(%s) end=%d\n", d.toks[k].text, nr, d.spanText(subj), ok, after, d.toks[min(after, len(d.toks)-1)].text, r.contentEnd(after, s))
		}
	}
}

func TestZZTrace2(t *testing.T) {
	text := os.Getenv("ZZT")
	if text == "" {
		t.Skip()
	}
	ex := testExtractorIn(t)
	d := prepared(t, ex, text)
	for k, tk := range d.toks {
		nw := false
		if tk.q >= 0 {
			nw = d.namesWork(int(tk.q))
		}
		fmt.Printf("%d %q tag=%s q=%d namesWork=%v\n", k, tk.text, tk.tag, tk.q, nw)
	}
}

func TestZZParas(t *testing.T) {
	path := os.Getenv("ZZP")
	if path == "" {
		t.Skip()
	}
	ex := testExtractorIn(t)
	b, _ := os.ReadFile(path)
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct{ Claim, Para string }
		json.Unmarshal([]byte(line), &r)
		text := "Lede.\n\n" + r.Para
		cs, _ := ex.Extract(context.Background(), text)
		fmt.Println("PARA:", strings.ReplaceAll(r.Para, "\n", " | "))
		for _, c := range cs {
			sp := "<nil>"
			if c.Speaker != nil {
				sp = c.Speaker.Name + " [" + c.Speaker.Mention + "]"
			}
			cue := ""
			if c.Cue != nil {
				cue = c.Cue.Text
			}
			mark := " "
			if strings.HasPrefix(c.Text, strings.TrimLeft(r.Claim[:min(20, len(r.Claim))], "“\"'")) || strings.Contains(c.Text, strings.TrimLeft(r.Claim[:min(20, len(r.Claim))], "“\"'")) {
				mark = ">"
			}
			fmt.Printf(" %s %s %q by %s cue %q rule %s\n", mark, c.Kind, trunc(c.Text), sp, cue, c.Rule)
		}
		fmt.Println()
	}
}

func trunc(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}
