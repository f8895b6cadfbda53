//go:build amd64 || arm64

package engine

// prefetch asks the processor to bring the cache line at addr in, without
// waiting for it: a hint, which never faults.
func prefetch(addr uintptr)
