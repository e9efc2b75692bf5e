package main

import (
	"compress/gzip"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"github.com/spf13/cobra"
)

// helpExample is one command line of a --help's examples.
type helpExample struct {
	command, line string
}

// helpExamples lists the example lines of every command, in the order
// cobra lists the commands (by name), comments left out.
func helpExamples(c *cobra.Command) []helpExample {
	var out []helpExample
	for line := range strings.SplitSeq(c.Example, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, helpExample{c.Name(), line})
		}
	}
	for _, sub := range c.Commands() {
		out = append(out, helpExamples(sub)...)
	}
	return out
}

// exampleHosts are the hosts the examples name, served here by one test
// server: each is rewritten to its URL.
var exampleHosts = []string{"https://example.com", "https://news.example.com", "https://www.reuters.com"}

// TestHelpExamples runs every example of every --help as a shell runs it,
// with `claims` on the PATH, in a directory holding the files the examples
// name (the corpus, pages, a list of URLs, a WARC archive, a store at
// ./claims.db) and the hosts they name served over TLS on this machine.
// Each must exit 0.
func TestHelpExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every example in a process of its own")
	}
	examples := helpExamples(newRoot())
	if len(examples) < 25 {
		t.Fatalf("only %d examples found", len(examples))
	}
	srv := httptest.NewTLSServer(exampleHandler(t))
	defer srv.Close()
	work, env := exampleWorld(t, srv)
	run := func(line string) (string, error) {
		for _, h := range exampleHosts {
			line = strings.ReplaceAll(line, h, srv.URL)
		}
		cmd := exec.Command("bash", "-o", "pipefail", "-c", line)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// What the examples read: a store with the corpus, a page fetched from
	// a host and a saved page, and another store at ./claims.db.
	for _, setup := range []string{
		"claims ingest --progress never corpus/gold.jsonl articles/story.html https://www.reuters.com/world/europe/some-story/",
		"claims --db ./claims.db ingest --progress never article.txt",
	} {
		if out, err := run(setup); err != nil {
			t.Fatalf("%s: %v\n%s", setup, err, out)
		}
	}
	for _, ex := range examples {
		if strings.Contains(ex.line, "../shared/") {
			if _, err := os.Stat(filepath.Join(work, "..", "shared")); err != nil {
				t.Logf("%s: skipped, no ../shared beside the checkout", ex.line)
				continue
			}
		}
		start := time.Now()
		out, err := run(ex.line)
		t.Logf("%5.1fs  %s", time.Since(start).Seconds(), ex.line)
		if err != nil {
			t.Errorf("claims %s --help example\n  %s\nfailed: %v\n%s", ex.command, ex.line, err, out)
		}
	}
}

// exampleHandler serves the pages, sitemap and robots.txt the examples'
// URLs name.
func exampleHandler(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/news-sitemap.xml.gz":
			w.Header().Set("Content-Type", "application/gzip")
			zw := gzip.NewWriter(w)
			fmt.Fprintf(zw, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
				`<url><loc>https://%[1]s/page/1</loc></url><url><loc>https://%[1]s/page/2</loc></url></urlset>`, r.Host)
			zw.Close()
		case r.URL.Path == "/story" || r.URL.Path == "/world/europe/some-story/" || strings.HasPrefix(r.URL.Path, "/page/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, strings.ReplaceAll(testPage, "Quay opens", "Quay opens "+r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
}

// exampleWorld lays out the files the examples name and returns the
// directory they run in and their environment: HOME, the store and the
// trusted certificates are the test's own, and `claims` on the PATH is
// built from this package.
func exampleWorld(t *testing.T, srv *httptest.Server) (string, []string) {
	t.Helper()
	root := t.TempDir()
	work, home, bin := filepath.Join(root, "work"), filepath.Join(root, "home"), filepath.Join(root, "bin")
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{work, home, bin} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(repo, "corpus"), filepath.Join(work, "corpus"))
	if _, err := os.Stat(filepath.Join(repo, "..", "shared")); err == nil {
		link(filepath.Join(repo, "..", "shared"), filepath.Join(root, "shared"))
	}
	page, err := os.ReadFile(filepath.Join(repo, "corpus", "html", "world-nato-sensor-belt.html"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(work, "article.txt"), "Bridge to close\n\n“We know this is painful,” said Mayor Ana Ruiz.\n")
	writeTestFile(t, filepath.Join(work, "aliases.txt"), "# one entity\nVolodymyr Zelensky = Wolodymyr Selenskyj\n")
	writeTestFile(t, filepath.Join(work, "page.html"), string(page))
	writeTestFile(t, filepath.Join(work, "articles", "story.html"), string(page))
	writeTestFile(t, filepath.Join(home, "saved-pages", "quay.html"), testPage)
	writeTestFile(t, filepath.Join(work, "urls", "list.txt"), "# pages to read\n"+srv.URL+"/page/3\n")
	writeExampleWARC(t, filepath.Join(work, "CC-NEWS-20250520.warc.gz"))
	ca := filepath.Join(root, "ca.pem")
	writeTestFile(t, ca, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	// A binary built as a user builds it (without the race detector, whose
	// start-up cost, paid by every example, would make this test the
	// slowest of the suite).
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "claims"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "HOME="+home, "CLAIMS_DB="+filepath.Join(root, "store"),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "SSL_CERT_FILE="+ca, "CURL_CA_BUNDLE="+ca)
	return work, env
}

// writeExampleWARC writes a CC-NEWS-like archive of one page.
func writeExampleWARC(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := gowarc.NewRecordBuilder(gowarc.Response, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingRecordId(true))
	b.AddWarcHeader(gowarc.WarcTargetURI, "https://news.example.com/quay")
	b.AddWarcHeaderTime(gowarc.WarcDate, time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC))
	b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	body := testPage
	if _, err := fmt.Fprintf(b, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Fatal(err)
	}
	rec, _, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	zw := gzip.NewWriter(f)
	if _, _, err := gowarc.NewMarshaler().Marshal(zw, rec, 0); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
