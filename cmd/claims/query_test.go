package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// runStoreCmd runs the claims root command in-process and returns its
// stdout and stderr.
func runStoreCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

type storedArticle struct {
	a      claims.Article
	claims []claims.Claim
}

// claimIn builds a claim whose content is the first occurrence of content
// in text, with code-point offsets.
func claimIn(text string, kind claims.Kind, content, speaker, title string, entities ...string) claims.Claim {
	i := strings.Index(text, content)
	start := len([]rune(text[:i]))
	end := start + len([]rune(content))
	c := claims.Claim{Kind: kind, Text: content, Start: start, End: end, Confidence: 0.9,
		Cue: &claims.Span{Text: "said", Start: 0, End: 4}}
	if kind != claims.Indirect {
		c.Quotes = []claims.Span{{Text: content, Start: start, End: end}}
	}
	if speaker != "" {
		c.Speaker = &claims.Speaker{Name: speaker, Mention: speaker, Type: claims.TypePerson, Title: title}
	}
	for _, e := range entities {
		c.Entities = append(c.Entities, claims.Entity{Name: e, Text: e, Type: claims.TypePerson})
	}
	return c
}

// fillStore creates a store in a temp dir with three articles and returns
// its directory and the articles, newest first.
func fillStore(t *testing.T) (string, []storedArticle) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mk := func(url, title, site string, pub time.Time, text string, cs ...claims.Claim) storedArticle {
		a := claims.Article{ID: claims.ArticleID(url, text), URL: url, Title: title, Site: site, Published: pub, Text: text}
		claims.AssignIDs(a.ID, cs)
		if _, err := st.Put(context.Background(), a, cs, url); err != nil {
			t.Fatal(err)
		}
		return storedArticle{a, cs}
	}
	t1 := "Putin said that “talks were on track”. Bédier warned prices would rise."
	t2 := "Mr. Putin told reporters: “The West lied.” Trump said Putin “was not serious”."
	t3 := "Scholz said “no”."
	arts := []storedArticle{
		mk("https://news.example/1", "Talks on track", "reuters.com", time.Date(2025, 5, 20, 8, 0, 0, 0, time.UTC), t1,
			claimIn(t1, claims.Partial, "talks were on track", "Vladimir Putin", "Russian President"),
			claimIn(t1, claims.Indirect, "prices would rise", "Élisabeth Bédier", "")),
		mk("https://news.example/2", "West lied", "apnews.com", time.Date(2025, 5, 10, 8, 0, 0, 0, time.UTC), t2,
			claimIn(t2, claims.Direct, "The West lied.", "Mr. Putin", ""),
			claimIn(t2, claims.Partial, "Putin “was not serious”", "Donald Trump", "U.S. President", "Vladimir Putin")),
		mk("https://news.example/3", "", "", time.Time{}, t3,
			claimIn(t3, claims.Direct, "no", "Olaf Scholz", "")),
	}
	return dir, arts
}

func TestQueryReadableOutput(t *testing.T) {
	dir, _ := fillStore(t)
	out, errOut, err := runStoreCmd(t, "--db", dir, "query", "--speaker", "putin")
	if err != nil {
		t.Fatal(err)
	}
	want := "2025-05-20 · reuters.com · Vladimir Putin (Russian President)\n" +
		"  “talks were on track” (partial, said)\n" +
		"  Talks on track — https://news.example/1\n" +
		"\n" +
		"2025-05-10 · apnews.com · Mr. Putin\n" +
		"  “The West lied.” (direct, said)\n" +
		"  West lied — https://news.example/2\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(errOut, "using store "+dir+"\n") {
		t.Errorf("stderr does not name the store: %q", errOut)
	}
	// An undated, untitled article without a site.
	out, _, err = runStoreCmd(t, "--db", dir, "query", "--speaker", "Scholz")
	if err != nil {
		t.Fatal(err)
	}
	if want := "undated · Olaf Scholz\n  “no” (direct, said)\n  https://news.example/3\n"; out != want {
		t.Errorf("undated output %q, want %q", out, want)
	}
}

