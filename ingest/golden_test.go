package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/corpus"
)

// TestExtractPageGolden pins everything ExtractPage returns (id, URL,
// title, byline, date, site and text) for every HTML page of the corpus
// and under testdata, so that a change to page handling meant to change
// nothing shows that it changes nothing. Each page is extracted twice: as
// a local file (no header, no URL, as `claims extract page.html` does) and
// as a fetched page (a UTF-8 Content-Type header and an http URL, as
// ingest does), since the header and the URL take other paths through
// charset decoding and metadata. A change meant to alter extraction
// rewrites the files with
//
//	go test ./ingest -run Golden -update
//
// and the diff of testdata/golden shows which pages moved.
func TestExtractPageGolden(t *testing.T) {
	pages := map[string][]byte{} // golden file name → page
	htmlFiles, err := fs.Glob(corpus.Files, "html/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range htmlFiles {
		b, err := fs.ReadFile(corpus.Files, name)
		if err != nil {
			t.Fatal(err)
		}
		pages["corpus_"+strings.TrimSuffix(path.Base(name), ".html")] = b
	}
	err = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel("testdata", strings.TrimSuffix(p, ".html"))
		pages["testdata_"+strings.ReplaceAll(filepath.ToSlash(rel), "/", "_")] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(htmlFiles) == 0 || len(pages) == len(htmlFiles) {
		t.Fatalf("found %d corpus pages and %d testdata pages; want some of each", len(htmlFiles), len(pages)-len(htmlFiles))
	}
	for name, body := range pages {
		t.Run(name, func(t *testing.T) {
			got := goldenPage(t, name, body)
			file := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ExtractPage output differs from %s (run with -update to accept):\ngot:\n%s", file, got)
			}
		})
	}
}

// goldenPage is the golden file of one page: its article as a local file
// and as a fetched page, or the error each gave.
func goldenPage(t *testing.T, name string, body []byte) []byte {
	t.Helper()
	type result struct {
		Article *claims.Article `json:"article,omitempty"`
		Err     string          `json:"error,omitempty"`
	}
	run := func(contentType, pageURL string) result {
		a, err := ExtractPage(context.Background(), body, contentType, pageURL)
		if err != nil {
			return result{Err: err.Error()}
		}
		return result{Article: &a}
	}
	out := struct {
		File result `json:"file"`
		Web  result `json:"web"`
	}{
		File: run("", ""),
		Web:  run("text/html; charset=utf-8", "https://pages.example/"+name+"?from=feed"),
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}
