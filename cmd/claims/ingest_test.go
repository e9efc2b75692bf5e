package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIngest runs `claims ingest args...` in-process against a store in a
// temporary directory (CLAIMS_DB) and returns stdout, stderr and the error.
func runIngestCmd(t *testing.T, db string, stdin io.Reader, args ...string) (string, string, error) {
	t.Helper()
	t.Setenv("CLAIMS_DB", db)
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	if stdin != nil {
		root.SetIn(stdin)
	}
	root.SetArgs(append([]string{"ingest"}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

func exitCode(err error) int {
	var ue usageError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	case errors.As(err, &ee):
		return ee.code
	}
	return 1
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const testPage = `<html><head><title>Quay opens</title></head><body><nav>Home | News</nav><article><h1>Quay opens</h1>
<p>PORTHAVEN — The harbour authority said on Monday that the new quay would open in the spring, two years after work began on the site.</p>
<p>“It has been a long wait for everyone who works down here,” said harbourmaster Ines Calloway, who has run the port since 2011.</p>
<p>Fishermen said the old quay had been unsafe for years and that repairs had been promised by three successive councils.</p>
</article><div class="comments"><p>“Decoy,” wrote a reader.</p></div></body></html>`

func TestIngestCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/quay", "/quay2":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, strings.Replace(testPage, "Quay opens", "Quay opens "+r.URL.Path, -1))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	gold := filepath.Join(dir, "gold.jsonl")
	writeTestFile(t, gold, `{"id":"one","text":"“We will win,” said Jane Doe.","claims":[]}`+"\n"+
		`{"id":"two","text":"The minister said the talks had failed.","claims":[]}`+"\n")
	list := filepath.Join(dir, "urls.txt")
	writeTestFile(t, list, "# pages\n"+srv.URL+"/quay\n")

	tests := []struct {
		name      string
		args      []string
		stdin     string
		wantCode  int
		wantOut   []string
		wantErrIn []string // in stderr or the returned error
	}{
		{name: "no sources", wantCode: 2, wantErrIn: []string{"no sources"}},
		{name: "bad workers", args: []string{"--workers", "0", gold}, wantCode: 2, wantErrIn: []string{"--workers"}},
		{name: "bad progress", args: []string{"--progress", "sometimes", gold}, wantCode: 2, wantErrIn: []string{"--progress"}},
		{name: "unknown flag", args: []string{"--frobnicate", gold}, wantCode: 2},
		{name: "missing list", args: []string{"--urls", filepath.Join(dir, "nope.txt")}, wantCode: 2, wantErrIn: []string{"nope.txt"}},
		{name: "gold file", args: []string{gold}, wantCode: 0,
			wantOut: []string{"articles: 2 stored, 0 skipped, 0 failed", "tokens/s (tokens = whitespace-separated words)"}},
		{name: "gold again is skipped", args: []string{gold}, wantCode: 0,
			wantOut: []string{"articles: 0 stored, 2 skipped, 0 failed", "already stored"}},
		{name: "urls file and a failure", args: []string{"--urls", list, "--rate", "100", srv.URL + "/missing"}, wantCode: 1,
			wantOut:   []string{"articles: 1 stored, 0 skipped, 1 failed", "failed  http 404:"},
			wantErrIn: []string{"reason=\"http 404\"", "/missing", "1 of 2 sources failed"}},
		{name: "urls on stdin, refresh", args: []string{"--urls", "-", "--refresh", "--rate", "100", "--progress", "never"},
			stdin: srv.URL + "/quay\n" + srv.URL + "/quay2\n", wantCode: 0,
			wantOut: []string{"articles: 1 stored, 1 skipped, 0 failed", "unchanged"}},
	}
	db := filepath.Join(dir, "db")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var in io.Reader
			if tc.stdin != "" {
				in = strings.NewReader(tc.stdin)
			}
			out, errOut, err := runIngestCmd(t, db, in, tc.args...)
			if got := exitCode(err); got != tc.wantCode {
				t.Fatalf("exit %d (%v), want %d\nstdout:\n%s\nstderr:\n%s", got, err, tc.wantCode, out, errOut)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			all := errOut + fmt.Sprint(err)
			for _, w := range tc.wantErrIn {
				if !strings.Contains(all, w) {
					t.Errorf("stderr/error lacks %q:\n%s", w, all)
				}
			}
			if strings.Contains(errOut, "\r") || strings.Contains(errOut, "\x1b[") {
				t.Errorf("progress bar drawn although stderr is not a terminal:\n%q", errOut)
			}
		})
	}
}

func TestIngestHelpHasExamples(t *testing.T) {
	cmd := newIngestCmd()
	if !strings.Contains(cmd.Example, "claims ingest corpus/gold.jsonl") {
		t.Errorf("ingest --help examples lack the corpus job:\n%s", cmd.Example)
	}
}
