//go:build !unix

package main

// privateFiles does nothing where files carry no Unix mode.
func privateFiles() {}
