//go:build !unix

package load

import "time"

// processCPU is 0 where the process's processor time is not read.
func processCPU() time.Duration { return 0 }
