//go:build !unix

package ingest

// noFollow is not available here; CreatePrivate's Lstat check stands alone.
const noFollow = 0