func TestQueryCommandFilters(t *testing.T) {
	dir, arts := fillStore(t)
	id := func(a, c int) string { return arts[a].claims[c].ID }
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--speaker", "Putin"}, []string{id(0, 0), id(1, 0)}},
		{[]string{"--speaker", "Vladimir Putin", "--exact"}, []string{id(0, 0)}},
		{[]string{"--speaker", "vladimir putin", "--exact"}, nil},
		{[]string{"--speaker", "Bedier"}, []string{id(0, 1)}},
		{[]string{"--about", "Putin"}, []string{id(1, 1)}},
		{[]string{"--speaker", "Trump", "--about", "Putin"}, []string{id(1, 1)}},
		{[]string{"--site", "apnews.com"}, []string{id(1, 0), id(1, 1)}},
		{[]string{"--kind", "partial"}, []string{id(0, 0), id(1, 1)}},
		{[]string{"--kind", "direct,indirect"}, []string{id(0, 1), id(1, 0), id(2, 0)}},
		{[]string{"--kind", "Direct", "--kind", "indirect"}, []string{id(0, 1), id(1, 0), id(2, 0)}},
		{[]string{"--since", "2025-05-15"}, []string{id(0, 0), id(0, 1)}},
		{[]string{"--until", "2025-05-10"}, []string{id(1, 0), id(1, 1)}},
		{[]string{"--until", "2025-05-09"}, nil},
		{[]string{"--since", "2025-05", "--until", "2025-05-19"}, []string{id(1, 0), id(1, 1)}},
		{[]string{"--contains", "West"}, []string{id(1, 0)}},
		{[]string{"--limit", "1"}, []string{id(0, 0)}},
		{[]string{"--limit", "0"}, []string{id(0, 0), id(0, 1), id(1, 0), id(1, 1), id(2, 0)}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append([]string{"--db", dir, "query", "--json"}, tc.args...)
			out, errOut, err := runStoreCmd(t, args...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			dec := json.NewDecoder(strings.NewReader(out))
			for dec.More() {
				var l store.Line
				if err := dec.Decode(&l); err != nil {
					t.Fatal(err)
				}
				if l.Article.ID == "" || l.Article.URL == "" || l.Article.Text != "" {
					t.Errorf("line %s: article %+v", l.ID, l.Article)
				}
				got = append(got, l.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if (len(got) == 0) != strings.Contains(errOut, "no claims match") {
				t.Errorf("stderr %q with %d results", errOut, len(got))
			}
		})
	}
}

func TestQueryJSONIsSpecFormat(t *testing.T) {
	dir, arts := fillStore(t)
	out, _, err := runStoreCmd(t, "--db", dir, "query", "--json", "--speaker", "Trump")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "kind", "text", "start", "end", "quotes", "speaker", "cue", "confidence", "entities", "article"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing %q in %s", k, out)
		}
	}
	art := m["article"].(map[string]any)
	if _, ok := art["text"]; ok {
		t.Error("article text printed")
	}
	want := arts[1]
	if art["id"] != want.a.ID || art["published"] != "2025-05-10T08:00:00Z" || art["site"] != "apnews.com" {
		t.Errorf("article %v", art)
	}
	// Offsets are code points into the stored text.
	c := want.claims[1]
	if got := string([]rune(want.a.Text)[int(m["start"].(float64)):int(m["end"].(float64))]); got != c.Text {
		t.Errorf("offsets select %q, want %q", got, c.Text)
	}
}

