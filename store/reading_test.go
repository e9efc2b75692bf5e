package store

import (
	"context"
	"os"
	"slices"
	"testing"
)

// TestReadingOpen: a store closed cleanly is opened for reading without
// writing to its directory; Put then fails, and a writer's Open meanwhile
// finds it in use. (TestCrashRecovery opens a killed writer's store the
// same way on odd rounds, where Badger must repair it first.)
func TestReadingOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	a, cs := synthArticle("reading", 1)
	if _, err := s.Put(context.Background(), a, cs, "reading"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := listing(t, dir)
	r, err := Open(dir, Options{MustExist: true, Reading: true})
	if err != nil {
		t.Fatal(err)
	}
	if !r.ReadOnly() {
		t.Error("a cleanly closed store was opened for writing")
	}
	if got, _, err := r.Article(context.Background(), a.ID); err != nil || got.Title != a.Title {
		t.Errorf("Article = %+v, %v", got, err)
	}
	a2, cs2 := synthArticle("reading", 2)
	if _, err := r.Put(context.Background(), a2, cs2, "reading"); err == nil {
		t.Error("Put through a reading open succeeded")
	}
	if _, err := Open(dir, Options{}); err == nil {
		t.Error("a writer opened the store while a reader held it")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if after := listing(t, dir); !slices.Equal(before, after) {
		t.Errorf("reading changed the directory:\nbefore %v\nafter  %v", before, after)
	}
}

func listing(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e.Name()+" "+info.ModTime().String())
	}
	return out
}
