package eval

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claims-project/claims"
)

// A gold line exercising the optional parts: extra fields, a speaker with
// no mention, a null speaker, quotes and a cue, and non-ASCII text before
// the spans so that byte and code-point offsets differ.
const goodLine = `{"id":"a1","constructions":[1,2],"html":"html/a1.html","text":"Zoë Ångström said: “Wir schaffen das.” It’s “fine”, a sign read.\n“More,” she said.","claims":[` +
	`{"kind":"direct","start":20,"end":37,"text":"Wir schaffen das.","quotes":[{"text":"Wir schaffen das.","start":20,"end":37}],"speaker":{"name":"Zoë Ångström","mention":"Zoë Ångström","start":0,"end":12},"cue":{"text":"said","start":13,"end":17}},` +
	`{"kind":"direct","start":66,"end":70,"text":"More","speaker":{"name":"Zoë Ångström"}},` +
	`{"kind":"indirect","start":39,"end":43,"text":"It’s","speaker":null}` +
	`]}`

func TestReadGoldValid(t *testing.T) {
	arts, err := ReadGold(strings.NewReader("\n"+goodLine+"\n\n"), "g.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 {
		t.Fatalf("got %d articles, want 1", len(arts))
	}
	a := arts[0]
	if a.ID != "a1" || a.HTML != "html/a1.html" || a.File != "g.jsonl" || a.Line != 2 {
		t.Errorf("article header = %q %q %q %d", a.ID, a.HTML, a.File, a.Line)
	}
	if len(a.Claims) != 3 {
		t.Fatalf("got %d claims, want 3", len(a.Claims))
	}
	c0, c1, c2 := a.Claims[0], a.Claims[1], a.Claims[2]
	// The quotes were checked, but the gold form does not keep them.
	if c0.Kind != claims.Direct || c0.Speaker == nil || c0.Speaker.Mention != "Zoë Ångström" || c0.Speaker.Start == nil || *c0.Speaker.Start != 0 || *c0.Speaker.End != 12 || c0.Cue == nil || c0.Cue.Text != "said" {
		t.Errorf("claim 0 = %+v", c0)
	}
	if c1.Speaker == nil || c1.Speaker.Name != "Zoë Ångström" || c1.Speaker.Mention != "" || c1.Speaker.Start != nil || c1.Speaker.End != nil {
		t.Errorf("claim 1 speaker = %+v, want name and no mention", c1.Speaker)
	}
	if c2.Speaker != nil {
		t.Errorf("claim 2 speaker = %+v, want nil", c2.Speaker)
	}
}