func TestQueryUsageErrors(t *testing.T) {
	dir, _ := fillStore(t)
	for _, args := range [][]string{
		{"--kind", "quoted"},
		{"--since", "last tuesday"},
		{"--until", "2025-13-01"},
		{"--since", "2025-05-10", "--until", "2025-05-01"},
		{"--limit", "-1"},
		{"--speaker", "..."},
		{"--about", "—"},
		{"stray-arg"},
	} {
		_, _, err := runStoreCmd(t, append([]string{"--db", dir, "query"}, args...)...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("query %v: %v, want a usage error", args, err)
		}
	}
}

func TestStoreDirResolution(t *testing.T) {
	base := t.TempDir()
	flagDir, envDir, xdg := filepath.Join(base, "flag"), filepath.Join(base, "env"), filepath.Join(base, "xdg")
	home := filepath.Join(base, "home")
	cases := []struct {
		name           string
		flag, env, xdg string
		want           string
	}{
		{"flag wins", flagDir, envDir, xdg, flagDir},
		{"env next", "", envDir, xdg, envDir},
		{"xdg next", "", "", xdg, filepath.Join(xdg, "claims")},
		{"home last", "", "", "", filepath.Join(home, ".local", "share", "claims")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CLAIMS_DB", tc.env)
			t.Setenv("XDG_DATA_HOME", tc.xdg)
			t.Setenv("HOME", home)
			args := []string{"stats"}
			if tc.flag != "" {
				args = []string{"--db", tc.flag, "stats"}
			}
			_, errOut, err := runStoreCmd(t, args...)
			if !strings.Contains(errOut, "using store "+tc.want+"\n") {
				t.Errorf("stderr %q does not name %s", errOut, tc.want)
			}
			// Reading commands never create a store.
			if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), tc.want+" does not exist") {
				t.Errorf("stats on a missing store: %v", err)
			}
			if _, serr := os.Stat(tc.want); !os.IsNotExist(serr) {
				t.Errorf("stats created %s", tc.want)
			}
		})
	}
}

func TestSpeakersCommand(t *testing.T) {
	dir, _ := fillStore(t)
	out, _, err := runStoreCmd(t, "--db", dir, "speakers")
	if err != nil {
		t.Fatal(err)
	}
	// One row per entity: "Mr. Putin" is Vladimir Putin. Ties are in
	// entity id order, which the names decide.
	want := "2  Vladimir Putin — Russian President · 2 articles, 2025-05-10 to 2025-05-20 · also Putin\n" +
		"1  Donald Trump — U.S. President · 1 article, 2025-05-10\n" +
		"1  Olaf Scholz · 1 article\n" +
		"1  Élisabeth Bédier · 1 article, 2025-05-20\n"
	if out != want {
		t.Errorf("speakers:\n%s\nwant:\n%s", out, want)
	}
	out, _, err = runStoreCmd(t, "--db", dir, "speakers", "--json", "--top", "2", "--since", "2025-05-15")
	if err != nil {
		t.Fatal(err)
	}
	var got []speakerLine
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var l speakerLine
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	// Since May 15th each has one claim; ties go by entity id.
	if len(got) != 2 || got[0].Name != "Vladimir Putin" || got[0].Titles[0] != "Russian President" || got[1].Name != "Élisabeth Bédier" {
		t.Errorf("speakers --json --top 2 --since: %+v", got)
	}
	if _, _, err := runStoreCmd(t, "--db", dir, "speakers", "--top", "-3"); !errors.As(err, new(usageError)) {
		t.Errorf("--top -3: %v", err)
	}
}

