package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store"
)

// serveStore serves st on a loopback port until the test ends, and
// returns the server's URL once the store's lock says where it is.
func serveStore(t *testing.T, st *store.Store, opts Options) (string, func() error) {
	t.Helper()
	ready := make(chan string, 1)
	opts.Store, opts.Ready = st, func(u string) { ready <- u }
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	stop := sync1(func() error { cancel(); return <-done })
	t.Cleanup(func() { stop() })
	select {
	case u := <-ready:
		return u, stop
	case err := <-done:
		t.Fatal(err)
	}
	return "", nil
}

// sync1 makes stop safe to call twice.
func sync1(f func() error) func() error {
	var done bool
	var err error
	return func() error {
		if !done {
			done, err = true, f()
		}
		return err
	}
}

// TestClientIsTheStore: through the server, every read gives what the
// store gives, and a Put lands in the store.
func TestClientIsTheStore(t *testing.T) {
	st := testStore(t)
	dir := st.Dir()
	u, stop := serveStore(t, st, Options{Token: "tok"})
	ctx := context.Background()
	b, err := Open(ctx, dir, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := b.(*Client)
	if !ok || c.URL() != u {
		t.Fatalf("Open with a server up gave %T", b)
	}
	if info, err := os.Stat(filepath.Join(dir, TokenFile)); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", info, err)
	}
	// A quote reprinted by two sites makes a group to read.
	for i, site := range []string{"first.example", "second.example"} {
		text := "Mara Ellis said “the harbour stays open all winter”."
		a := claims.Article{ID: claims.ArticleID("", site+text), Text: text, Site: site, Title: "reprint",
			Published: time.Date(2025, 7, 1+i, 0, 0, 0, 0, time.UTC)}
		cs := []claims.Claim{{Kind: claims.Direct, Text: "the harbour stays open all winter", Start: 17, End: 50, Speaker: &claims.Speaker{Name: "Mara Ellis"}}}
		claims.AssignIDs(a.ID, cs)
		if _, err := st.Put(ctx, a, cs, "mem:"+site); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []store.Query{{}, {Speaker: "Calloway", Limit: 2}, {About: "Tobias Renn"}, {Kinds: []claims.Kind{claims.Partial}},
		{Since: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)}, {Contains: "tide waits"}, {Site: "harbour.example"}, {Distinct: true}, {Speaker: "Calloway", Distinct: true, Limit: 1}} {
		if got, want := linesJSON(t, collect(t, c, q)), linesJSON(t, collect(t, st, q)); got != want || want == "" {
			t.Errorf("query %+v:\n client %s\n store  %s", q, got, want)
		}
	}
	for _, q := range []store.SpeakerQuery{{}, {Top: 2}, {Since: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC)}, {Match: "callo"}} {
		got, err1 := c.Speakers(ctx, q)
		want, err2 := st.Speakers(ctx, q)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("speakers %+v:\n client %+v %v\n store  %+v %v", q, got, err1, want, err2)
		}
	}
	d := testArticles()[1]
	for _, ref := range []string{d.Article.ID, d.Article.URL} {
		ga, gc, err1 := c.Article(ctx, ref)
		wa, wc, err2 := st.Article(ctx, ref)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(ga, wa) || len(gc) != len(wc) || gc[0].ID != wc[0].ID {
			t.Errorf("article %s: %v %v", ref, err1, err2)
		}
	}
	groups := 0
	for _, r := range collect(t, st, store.Query{}) {
		if r.Claim.Group == nil {
			continue
		}
		groups++
		for name, read := range map[string][2]func(context.Context, string) (store.Group, error){
			"Group": {c.Group, st.Group}, "GroupHead": {c.GroupHead, st.GroupHead}} {
			got, err1 := read[0](ctx, r.Claim.Group.ID)
			want, err2 := read[1](ctx, r.Claim.Group.ID)
			if err1 != nil || err2 != nil || got.ID != want.ID || got.Canonical != want.Canonical || got.Size != want.Size ||
				len(got.Occurrences) != len(want.Occurrences) || got.Occurrences[0].Claim.ID != want.Occurrences[0].Claim.ID {
				t.Errorf("%s(%s):\n client %+v %v\n store  %+v %v", name, r.Claim.Group.ID, got, err1, want, err2)
			}
		}
	}
	if groups == 0 {
		t.Error("the test store has no quote group to read through the client")
	}
	if _, _, err := c.Article(ctx, "a_none"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing article through the client: %v", err)
	}
	if err := c.Query(ctx, store.Query{Speaker: "***"}, func(store.Result) error { return nil }); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("bad query through the client: %v", err)
	}
	gs, err1 := c.Stats(ctx)
	ws, err2 := st.Stats(ctx)
	if err1 != nil || err2 != nil || gs.Dir != ws.Dir || gs.Articles != ws.Articles || gs.Claims != ws.Claims ||
		!reflect.DeepEqual(gs.ByKind, ws.ByKind) || gs.Speakers != ws.Speakers || !gs.Oldest.Equal(ws.Oldest) || !gs.Newest.Equal(ws.Newest) {
		t.Errorf("stats:\n client %+v %v\n store  %+v %v", gs, err1, ws, err2)
	}
	if err := c.Check(ctx); err != nil {
		t.Errorf("check: %v", err)
	}
	if ok, err := c.HasSource(ctx, d.Article.URL); !ok || err != nil {
		t.Errorf("HasSource: %v %v", ok, err)
	}
	text := "Ada Quill said “writes go through”."
	na := claims.Article{ID: claims.ArticleID("", text), Text: text, Title: "new"}
	nc := []claims.Claim{{Kind: claims.Direct, Text: "writes go through", Start: 16, End: 33, Speaker: &claims.Speaker{Name: "Ada Quill"}}}
	claims.AssignIDs(na.ID, nc)
	res, err := c.Put(ctx, na, nc, "mem:new")
	if err != nil || !res.New || res.Claims != 1 {
		t.Fatalf("Put through the client: %+v %v", res, err)
	}
	if _, cs, err := st.Article(ctx, na.ID); err != nil || len(cs) != 1 || cs[0].Speaker.Name != "Ada Quill" {
		t.Errorf("the store does not have what the client put: %v", err)
	}
	c.Close()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if held, note, _ := store.ReadHolder(dir); !held || len(note) != 0 {
		t.Errorf("after Serve: held %v, note %q (want held by the test, no note)", held, note)
	}
	if _, err := os.Stat(filepath.Join(dir, TokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file left behind: %v", err)
	}
}

