package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// linkingArticles are five short articles as a new user would ingest
// them: Putin, Zelensky and Trump under several names, titles and
// spellings, and generic speakers of different companies.
var linkingArticles = map[string]string{
	"putin1.txt": "Putin says talks are on track\n\nRussian President Vladimir Putin said on Tuesday that “the talks are on track”. " +
		"Mr. Putin added that “nothing has been decided yet”.\n",
	"putin2.txt": "Kremlin sets out terms\n\nVladimir Vladimirovich Putin told a televised meeting that “our terms have not changed”. " +
		"President Putin said “the West must listen”.\n",
	"zelensky.txt": "Kyiv answers Moscow\n\nUkrainian President Volodymyr Zelensky said “we will not give up our land”. " +
		"Volodymyr Zelenskiy told reporters in Kyiv that “the front is holding”. In a later address, Volodymyr Zelenskyy said “winter will be hard”.\n",
	"trump.txt": "Trump comments on the talks\n\nU.S. President Donald Trump said “a deal is close”. " +
		"President Trump added that “both sides want peace”. Trump said “I will call them both”.\n",
	"company.txt": "Three firms report results\n\nCorvane Therapeutics cut its forecast. “Demand was weaker than we hoped,” the company said. " +
		"At Halbrook Mining, the board said “the dividend is safe”. Meanwhile Ostrava Textiles raised prices, and the company said “costs keep rising”. " +
		"“We expect a better second half,” a spokeswoman for Corvane Therapeutics said.\n",
}

// linkingStore ingests linkingArticles into a new store with the CLI and
// returns the store's directory and the articles' directory.
func linkingStore(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	var files []string
	for name, text := range linkingArticles {
		writeTestFile(t, filepath.Join(dir, name), text)
		files = append(files, filepath.Join(dir, name))
	}
	slices.Sort(files)
	db = filepath.Join(dir, "db")
	if _, errOut, err := runIngestCmd(t, db, nil, append([]string{"--progress", "never"}, files...)...); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	return db, dir
}

// speakersJSON runs `claims speakers --json` with args.
func speakersJSON(t *testing.T, db string, args ...string) []speakerLine {
	t.Helper()
	out, errOut, err := runStoreCmd(t, append([]string{"--db", db, "speakers", "--json"}, args...)...)
	if err != nil {
		t.Fatalf("speakers: %v\n%s", err, errOut)
	}
	var list []speakerLine
	for line := range strings.Lines(out) {
		var l speakerLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("speakers --json line %q: %v", line, err)
		}
		list = append(list, l)
	}
	return list
}

// queryJSON runs `claims query --json --limit 0` with args and returns
// the claims.
func queryJSON(t *testing.T, db string, args ...string) []store.Line {
	t.Helper()
	out, errOut, err := runStoreCmd(t, append([]string{"--db", db, "query", "--json", "--limit", "0"}, args...)...)
	if err != nil {
		t.Fatalf("query %v: %v\n%s", args, err, errOut)
	}
	var lines []store.Line
	for line := range strings.Lines(out) {
		var l store.Line
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("query --json line %q: %v", line, err)
		}
		lines = append(lines, l)
	}
	return lines
}

// entityOf is the entity of a claim's speaker, or "" when it has none.
func entityOf(l store.Line) string {
	if l.Speaker == nil || l.Speaker.Entity == nil {
		return ""
	}
	return l.Speaker.Entity.Name
}

// TestLinkingOneRowPerPerson: the first example. Putin under
// three names and two titles, and Zelensky under three spellings, are one
// row each; the generic "the company" and "the board" are no row at all,
// though the company a spokeswoman speaks for is.
func TestLinkingOneRowPerPerson(t *testing.T) {
	db, _ := linkingStore(t)
	got := map[string]speakerLine{}
	for _, l := range speakersJSON(t, db) {
		got[l.Name] = l
	}
	want := map[string]int{"Vladimir Vladimirovich Putin": 5, "Volodymyr Zelenskiy": 3, "Donald Trump": 3, "Corvane Therapeutics": 1}
	if len(got) != len(want) {
		t.Errorf("speakers: %v, want one row each for %v", mapsKeys(got), want)
	}
	for name, n := range want {
		if got[name].Claims != n {
			t.Errorf("%s: %d claims, want %d (%+v)", name, got[name].Claims, n, got[name])
		}
	}
	putin := got["Vladimir Vladimirovich Putin"]
	if putin.Articles != 2 || !slices.Contains(putin.Aliases, "Vladimir Putin") || !slices.Contains(putin.Titles, "Russian President") {
		t.Errorf("Putin's row: %+v", putin)
	}
	if z := got["Volodymyr Zelenskiy"]; !slices.Contains(z.Aliases, "Volodymyr Zelensky") || !slices.Contains(z.Aliases, "Volodymyr Zelenskyy") {
		t.Errorf("Zelensky's row: %+v", z)
	}
	if !strings.HasPrefix(putin.ID, "p_") {
		t.Errorf("Putin's id %q", putin.ID)
	}
	out, _, err := runStoreCmd(t, "--db", db, "speakers", "--top", "1")
	if err != nil || out != "5  Vladimir Vladimirovich Putin — Russian President; President · 2 articles · also Vladimir Putin\n" {
		t.Errorf("speakers --top 1: %q, %v", out, err)
	}
}