func TestShowCommand(t *testing.T) {
	dir, arts := fillStore(t)
	a := arts[0]
	for _, ref := range []string{a.a.ID, a.a.URL} {
		out, _, err := runStoreCmd(t, "--db", dir, "show", ref)
		if err != nil {
			t.Fatal(err)
		}
		want := "Talks on track\n" +
			"  id:        " + a.a.ID + "\n" +
			"  url:       https://news.example/1\n" +
			"  site:      reuters.com\n" +
			"  published: 2025-05-20 08:00 UTC\n" +
			"  claims:    2\n" +
			"\n1. Vladimir Putin (Russian President) (partial, said)\n   “talks were on track”\n" +
			"\n2. Élisabeth Bédier (indirect, said)\n   “prices would rise”\n"
		if out != want {
			t.Errorf("show %s:\n%s\nwant:\n%s", ref, out, want)
		}
	}
	out, _, err := runStoreCmd(t, "--db", dir, "show", "--json", "--with-text", a.a.URL)
	if err != nil {
		t.Fatal(err)
	}
	var doc claims.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Article.Text != a.a.Text || len(doc.Claims) != 2 || doc.Claims[1].ID != a.claims[1].ID {
		t.Errorf("show --json --with-text: %+v", doc)
	}
	out, _, err = runStoreCmd(t, "--db", dir, "show", "--json", a.a.ID)
	if err != nil || strings.Contains(out, `"text":"Putin said`) {
		t.Errorf("show --json printed the text without --with-text: %v %s", err, out)
	}
	_, _, err = runStoreCmd(t, "--db", dir, "show", "https://news.example/missing")
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 1 || !strings.Contains(ee.msg, "no article") {
		t.Errorf("show missing: %v", err)
	}
}

func TestExportCommand(t *testing.T) {
	dir, arts := fillStore(t)
	out, errOut, err := runStoreCmd(t, "--db", dir, "export", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "\n"); n != 5 || !strings.Contains(errOut, "exported 5 claims") {
		t.Errorf("jsonl export: %d lines, stderr %q", n, errOut)
	}
	// Same lines as query --json --limit 0.
	q, _, err := runStoreCmd(t, "--db", dir, "query", "--json", "--limit", "0")
	if err != nil || q != out {
		t.Errorf("export differs from query --json: %v\n%s\n%s", err, out, q)
	}
	file := filepath.Join(t.TempDir(), "putin.csv")
	if _, _, err := runStoreCmd(t, "--db", dir, "export", "--format", "csv", "-o", file, "--speaker", "Putin"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], store.CSVHeader) {
		t.Fatalf("csv rows: %v", rows)
	}
	col := func(name string) int { return slices.Index(store.CSVHeader, name) }
	if r := rows[1]; r[col("id")] != arts[0].claims[0].ID || r[col("speaker")] != "Vladimir Putin" ||
		r[col("text")] != "talks were on track" || r[col("published")] != "2025-05-20T08:00:00Z" {
		t.Errorf("csv row: %v", r)
	}
	if _, _, err := runStoreCmd(t, "--db", dir, "export", "--format", "xml"); !errors.As(err, new(usageError)) {
		t.Errorf("--format xml: %v", err)
	}
}

func TestStatsCommand(t *testing.T) {
	dir, _ := fillStore(t)
	out, _, err := runStoreCmd(t, "--db", dir, "stats", "--check")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"store:     " + dir + "\n",
		"articles:  3\n",
		"claims:    5 (direct 2, partial 2, indirect 1)\n",
		"speakers:  5\n",
		"published: 2025-05-10 to 2025-05-20\n",
		"check:     consistent\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runStoreCmd(t, "--db", dir, "stats", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var j statsJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	if j.Articles != 3 || j.Claims != 5 || j.ByKind["partial"] != 2 || j.DiskBytes <= 0 || j.Store != dir {
		t.Errorf("stats --json: %+v", j)
	}
}

