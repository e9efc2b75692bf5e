package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenAfterTornLogCreate: a process killed between creating a new
// memtable log (.mem) or value-log file (.vlog) and sizing it leaves an
// empty file, which Badger refuses to open; Open removes it, for writing
// and for reading alike (TestIngestCrash met it, killing a group-commit
// ingest).
func TestOpenAfterTornLogCreate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		opts  Options
	}{
		{"memtable log", []string{"00099.mem"}, Options{}},
		{"value log", []string{"000099.vlog"}, Options{}},
		{"both, reading", []string{"00099.mem", "000099.vlog"}, Options{Reading: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			a, cs := synthArticle("torn", 1)
			if _, err := s.Put(context.Background(), a, cs, "torn"); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			for _, name := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			opts := tc.opts
			opts.MustExist = true
			r, err := Open(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got, _, err := r.Article(context.Background(), a.ID); err != nil || got.Title != a.Title {
				t.Errorf("Article = %+v, %v", got, err)
			}
			if err := r.Check(context.Background()); err != nil {
				t.Error(err)
			}
			for _, name := range tc.files {
				if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Size() == 0 {
					t.Errorf("%s is still empty", name)
				}
			}
		})
	}
}
