package extract

import (
	"context"
	"os"
	"testing"
)

func TestDebugDoc(t *testing.T) {
	text := os.Getenv("DEBUG_TEXT")
	if text == "" {
		t.Skip("set DEBUG_TEXT")
	}
	ex, _ := New()
	d := ex.newDoc(text)
	ex.analyse(context.Background(), d)
	for _, s := range d.sents {
		t.Logf("SENT %q tagged=%v", text[s.s:s.e], s.tagged)
		for k := s.t0; k < s.t1; k++ {
			tk := d.toks[k]
			t.Logf("   %q %s cue=%v q=%d name=%v", tk.text, tk.tag, tk.isCue, tk.q, d.isNameTok(k))
		}
	}
	for _, m := range d.reg.mentions {
		t.Logf("MENTION %d %+v", m.pos, *m.ent)
	}
	runSieves(d)
	for _, c := range d.cands {
		t.Logf("CAND %s %s %q spk=%v", c.sieve, c.kind, text[c.content.s:c.content.e], c.speaker)
	}
}