func TestParseDate(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		in         string
		start, end time.Time
		bad        bool
	}{
		{in: "2025-05-20", start: d(2025, 5, 20), end: d(2025, 5, 21)},
		{in: "2025-05", start: d(2025, 5, 1), end: d(2025, 6, 1)},
		{in: "2024", start: d(2024, 1, 1), end: d(2025, 1, 1)},
		{in: "2025-05-20T10:30:00+02:00", start: time.Date(2025, 5, 20, 8, 30, 0, 0, time.UTC)},
		{in: "2025-05-20T10:30", start: time.Date(2025, 5, 20, 10, 30, 0, 0, time.UTC)},
		{in: "7d", start: now.AddDate(0, 0, -7)},
		{in: "2w", start: now.AddDate(0, 0, -14)},
		{in: "36h", start: now.Add(-36 * time.Hour)},
		{in: "yesterday", bad: true},
		{in: "-3d", bad: true},
		{in: "2025-02-30", bad: true},
		{in: "", bad: true},
	}
	for _, tc := range cases {
		start, end, err := parseDate(tc.in, now)
		if tc.bad {
			if err == nil {
				t.Errorf("parseDate(%q) = %v, want an error", tc.in, start)
			}
			continue
		}
		if err != nil || !start.Equal(tc.start) || !end.Equal(tc.end) {
			t.Errorf("parseDate(%q) = %v, %v, %v; want %v, %v", tc.in, start, end, err, tc.start, tc.end)
		}
	}
}

func TestStoreCommandsHaveExamples(t *testing.T) {
	for _, name := range []string{"query", "speakers", "show", "export", "stats"} {
		cmd, _, err := newRoot().Find([]string{name})
		if err != nil || cmd.Name() != name {
			t.Fatalf("no %s command: %v", name, err)
		}
		if !strings.Contains(cmd.Example, "claims "+name) {
			t.Errorf("%s --help has no examples", name)
		}
	}
}

// TestClaimsMainHelper runs the real main() when started by
// TestStoreInUseExitStatus, so that exit statuses are checked as a shell
// sees them.
func TestClaimsMainHelper(t *testing.T) {
	args := os.Getenv("CLAIMS_TEST_MAIN_ARGS")
	if args == "" {
		t.Skip("helper process")
	}
	os.Args = append([]string{"claims"}, strings.Split(args, "\x1f")...)
	main()
	os.Exit(0)
}

func runMain(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return runMainIn(t, "", args...)
}

// runMainIn is runMain with stdin as standard input.
func runMainIn(t *testing.T, stdin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClaimsMainHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CLAIMS_TEST_MAIN_ARGS="+strings.Join(args, "\x1f"))
	cmd.Stdin = strings.NewReader(stdin)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return errOut.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return errOut.String(), 0
}

func TestStoreInUseExitStatus(t *testing.T) {
	dir, arts := fillStore(t)
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"query", "--speaker", "Putin"}, {"stats"}, {"export"}} {
		errOut, code := runMain(t, append([]string{"--db", dir}, args...)...)
		want := "claims: store " + dir + " is in use by another claims process\n"
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%v while the store is open elsewhere: status %d, stderr %q; want status 1 and %q", args, code, errOut, want)
		}
	}
	// The holder is unharmed and, once it closes, others get in.
	if _, cs, err := st.Article(context.Background(), arts[0].a.ID); err != nil || len(cs) != 2 {
		t.Fatalf("holder's store: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if errOut, code := runMain(t, "--db", dir, "query", "--speaker", "Putin"); code != 0 {
		t.Errorf("after close: status %d, %s", code, errOut)
	}
	if _, code := runMain(t, "--db", dir, "query", "--kind", "nope"); code != 2 {
		t.Errorf("bad usage: status %d, want 2", code)
	}
}