// TestDialStaleOrWrongServer: a note whose server does not answer as
// itself is "in use", naming the address; no note is no server.
func TestDialStaleOrWrongServer(t *testing.T) {
	st := testStore(t)
	dir := st.Dir()
	ctx := context.Background()
	if c, err := Dial(ctx, dir); c != nil || err != nil {
		t.Fatalf("held without a note: %v %v", c, err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ListenURL(ln.Addr())
	ln.Close()
	note, _ := json.Marshal(Note{URL: dead, PID: 1, Instance: "x"})
	st.Advertise(note)
	_, err := Dial(ctx, dir)
	if !errors.Is(err, store.ErrInUse) || !contains(err.Error(), dead) {
		t.Errorf("dead server: %v", err)
	}
	// Another server at the address, serving something else.
	other := testStore(t)
	u, _ := serveStore(t, other, Options{})
	note, _ = json.Marshal(Note{URL: u, PID: 1, Instance: "not-that-one"})
	st.Advertise(note)
	if _, err := Dial(ctx, dir); !errors.Is(err, store.ErrInUse) {
		t.Errorf("wrong server: %v", err)
	}
	if _, err := Open(ctx, dir, store.Options{}); !errors.Is(err, store.ErrInUse) {
		t.Errorf("Open of a store held by a dead server: %v", err)
	}
	st.Close()
	b, err := Open(ctx, dir, store.Options{MustExist: true})
	if _, ok := b.(*store.Store); !ok || err != nil {
		t.Fatalf("Open once nobody holds it: %T %v", b, err)
	}
	b.Close()
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
