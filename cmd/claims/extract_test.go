package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
	"github.com/claims-project/claims/extract"
)

func runExtract(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(append([]string{"extract"}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "story.txt")
	text := "Bridge closes\n\n“We know this is painful,” said Mayor Ana Ruiz. Ruiz said the bridge would reopen in May.\n"
	if err := os.WriteFile(txt, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	page, err := fs.ReadFile(corpus.Files, "html/world-nato-sensor-belt.html")
	if err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(dir, "page.html")
	if err := os.WriteFile(html, page, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("readable", func(t *testing.T) {
		out, err := runExtract(t, "", txt)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"2 claims", "Ana Ruiz (Mayor) — “We know this is painful” — direct, said", "Ana Ruiz (Mayor) — “the bridge would reopen in May” — indirect, said"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("json with text", func(t *testing.T) {
		out, err := runExtract(t, "", "--json", "--with-text", txt, html)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d JSON lines, want one per document:\n%s", len(lines), out)
		}
		for i, line := range lines {
			var doc claims.Document
			if err := json.Unmarshal([]byte(line), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Article.Path != []string{txt, html}[i] || doc.Article.ID == "" || doc.Article.Text == "" || len(doc.Claims) == 0 {
				t.Errorf("document %d: article %+v, %d claims", i, doc.Article, len(doc.Claims))
			}
			runes := []rune(doc.Article.Text)
			for _, c := range doc.Claims {
				if string(runes[c.Start:c.End]) != c.Text || !strings.HasPrefix(c.ID, "c_") {
					t.Errorf("document %d: claim %q at [%d,%d), id %q", i, c.Text, c.Start, c.End, c.ID)
				}
			}
		}
		if !strings.Contains(lines[1], `"title":"NATO ministers approve eastern sensor chain`) {
			t.Errorf("the HTML page's title is missing: %.300s", lines[1])
		}
	})
	t.Run("stdin", func(t *testing.T) {
		out, err := runExtract(t, text, "--json", "-")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, `"path"`) || strings.Count(out, `"kind"`) != 2 {
			t.Errorf("stdin document: %s", out)
		}
	})
	t.Run("errors", func(t *testing.T) {
		if _, err := runExtract(t, "", filepath.Join(dir, "missing.txt")); err == nil || !strings.Contains(err.Error(), "missing.txt") {
			t.Errorf("missing file: %v", err)
		}
		var ue usageError
		if _, err := runExtract(t, "", "--scope", "everything", txt); !errors.As(err, &ue) {
			t.Errorf("bad scope: %v, want a usage error", err)
		}
		if _, err := runExtract(t, ""); !errors.As(err, &ue) {
			t.Errorf("no file: %v, want a usage error", err)
		}
	})
}

// TestExtractRefusesWhatIngestRefuses: an input over --max-body (the
// default ingest has) and one that is not text end with a message naming
// the file and status 1, as a shell sees them; a raised --max-body reads
// the large file.
func TestExtractRefusesWhatIngestRefuses(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	para := "“We will rebuild,” said Mayor Ana Ruiz.\n\n"
	writeTestFile(t, big, strings.Repeat(para, 10<<20/len(para)+1))
	bin := filepath.Join(dir, "image.txt")
	if err := os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"), 0o644); err != nil {
		t.Fatal(err)
	}
	nul := filepath.Join(dir, "nul.txt")
	writeTestFile(t, nul, "text\x00with a NUL")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{big}, big + " is over 10485760 bytes (the --max-body limit); raise --max-body to read it"},
		{[]string{"--max-body", "100", "-"}, "standard input is over 100 bytes"},
		{[]string{bin}, bin + " is not UTF-8 text"},
		{[]string{nul}, nul + " is not text: it holds a NUL byte at offset 4"},
	} {
		errOut, code := runMainIn(t, strings.Repeat("x", 200), append([]string{"extract"}, tc.args...)...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("extract %v: status %d, stderr %q; want status 1 and %q", tc.args, code, errOut, tc.want)
		}
	}
	mid := filepath.Join(dir, "mid.txt")
	n := 400_000 / len(para)
	writeTestFile(t, mid, strings.Repeat(para, n))
	if _, err := runExtract(t, "", "--json", "--max-body", "300000", mid); err == nil || !strings.Contains(err.Error(), "is over 300000 bytes") {
		t.Errorf("400 kB over a 300 kB limit: %v", err)
	}
	out, err := runExtract(t, "", "--json", "--max-body", "500000", mid)
	if err != nil {
		t.Fatal(err)
	}
	var doc claims.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Claims) != n {
		t.Errorf("%d claims under the raised limit, want %d", len(doc.Claims), n)
	}
}

// TestExtractLongText: a text longer than a window prints, as JSON, the
// bytes json.Encoder gives for the whole Document, and as a listing every
// claim with their number at the end.
func TestExtractLongText(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; b.Len() < 3*extract.WindowBytes; i++ {
		fmt.Fprintf(&b, "Story %d\n\n“We will rebuild bridge %d,” said Mayor Ana Ruiz.\n\nThe council said repairs would start in May.\n\n", i, i)
	}
	path := filepath.Join(dir, "long.txt")
	writeTestFile(t, path, b.String())
	out, err := runExtract(t, "", "--json", "--with-text", path)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	doc := claims.Document{Article: claims.Article{ID: claims.ArticleID("", b.String()), Path: path, Text: b.String()}}
	if doc.Claims, err = ex.Extract(context.Background(), b.String()); err != nil {
		t.Fatal(err)
	}
	claims.AssignIDs(doc.Article.ID, doc.Claims)
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	if out != want.String() {
		t.Errorf("streamed JSON (%d bytes) differs from the encoded Document (%d bytes)", len(out), want.Len())
	}
	if n := len(doc.Claims); n < 1000 {
		t.Fatalf("only %d claims in the long text", n)
	}
	out, err = runExtract(t, "", path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out, "Ana Ruiz (Mayor) — “We will rebuild bridge"); !strings.HasSuffix(out, fmt.Sprintf("(%d claims)\n\n", len(doc.Claims))) || got*2 != len(doc.Claims) {
		t.Errorf("listing of %d claims: %d direct ones and ends %q", len(doc.Claims), got, out[max(0, len(out)-40):])
	}
}