// TestLinkingQueryBySpeaker: the third example. A title before a
// name is ignored, and any of a person's names finds all their claims,
// each with its speaker.entity; --exact keeps the literal match.
func TestLinkingQueryBySpeaker(t *testing.T) {
	db, _ := linkingStore(t)
	for _, tc := range []struct {
		speaker string
		exact   bool
		want    int
		entity  string
	}{
		{"President Putin", false, 5, "Vladimir Vladimirovich Putin"},
		{"Mr. Putin", false, 5, "Vladimir Vladimirovich Putin"},
		{"Vladimir Putin", false, 5, "Vladimir Vladimirovich Putin"},
		{"President Trump", false, 3, "Donald Trump"},
		{"U.S. President Donald Trump", false, 3, "Donald Trump"},
		{"Zelenskyy", false, 3, "Volodymyr Zelenskiy"},
		{"Corvane Therapeutics", false, 1, "Corvane Therapeutics"},
		{"Vladimir Putin", true, 3, "Vladimir Vladimirovich Putin"},
	} {
		args := []string{"--speaker", tc.speaker}
		if tc.exact {
			args = append(args, "--exact")
		}
		lines := queryJSON(t, db, args...)
		if len(lines) != tc.want {
			t.Errorf("query %v: %d claims, want %d", args, len(lines), tc.want)
		}
		for _, l := range lines {
			if e := entityOf(l); e != tc.entity {
				t.Errorf("query %v: claim %s has entity %q, want %q", args, l.ID, e, tc.entity)
			}
		}
	}
	// The same id on every claim of one person, in export too.
	out, _, err := runStoreCmd(t, "--db", db, "export", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]map[string]bool{}
	for line := range strings.Lines(out) {
		var c claims.Claim
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatal(err)
		}
		if c.Speaker == nil || c.Speaker.Entity == nil {
			if c.Speaker != nil && !strings.HasPrefix(strings.ToLower(c.Speaker.Name), "the ") {
				t.Errorf("export: %q has no entity", c.Speaker.Name)
			}
			continue
		}
		if ids[c.Speaker.Entity.Name] == nil {
			ids[c.Speaker.Entity.Name] = map[string]bool{}
		}
		ids[c.Speaker.Entity.Name][c.Speaker.Entity.ID] = true
	}
	for name, set := range ids {
		if len(set) != 1 {
			t.Errorf("export: %s has ids %v", name, set)
		}
	}
	if len(ids) != 4 {
		t.Errorf("export: entities %v, want 4", mapsKeys(ids))
	}
}