func TestReadGoldErrors(t *testing.T) {
	// Each case edits the good line; the error must name the line and
	// the field (or say what is wrong with the JSON).
	tests := []struct {
		name  string
		input string
		want  []string // substrings of the error
	}{
		{"broken json", `{"id":"x","text":"abc","claims":[}`, []string{"g.jsonl:1", "invalid JSON"}},
		{"not an object", `[1,2]`, []string{"g.jsonl:1", "want eval.rawArticle"}},
		{"missing id", strings.Replace(goodLine, `"id":"a1",`, ``, 1), []string{"g.jsonl:1", "id: missing"}},
		{"empty id", strings.Replace(goodLine, `"id":"a1"`, `"id":""`, 1), []string{"id: empty"}},
		{"missing text", `{"id":"x","claims":[]}`, []string{`(article "x")`, "text: missing"}},
		{"missing claims", `{"id":"x","text":"abc"}`, []string{"claims: missing"}},
		{"unknown kind", strings.Replace(goodLine, `"kind":"indirect"`, `"kind":"reported"`, 1), []string{"claims[2].kind", `unknown kind "reported"`}},
		{"missing kind", strings.Replace(goodLine, `"kind":"indirect",`, ``, 1), []string{"claims[2].kind: missing"}},
		{"end out of range", strings.Replace(goodLine, `"start":66,"end":70`, `"start":67,"end":90`, 1), []string{"claims[1].end", "beyond the end of the text (82 code points)"}},
		{"negative start", strings.Replace(goodLine, `"start":66,"end":70`, `"start":-1,"end":70`, 1), []string{"claims[1].start", "negative"}},
		{"empty span", strings.Replace(goodLine, `"start":66,"end":70`, `"start":67,"end":67`, 1), []string{"claims[1].start", "empty or reversed"}},
		// Byte offsets of "Wir schaffen das." (ë, Å, ö and “ are multi-byte).
		{"byte offsets", strings.Replace(goodLine, `"start":20,"end":37,"text":"Wir schaffen das.","quotes"`, `"start":25,"end":42,"text":"Wir schaffen das.","quotes"`, 1), []string{"claims[0].text", "does not match text[25:42]", "code points"}},
		{"missing start", strings.Replace(goodLine, `"start":39,`, ``, 1), []string{"claims[2].start: missing"}},
		{"missing claim text", strings.Replace(goodLine, `"text":"More",`, ``, 1), []string{"claims[1].text: missing"}},
		{"wrong type", strings.Replace(goodLine, `"start":39`, `"start":"39"`, 1), []string{"g.jsonl:1", "claims.start", "got JSON string"}},
		{"missing speaker", strings.Replace(goodLine, `,"speaker":null`, ``, 1), []string{"claims[2].speaker: missing", "use null"}},
		{"speaker without name", strings.Replace(goodLine, `{"name":"Zoë Ångström"}`, `{"mention":""}`, 1), []string{"claims[1].speaker.name: missing"}},
		{"mention mismatch", strings.Replace(goodLine, `"mention":"Zoë Ångström","start":0,"end":12`, `"mention":"Zoë Ångström","start":1,"end":13`, 1), []string{"claims[0].speaker.mention", "does not match text[1:13]"}},
		{"mention out of range", strings.Replace(goodLine, `"mention":"Zoë Ångström","start":0,"end":12`, `"mention":"Zoë Ångström","start":0,"end":120`, 1), []string{"claims[0].speaker.end", "beyond the end"}},
		{"empty mention with range", strings.Replace(goodLine, `{"name":"Zoë Ångström"}`, `{"name":"Zoë Ångström","mention":"","start":3,"end":5}`, 1), []string{"claims[1].speaker.mention", "covers text"}},
		{"cue mismatch", strings.Replace(goodLine, `{"text":"said","start":13,"end":17}`, `{"text":"says","start":13,"end":17}`, 1), []string{"claims[0].cue.text", `"says"`}},
		{"quote out of range", strings.Replace(goodLine, `"quotes":[{"text":"Wir schaffen das.","start":20,"end":37}]`, `"quotes":[{"text":"Wir schaffen das.","start":20,"end":99}]`, 1), []string{"claims[0].quotes[0].end"}},
		{"duplicate id", goodLine + "\n" + goodLine, []string{"g.jsonl:2", "id already used on line 1"}},
		{"error on a later line", goodLine + "\n" + `{"id":"b","text":"x","claims":[{"kind":"direct"}]}`, []string{"g.jsonl:2", `(article "b")`, "claims[0].start: missing", "claims[0].speaker: missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := ReadGold(strings.NewReader(tt.input), "g.jsonl")
			if err == nil {
				t.Fatalf("no error; read %d articles", len(arts))
			}
			if arts != nil {
				t.Errorf("articles returned with an error: %d", len(arts))
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %T is not an *InputError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadGoldStopsAfterManyErrors(t *testing.T) {
	var b strings.Builder
	for range 100 {
		b.WriteString("{\n")
	}
	_, err := ReadGold(strings.NewReader(b.String()), "g.jsonl")
	if err == nil || !strings.Contains(err.Error(), "stopped after") {
		t.Fatalf("err = %v, want a bounded list of errors", err)
	}
	if n := strings.Count(err.Error(), "invalid JSON"); n != maxReported {
		t.Errorf("%d errors reported, want %d", n, maxReported)
	}
}

func TestReadGoldFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.jsonl")
	_, err := ReadGoldFile(path)
	if err == nil || !strings.Contains(err.Error(), path) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist naming %s", err, path)
	}
}

func TestReadGoldFilesDuplicateAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte(goodLine+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if arts, err := ReadGoldFiles([]string{a}); err != nil || len(arts) != 1 {
		t.Fatalf("one file: %d articles, err %v", len(arts), err)
	}
	_, err := ReadGoldFiles([]string{a, b})
	if err == nil || !strings.Contains(err.Error(), b+":1") || !strings.Contains(err.Error(), "already used at "+a+":1") {
		t.Fatalf("err = %v, want duplicate id across files", err)
	}
}

func TestReadGoldLongLine(t *testing.T) {
	// An article far longer than bufio.Scanner's default 64 KiB token,
	// with its claim at the very end.
	body := strings.Repeat("Ein ruhiger Absatz über nichts — ", 8000)
	quote := "Das Ende."
	text := body + "“" + quote + "”"
	start := utf8.RuneCountInString(body) + 1
	line, err := json.Marshal(map[string]any{
		"id": "long", "text": text,
		"claims": []any{map[string]any{"kind": "direct", "start": start, "end": start + 9, "text": quote, "speaker": nil}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(line) < 200_000 {
		t.Fatalf("test line only %d bytes", len(line))
	}
	arts, err := ReadGold(strings.NewReader(string(line)), "long.jsonl") // no trailing newline
	if err != nil {
		t.Fatal(err)
	}
	if got := arts[0].Claims[0]; got.Start != start || got.Text != quote {
		t.Errorf("claim = %+v", got)
	}
}

func FuzzReadGold(f *testing.F) {
	f.Add(goodLine)
	f.Add(`{"id":"x","text":"abc","claims":[{"kind":"direct","start":0,"end":2,"text":"ab","speaker":{"name":"A","mention":"c","start":2,"end":3}}]}`)
	f.Add(`{"id":"x","text":"a\u0301bc","claims":[{"kind":"partial","start":1,"end":3,"text":"\u0301b","speaker":null}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		arts, err := ReadGold(strings.NewReader(in), "f.jsonl")
		if err != nil {
			return
		}
		// Whatever is accepted must satisfy the invariants scoring relies on.
		for _, a := range arts {
			rt := newRuneText(a.Text)
			for _, g := range a.Claims {
				c := g.Claim()
				if !c.Kind.Valid() || c.Start < 0 || c.End > rt.Len() || c.Start >= c.End || rt.Slice(c.Start, c.End) != c.Text {
					t.Fatalf("accepted bad claim %+v in %q", c, a.Text)
				}
				if sp := c.Speaker; sp != nil {
					if sp.Name == "" {
						t.Fatalf("accepted speaker without name: %+v", sp)
					}
					if sp.HasMention() && rt.Slice(sp.Start, sp.End) != sp.Mention {
						t.Fatalf("accepted bad mention %+v", sp)
					}
				}
			}
		}
	})
}