// TestJSONQuotesAreArrays: formats.md makes "quotes" an array ("none for
// indirect"), so a claim stored without quotes (the fixture's indirect
// claim) prints [] in query --json, export and show --json, never null.
func TestJSONQuotesAreArrays(t *testing.T) {
	dir, arts := fillStore(t)
	for _, args := range [][]string{
		{"query", "--json", "--limit", "0"},
		{"export", "--format", "jsonl"},
		{"show", "--json", arts[0].a.ID},
	} {
		out, _, err := runStoreCmd(t, append([]string{"--db", dir}, args...)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		var all []map[string]any
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("%v: %v in %q", args, err, l)
			}
			if cs, ok := m["claims"].([]any); ok {
				for _, c := range cs {
					all = append(all, c.(map[string]any))
				}
			} else {
				all = append(all, m)
			}
		}
		indirect := 0
		for _, c := range all {
			q, ok := c["quotes"].([]any)
			if !ok {
				t.Errorf("%v: claim %v has quotes %#v, want an array", args, c["id"], c["quotes"])
				continue
			}
			if c["kind"] == string(claims.Indirect) {
				indirect++
				if len(q) != 0 {
					t.Errorf("%v: indirect claim %v has quotes %v", args, c["id"], q)
				}
			}
		}
		if indirect != 1 {
			t.Errorf("%v: %d indirect claims in the output, want the fixture's one", args, indirect)
		}
	}
}

// TestExportFileKeptOnFailure: a failed export (here a query that cannot
// match, found only once the export runs) leaves an existing -o file as it
// was and no temporary file behind; a good one replaces it whole.
func TestExportFileKeptOnFailure(t *testing.T) {
	dir, _ := fillStore(t)
	outDir := t.TempDir()
	file := filepath.Join(outDir, "claims.jsonl")
	const before = "earlier export\n"
	if err := os.WriteFile(file, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runStoreCmd(t, "--db", dir, "export", "-o", file, "--speaker", "...")
	if !errors.As(err, new(usageError)) {
		t.Fatalf("export --speaker ...: %v, want a usage error", err)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != before {
		t.Errorf("failed export changed %s to %q (%v)", file, b, err)
	}
	if _, _, err := runStoreCmd(t, "--db", dir, "export", "-o", file); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil || strings.Count(string(b), "\n") != 5 || strings.Contains(string(b), "earlier") {
		t.Errorf("export -o %s wrote %q (%v), want the 5 claims only", file, b, err)
	}
	entries, err := os.ReadDir(outDir)
	if err != nil || len(entries) != 1 {
		t.Errorf("files in the output directory: %v (%v), want only %s", entries, err, file)
	}
	if info, err := os.Stat(file); err != nil {
		t.Error(err)
	} else if info.Mode().Perm()&0o044 == 0 {
		t.Errorf("export file mode %v, want readable like any file", info.Mode())
	}
}

// TestQueryLimitNote: the "(first N ...)" note appears on stderr exactly
// when more claims match than --limit printed, with --json too, so that a
// script is not silently given a cut list.
func TestQueryLimitNote(t *testing.T) {
	dir, _ := fillStore(t) // 5 claims
	for _, tc := range []struct {
		args     []string
		lines    int
		wantNote bool
	}{
		{[]string{"--limit", "4"}, 4, true},
		{[]string{"--limit", "5"}, 5, false},
		{[]string{"--limit", "0"}, 5, false},
		{[]string{"--json", "--limit", "4"}, 4, true},
		{[]string{"--json", "--limit", "5"}, 5, false},
		{[]string{"--json", "--limit", "1", "--speaker", "Putin"}, 1, true},
		{[]string{"--json", "--limit", "2", "--speaker", "Putin"}, 2, false},
	} {
		out, errOut, err := runStoreCmd(t, append([]string{"--db", dir, "query"}, tc.args...)...)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		lines := strings.Count(out, "\n")
		if !slices.Contains(tc.args, "--json") {
			lines = strings.Count(out, "\n\n") + 1 // blocks
		}
		if lines != tc.lines {
			t.Errorf("%v: %d claims printed, want %d:\n%s", tc.args, lines, tc.lines, out)
		}
		note := fmt.Sprintf("(first %d; --limit 0 for all)", tc.lines)
		if got := strings.Contains(errOut, note); got != tc.wantNote {
			t.Errorf("%v: note %q in stderr = %v, want %v; stderr %q", tc.args, note, got, tc.wantNote, errOut)
		}
		if strings.Contains(out, "first") {
			t.Errorf("%v: note on stdout: %q", tc.args, out)
		}
	}
}
