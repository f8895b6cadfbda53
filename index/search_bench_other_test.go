//go:build !unix

package index

import "time"

// processCPU is 0 where the process's CPU time is not read: the benchmark
// then reports only wall-clock latencies.
func processCPU() time.Duration { return 0 }
