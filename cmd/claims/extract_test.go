package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
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
