package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/eval"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// linkingSet reads the labelled linking set as articles to store: one
// claim per speaker mention, its speaker named as the set names it.
func linkingSet(t testing.TB) ([]claims.Article, [][]claims.Claim) {
	t.Helper()
	gold, err := eval.ReadLinkingGoldFile("../corpus/linking/speakers.marked")
	if err != nil {
		t.Fatal(err)
	}
	arts := make([]claims.Article, len(gold))
	cls := make([][]claims.Claim, len(gold))
	for i, g := range gold {
		arts[i] = claims.Article{ID: "a_" + g.ID, URL: "https://" + g.Site + "/" + g.ID, Site: g.Site, Published: g.Published, Text: g.Text}
		for j, m := range g.Mentions {
			c := claims.Claim{ID: fmt.Sprintf("c_%s_%d", g.ID, j), Kind: claims.Indirect, Text: m.Mention, Start: m.Start, End: m.End,
				Speaker: &claims.Speaker{Name: m.Name, Mention: m.Mention, Start: m.Start, End: m.End, Type: m.Type}}
			cls[i] = append(cls[i], c)
		}
	}
	return arts, cls
}

// speakersOf is what LinkAll reads for stored articles.
func speakersOf(arts []claims.Article, cls [][]claims.Claim, stored []bool) []entity.Article {
	var out []entity.Article
	for i := range arts {
		if stored[i] {
			out = append(out, entity.Article{ID: arts[i].ID, Speakers: articleSpeakers(cls[i])})
		}
	}
	return out
}

