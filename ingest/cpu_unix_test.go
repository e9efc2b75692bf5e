//go:build unix

package ingest_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, user and system: what a
// benchmark on a shared machine can compare when wall time is the other
// processes' as much as its own.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
