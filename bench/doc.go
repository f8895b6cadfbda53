// Package bench holds rflmatch's reproducible benchmarks: the ingest
// throughput benchmark here, and in subpackages the synthetic data generator
// (synth), the name benchmark (names) and the accuracy evaluation (eval).
//
// Speed is measured with `go test -bench`, never by timed unit tests, and
// compared as ratios between sub-benchmarks run in the same process, since
// the machines are shared and noisy.
package bench
