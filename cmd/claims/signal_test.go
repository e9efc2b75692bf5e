package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestIngestSIGTERM sends SIGTERM to an ingest waiting on a host that
// never answers, once it has stored a local file: like Ctrl-C, it keeps
// what is stored, prints the summary and exits with status 1.
func TestIngestSIGTERM(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "story.txt")
	writeTestFile(t, file, "“We will rebuild,” said Mayor Ana Ruiz.\n")
	db := filepath.Join(dir, "db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimsMainHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CLAIMS_TEST_MAIN_ARGS="+strings.Join(
		[]string{"--db", db, "ingest", "--progress", "never", srv.URL + "/never", file}, "\x1f"))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "msg=stored") {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stderr)
	log.Write(rest)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("after SIGTERM: %v; want exit status 1\nstderr:\n%s", err, log.String())
	}
	for _, want := range []string{"articles: 1 stored, 0 skipped, 0 failed\n", "throughput:"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
	if !strings.Contains(log.String(), "interrupted: 1 articles stored before the stop are kept") {
		t.Errorf("stderr:\n%s", log.String())
	}
	out, _, err := runStoreCmd(t, "--db", db, "query", "--speaker", "Ruiz")
	if err != nil || !strings.Contains(out, "We will rebuild") {
		t.Errorf("the stored article after SIGTERM: %v\n%s", err, out)
	}
}

// TestIngestUnreachableSources: what a user sees for a closed port, an
// ftp URL and a feed whose pages robots.txt disallows.
func TestIngestUnreachableSources(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			io.WriteString(w, "User-agent: *\nDisallow: /members/\n")
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><link>%[1]s/members/1</link></item></channel></rss>`, srv.URL)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "db")
	for _, tc := range []struct {
		source, want string
		code         int
	}{
		{"http://" + closed + "/story", "host " + closed + " refused the connection", 1},
		{"ftp://files.example/story.txt", "the ftp scheme is not supported", 1},
		{srv.URL + "/feed.xml", "skipped disallowed by robots.txt:", 0},
	} {
		out, errOut, err := runIngestCmd(t, db, nil, "--progress", "never", tc.source)
		if code := exitCode(err); code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("ingest %s: status %d, want %d and %q in:\n%s%s", tc.source, code, tc.code, tc.want, out, errOut)
		}
	}
}