// TestLinkingCorpus: the examples from the bundled corpus. One
// article's "Declan", "Dr. Nguyễn" and "Denning Jr." are rows of the full
// names; "Walter Denning" finds Walter Denning Jr.; "Gerald Finch" finds
// Gerald T. Finch and not the publisher Harrow & Finch.
func TestLinkingCorpus(t *testing.T) {
	corpusDir, err := filepath.Abs(filepath.Join("..", "..", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	if _, errOut, err := runIngestCmd(t, db, nil, "--progress", "never", corpusDir+"/"); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	rows := map[string]speakerLine{}
	for _, l := range speakersJSON(t, db) {
		if _, dup := rows[l.Name]; dup {
			t.Errorf("two rows named %q", l.Name)
		}
		rows[l.Name] = l
	}
	for _, short := range []string{"Declan", "Nguyễn", "Denning Jr.", "Denning", "Putin", "The board", "the company"} {
		if _, ok := rows[short]; ok {
			t.Errorf("a row of its own for %q", short)
		}
	}
	for _, full := range []string{"Declan McAuliffe", "Nguyễn Thị Lan", "Walter Denning Jr.", "Gerald T. Finch"} {
		if rows[full].Claims == 0 {
			t.Errorf("no row for %q", full)
		}
	}
	if n := rows["Nguyễn Thị Lan"].Claims; n < 5 {
		t.Errorf("Nguyễn Thị Lan: %d claims, want Dr. Nguyễn's 4 and her own", n)
	}
	for _, tc := range []struct{ speaker, entity string }{
		{"Walter Denning", "Walter Denning Jr."},
		{"Gerald Finch", "Gerald T. Finch"},
		{"Declan McAuliffe", "Declan McAuliffe"},
	} {
		lines := queryJSON(t, db, "--speaker", tc.speaker)
		if len(lines) == 0 {
			t.Errorf("query --speaker %q: nothing", tc.speaker)
		}
		for _, l := range lines {
			if e := entityOf(l); e != tc.entity {
				t.Errorf("query --speaker %q: claim by %q (entity %q)", tc.speaker, l.Speaker.Name, e)
			}
		}
	}
	if out, _, err := runStoreCmd(t, "--db", db, "stats", "--check"); err != nil || !strings.Contains(out, "consistent") {
		t.Errorf("stats --check: %v\n%s", err, out)
	}
}

// TestSiteMatchesDomain: the fourth example. --site reuters.com
// finds an article of www.reuters.com whose site name is "Reuters", and so
// does the site name.
func TestSiteMatchesDomain(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(db, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	text := "“Talks are on track,” Vladimir Putin said."
	a := claims.Article{URL: "https://www.reuters.com/world/europe/talks-2025-05-20/", Site: "Reuters",
		Published: time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC), Text: text}
	a.ID = claims.ArticleID(a.URL, text)
	cs := []claims.Claim{claimIn(text, claims.Direct, "Talks are on track", "Vladimir Putin", "")}
	claims.AssignIDs(a.ID, cs)
	if _, err := st.Put(t.Context(), a, cs, a.URL); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, site := range []string{"reuters.com", "www.reuters.com", "Reuters", "REUTERS.COM"} {
		if n := len(queryJSON(t, db, "--site", site)); n != 1 {
			t.Errorf("--site %s: %d claims, want 1", site, n)
		}
	}
	if n := len(queryJSON(t, db, "--site", "apnews.com")); n != 0 {
		t.Errorf("--site apnews.com: %d claims", n)
	}
}

// TestAliasCommands: --split parts two people the rules joined, --merge
// joins two the rules keep apart, both written to the alias file the
// store read, which --aliases sets and the store remembers; a split of
// spellings of one name is refused, naming the line.
func TestAliasCommands(t *testing.T) {
	db, dir := linkingStore(t)
	file := filepath.Join(dir, "aliases.txt")
	writeTestFile(t, file, "# hand-made decisions\n")
	run := func(args ...string) (string, error) {
		_, errOut, err := runStoreCmd(t, append([]string{"--db", db, "speakers"}, args...)...)
		return errOut, err
	}
	if errOut, err := run("--aliases", file); err != nil {
		t.Fatalf("--aliases: %v\n%s", err, errOut)
	}
	rows := func() map[string]int {
		m := map[string]int{}
		for _, l := range speakersJSON(t, db) {
			m[l.Name] = l.Claims
		}
		return m
	}
	if errOut, err := run("--split", "Vladimir Putin", "Vladimir Vladimirovich Putin"); err != nil {
		t.Fatalf("--split: %v\n%s", err, errOut)
	}
	if r := rows(); r["Vladimir Vladimirovich Putin"] == 0 || r["Vladimir Putin"] == 0 {
		t.Errorf("after --split: %v", r)
	}
	if errOut, err := run("--merge", "Donald Trump", "Corvane Therapeutics"); err != nil {
		t.Fatalf("--merge: %v\n%s", err, errOut)
	}
	if r := rows(); r["Donald Trump"] != 4 || r["Corvane Therapeutics"] != 0 {
		t.Errorf("after --merge: %v", r)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := "# hand-made decisions\nVladimir Putin != Vladimir Vladimirovich Putin\nDonald Trump = Corvane Therapeutics\n"
	if string(b) != want {
		t.Errorf("alias file:\n%s\nwant:\n%s", b, want)
	}
	errOut, err := run("--split", "Volodymyr Zelensky", "Volodymyr Zelenskyy")
	if err == nil || !strings.Contains(err.Error(), file+":4:") {
		t.Errorf("split of one name's spellings: %v\n%s", err, errOut)
	}
	// --aliases with the file as it was before the merge links as before.
	writeTestFile(t, file, "")
	if errOut, err := run("--aliases", file); err != nil {
		t.Fatalf("--aliases: %v\n%s", err, errOut)
	}
	if r := rows(); r["Vladimir Vladimirovich Putin"] != 5 || r["Donald Trump"] != 3 {
		t.Errorf("after an empty alias file: %v", r)
	}
	if _, err := run("--merge", "Donald Trump"); err == nil {
		t.Errorf("--merge of one name accepted")
	}
	if out, _, err := runStoreCmd(t, "--db", db, "stats", "--check"); err != nil || !strings.Contains(out, "consistent") {
		t.Errorf("stats --check: %v\n%s", err, out)
	}
}

func mapsKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