// checkLinksMatch compares the entity of every stored claim's speaker
// with what LinkAll gives for the same articles.
func checkLinksMatch(t *testing.T, s *Store, arts []claims.Article, cls [][]claims.Claim, stored []bool, step string) {
	t.Helper()
	if err := s.Check(context.Background()); err != nil {
		t.Errorf("%s: %v", step, err)
	}
	want := s.lists.LinkAll(speakersOf(arts, cls, stored), s.aliasSet())
	k := 0
	err := s.view(func(txn *badger.Txn) error {
		v := newEntityView(txn, s.lists)
		for i := range arts {
			if !stored[i] {
				continue
			}
			for _, c := range cls[i] {
				got, _, err := v.entityOf(arts[i].ID, c.Speaker.Name)
				if err != nil {
					return err
				}
				if w := want[k][c.Speaker.Name]; got != w {
					t.Errorf("%s: %s %q: entity %q, LinkAll says %q", step, arts[i].ID, c.Speaker.Name, got, w)
				}
				// The short cut by name and type agrees.
				fast, _, err := v.entityOfSpeaker(arts[i].ID, c.Speaker)
				if err != nil {
					return err
				}
				if fast != got {
					t.Errorf("%s: %s %q (%s): entity %q by name and type, %q by the article's links", step, arts[i].ID, c.Speaker.Name, c.Speaker.Type, fast, got)
				}
			}
			k++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalLinkingMatchesLinkAll: storing the linking set article by
// article in a random order, replacing some, removing others (stored
// again without claims) and changing the alias file on the way, gives
// every claim the entity that linking the stored articles at once gives.
func TestIncrementalLinkingMatchesLinkAll(t *testing.T) {
	arts, cls := linkingSet(t)
	s := openTemp(t, "")
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(12, 12))
	stored := make([]bool, len(arts))
	order := rng.Perm(len(arts))
	for n, i := range order {
		if _, err := s.Put(ctx, arts[i], cls[i], ""); err != nil {
			t.Fatal(err)
		}
		stored[i] = true
		if n%40 == 39 {
			checkLinksMatch(t, s, arts, cls, stored, fmt.Sprintf("after %d puts", n+1))
		}
	}
	checkLinksMatch(t, s, arts, cls, stored, "all stored")
	// Remove a third: stored again without claims, they link nothing.
	for _, i := range order[:len(order)/3] {
		if _, err := s.Put(ctx, arts[i], nil, ""); err != nil {
			t.Fatal(err)
		}
		stored[i] = false
	}
	checkLinksMatch(t, s, arts, cls, stored, "a third removed")
	if err := s.SetAliases(ctx, "aliases.txt", []byte("Walter Denning = Walter Denning Jr.\nVarga = Ilona Varga\nMira Hollis != Hollis\n")); err != nil {
		t.Fatal(err)
	}
	checkLinksMatch(t, s, arts, cls, stored, "with aliases")
	for _, i := range order[:len(order)/3] {
		if _, err := s.Put(ctx, arts[i], cls[i], ""); err != nil {
			t.Fatal(err)
		}
		stored[i] = true
	}
	checkLinksMatch(t, s, arts, cls, stored, "stored again with aliases")
	if err := s.SetAliases(ctx, "aliases.txt", nil); err != nil {
		t.Fatal(err)
	}
	checkLinksMatch(t, s, arts, cls, stored, "aliases gone")
}

// TestReindexRebuildsLinks: a reindex after the derived keys are lost
// gives back what incremental linking had, and Check passes.
func TestReindexRebuildsLinks(t *testing.T) {
	arts, cls := linkingSet(t)
	s := openTemp(t, "")
	ctx := context.Background()
	stored := make([]bool, len(arts))
	for i := range arts {
		if _, err := s.Put(ctx, arts[i], cls[i], ""); err != nil {
			t.Fatal(err)
		}
		stored[i] = true
	}
	if err := s.deletePrefix(ctx, pEntity); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err == nil {
		t.Fatal("Check passes without entity records")
	}
	calls := 0
	if err := s.Reindex(ctx, func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls != len(arts) {
		t.Errorf("progress called %d times for %d articles", calls, len(arts))
	}
	checkLinksMatch(t, s, arts, cls, stored, "reindexed")
	if pending, err := s.reindexPending(); pending || err != nil {
		t.Errorf("reindex mark left: %v %v", pending, err)
	}
}

// TestCheckFindsLinkDamage: Check (claims stats --check) fails when a
// claim's entity is missing, an entity has no claim, an entity's tally is
// off, or an article's links are gone, naming what is wrong; and passes
// again after a reindex.
func TestCheckFindsLinkDamage(t *testing.T) {
	ctx := context.Background()
	const stray = "p_000000000000"
	for _, tc := range []struct {
		name   string
		damage func(txn *badger.Txn, putin, article string) error
		// names says what the error must name: the entity (true) or the
		// article.
		names string
	}{
		{"entity missing", func(txn *badger.Txn, putin, _ string) error { return txn.Delete(entityKey(putin)) }, "entity"},
		{"entity without claims", func(txn *badger.Txn, _, _ string) error {
			return putJSON(txn, entityKey(stray), entityRecord{Kind: entity.Person, Claims: 1, Names: map[string]int{"Nobody Atall": 1}})
		}, "stray"},
		{"tally off", func(txn *badger.Txn, putin, _ string) error {
			rec, _, err := readEntity(txn, putin)
			if err != nil {
				return err
			}
			rec.Claims++
			return putJSON(txn, entityKey(putin), rec)
		}, "entity"},
		{"links gone", func(txn *badger.Txn, _, article string) error { return txn.Delete(linksKey(article)) }, "article"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, "")
			f := newFixture("https://example.com/check", "example.com", day(2), "“Alpha,” Vladimir Putin said.", "“Beta,” Mr. Putin said.")
			f.add(claims.Direct, "Alpha", spk("Vladimir Putin", "President"))
			f.add(claims.Direct, "Beta", spk("Mr. Putin", ""))
			f.put(t, s)
			_, cs, err := s.Article(ctx, f.a.ID)
			if err != nil {
				t.Fatal(err)
			}
			putin := cs[0].Speaker.Entity.ID
			if cs[1].Speaker.Entity.ID != putin {
				t.Fatalf("Mr. Putin is %s, Vladimir Putin %s", cs[1].Speaker.Entity.ID, putin)
			}
			if err := s.Check(ctx); err != nil {
				t.Fatalf("before damage: %v", err)
			}
			if err := s.update(ctx, func(txn *badger.Txn) error { return tc.damage(txn, putin, f.a.ID) }); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"entity": putin, "stray": stray, "article": f.a.ID}[tc.names]
			if err := s.Check(ctx); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Check = %v, want an error naming %s", err, want)
			}
			if err := s.Reindex(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(ctx); err != nil {
				t.Errorf("after reindex: %v", err)
			}
		})
	}
}
