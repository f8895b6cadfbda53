//go:build !amd64 && !arm64

package engine

// prefetch is a hint that this architecture's build does not give.
func prefetch(addr uintptr) {}
