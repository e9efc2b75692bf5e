package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// fillSyndicated creates a store where one quote of Putin's is printed by
// three sites (the wire's words, a trimmed copy and a re-punctuated one),
// Putin says something else once, and Trump says Putin's words once (not
// Putin's quote: another speaker). The re-punctuated copy changes case,
// quotation marks and dashes only: a hyphen splits a word ("cease-fire"
// is two words), so it would be a change of words.
func fillSyndicated(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	put := func(n int, site string, day int, text string, cs ...claims.Claim) {
		url := "https://" + site + "/" + strconv.Itoa(n)
		a := claims.Article{ID: claims.ArticleID(url, text), URL: url, Title: "Story " + strconv.Itoa(n), Site: site,
			Published: time.Date(2025, 5, day, 9, 0, 0, 0, time.UTC), Text: text}
		claims.AssignIDs(a.ID, cs)
		if _, err := st.Put(context.Background(), a, cs, url); err != nil {
			t.Fatal(err)
		}
	}
	wire := "Putin said: “We will never accept a ceasefire that freezes the front line.”"
	trim := "Putin said: “We will never accept a ceasefire”."
	punct := "Putin said: ‘we will NEVER accept a ceasefire — that freezes the front line’"
	other := "Putin said: “The talks are over.”"
	slogan := "Trump said: “We will never accept a ceasefire that freezes the front line.”"
	put(1, "wire.example", 10, wire, claimIn(wire, claims.Direct, "We will never accept a ceasefire that freezes the front line.", "Vladimir Putin", ""))
	put(2, "daily.example", 11, trim, claimIn(trim, claims.Direct, "We will never accept a ceasefire", "Vladimir Putin", ""))
	put(3, "herald.example", 12, punct, claimIn(punct, claims.Direct, "we will NEVER accept a ceasefire — that freezes the front line", "Vladimir Putin", ""))
	put(4, "daily.example", 13, other, claimIn(other, claims.Direct, "The talks are over.", "Vladimir Putin", ""))
	put(5, "daily.example", 14, slogan, claimIn(slogan, claims.Direct, "We will never accept a ceasefire that freezes the front line.", "Donald Trump", ""))
	return dir
}

// groupOfQuery runs query --json and returns the group of every line.
func groupOfQuery(t *testing.T, args ...string) []*claims.GroupRef {
	t.Helper()
	out, _, err := runStoreCmd(t, append(args, "--json")...)
	if err != nil {
		t.Fatal(err)
	}
	var gs []*claims.GroupRef
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var l store.Line
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		gs = append(gs, l.Group)
	}
	return gs
}

func TestQueryOneRowPerGroup(t *testing.T) {
	dir := fillSyndicated(t)
	gs := groupOfQuery(t, "--db", dir, "query", "--speaker", "Putin", "--occurrences")
	if len(gs) != 4 || gs[0] != nil || gs[1] == nil {
		t.Fatalf("--occurrences: groups %v, want 4 claims, the newest in no group", gs)
	}
	g := *gs[1]
	want := claims.GroupRef{ID: g.ID, Size: 3, Sites: 3, FirstSeen: time.Date(2025, 5, 10, 9, 0, 0, 0, time.UTC)}
	for _, o := range gs[1:] {
		if o == nil || *o != want {
			t.Fatalf("occurrence's group %+v, want %+v", o, want)
		}
	}
	out, _, err := runStoreCmd(t, "--db", dir, "query", "--speaker", "Putin")
	if err != nil {
		t.Fatal(err)
	}
	wantOut := "2025-05-13 · daily.example · Vladimir Putin\n" +
		"  “The talks are over.” (direct, said)\n" +
		"  Story 4 — https://daily.example/4\n" +
		"\n" +
		"2025-05-10 · wire.example · Vladimir Putin\n" +
		"  “We will never accept a ceasefire that freezes the front line.” (direct, said)\n" +
		"  ×3 in 3 sites, first seen 2025-05-10 · claims quote " + g.ID + "\n" +
		"  Story 1 — https://wire.example/1\n"
	if out != wantOut {
		t.Errorf("grouped output:\n%s\nwant:\n%s", out, wantOut)
	}
	// --spread: the quote that travelled furthest first; --limit counts rows.
	gs = groupOfQuery(t, "--db", dir, "query", "--speaker", "Putin", "--spread", "--limit", "1")
	if len(gs) != 1 || gs[0] == nil || gs[0].ID != g.ID {
		t.Errorf("--spread --limit 1: %v, want group %s", gs, g.ID)
	}
	// Trump's same words are his own: in no group of Putin's.
	if gs := groupOfQuery(t, "--db", dir, "query", "--speaker", "Trump"); len(gs) != 1 || gs[0] != nil {
		t.Errorf("Trump's claim: groups %v, want one claim in no group", gs)
	}
	if _, _, err := runStoreCmd(t, "--db", dir, "query", "--spread", "--occurrences"); !errors.As(err, new(usageError)) {
		t.Errorf("--spread --occurrences: %v, want a usage error", err)
	}
}

