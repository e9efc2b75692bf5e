//go:build unix

package store

import (
	"io/fs"
	"syscall"
)

// diskBytes is the space a file occupies, not its length: Badger's value
// log and memtable files are sparse and much longer than their data.
func diskBytes(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return info.Size()
}
