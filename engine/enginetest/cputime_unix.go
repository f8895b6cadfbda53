//go:build unix

package enginetest

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time the process has used, user and system: unlike
// the wall clock, it does not count the time other processes took, so a
// benchmark on a shared machine reports it beside its latencies.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