func TestQuoteCommand(t *testing.T) {
	dir := fillSyndicated(t)
	gs := groupOfQuery(t, "--db", dir, "query", "--speaker", "Putin", "--spread", "--limit", "1")
	id := gs[0].ID
	out, _, err := runStoreCmd(t, "--db", dir, "quote", id)
	if err != nil {
		t.Fatal(err)
	}
	want := id + " · ×3 in 3 sites, first seen 2025-05-10 09:00 UTC\n" +
		"  “We will never accept a ceasefire that freezes the front line.”\n" +
		"\n2025-05-10 · wire.example · Vladimir Putin (direct, said)\n" +
		"  (the same words)\n" +
		"  Story 1 — https://wire.example/1\n" +
		"\n2025-05-11 · daily.example · Vladimir Putin (direct, said)\n" +
		"  “We will never accept a ceasefire”\n" +
		"  −“that freezes the front line.”\n" +
		"  Story 2 — https://daily.example/2\n" +
		"\n2025-05-12 · herald.example · Vladimir Putin (direct, said)\n" +
		"  (the same words)\n" +
		"  Story 3 — https://herald.example/3\n"
	if out != want {
		t.Errorf("quote:\n%s\nwant:\n%s", out, want)
	}
	out, _, err = runStoreCmd(t, "--db", dir, "quote", id, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		ID          string       `json:"id"`
		Size        int          `json:"size"`
		Occurrences []store.Line `json:"occurrences"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || j.ID != id || j.Size != 3 || len(j.Occurrences) != 3 {
		t.Errorf("quote --json: %v, %+v", err, j)
	}
	_, _, err = runStoreCmd(t, "--db", dir, "quote", "g_000000000000")
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 1 {
		t.Errorf("unknown group: %v, want exit status 1", err)
	}
}

func TestWordDiff(t *testing.T) {
	for _, tc := range []struct{ canonical, words, want string }{
		{"We will win.", "we will WIN", ""},
		{"We will win the war", "We will win", "−“the war”"},
		{"We will win", "Now we will win", "+“Now”"},
		{"a b c d", "a x c d", "−“b” +“x”"},
		{"one — two", "one two", ""},
	} {
		if got := wordDiff(tc.canonical, tc.words); got != tc.want {
			t.Errorf("wordDiff(%q, %q) = %q, want %q", tc.canonical, tc.words, got, tc.want)
		}
	}
}

// TestEvalGroups runs claims eval --groups on the syndication set: from
// the marks, pairwise precision ≥ 0.99 and recall ≥ 0.95.
func TestEvalGroups(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the extractor over the syndication set")
	}
	out, _, err := runStoreCmd(t, "eval", "--groups", filepath.Join("..", "..", "store", "groups", "testdata", "syndication.txt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(out)
	m := regexp.MustCompile(`marks: .*precision ([0-9.]+) .*recall ([0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no score from the marks in:\n%s", out)
	}
	p, _ := strconv.ParseFloat(m[1], 64)
	r, _ := strconv.ParseFloat(m[2], 64)
	if p < 0.99 || r < 0.95 {
		t.Errorf("from the marks: precision %.4f (want ≥ 0.99), recall %.4f (want ≥ 0.95)", p, r)
	}
	if !strings.Contains(out, "extractor:") {
		t.Errorf("no score through the extractor in:\n%s", out)
	}
}
