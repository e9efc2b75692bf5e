package lexicon

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// unionFS serves this package's lists (own, under data/) and the root
// package's shared ones (shared, under words/) as one directory data/, so
// that LoadFS reads a list wherever it lives and a copy made by walking
// Files holds every list in one place.
type unionFS struct{ own, shared fs.FS }

// sharedName is where a name under data/ stands among the shared lists.
func sharedName(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "data/")
	return "words/" + rest, ok
}

func (u unionFS) Open(name string) (fs.File, error) {
	if name == "." || name == "data" {
		return u.own.Open(name)
	}
	f, err := u.own.Open(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	if s, ok := sharedName(name); ok {
		return u.shared.Open(s)
	}
	return nil, err
}

// ReadDir lists data/ as the union of both directories.
func (u unionFS) ReadDir(name string) ([]fs.DirEntry, error) {
	own, err := fs.ReadDir(u.own, name)
	if err != nil || name != "data" {
		return own, err
	}
	shared, err := fs.ReadDir(u.shared, "words")
	if err != nil {
		return nil, err
	}
	all := append(own, shared...)
	slices.SortFunc(all, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return all, nil
}
