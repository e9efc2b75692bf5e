package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// removeTornLogs removes the empty memtable logs (.mem) and value-log
// files (.vlog) of dir. Badger creates each such file and then sizes it and
// writes its header; a process killed in between leaves an empty file,
// which holds nothing (nothing is written to a log before it is sized) but
// makes Badger's Open fail ("Create a new file"). It must run before
// Badger opens dir, with the directory lock held for writing.
func removeTornLogs(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); ext != ".mem" && ext != ".vlog" || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("open store %s: remove the empty log a killed writer left: %w", dir, err)
		}
	}
	return nil
}
