package main

import (
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"
)

// TestCheckpointChunks: what a checkpoint's sealed chunks hold reads back
// whole, and a checkpoint cut short, with a chunk dropped, or with a byte
// changed does not read, whatever the chunk.
func TestCheckpointChunks(t *testing.T) {
	ck, err := newCheckpoint(t.TempDir()+"/pairs.csv", []byte("inputs"))
	if err != nil {
		t.Fatal(err)
	}
	plain := make([]byte, 2*checkpointChunk+12345)
	rand.Read(plain)
	var sealed bytes.Buffer
	sw, err := newSealWriter(&sealed, ck.aead)
	if err != nil {
		t.Fatal(err)
	}
	// Written in pieces of odd sizes, as an encoder writes.
	for rest := plain; len(rest) > 0; {
		n := min(len(rest), 7777)
		if _, err := sw.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	file := sealed.Bytes()
	if bytes.Contains(file, plain[:64]) {
		t.Fatal("the checkpoint holds its content in the clear")
	}
	read := func(b []byte) ([]byte, error) {
		r, err := newOpenReader(bytes.NewReader(b), ck.aead, "pairs.csv.checkpoint")
		if err != nil {
			return nil, err
		}
		return io.ReadAll(r)
	}
	got, err := read(file)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("read back %d bytes, err %v; want the %d written", len(got), err, len(plain))
	}
	head := len(checkpointMagic) + 8
	chunk := 4 + checkpointChunk + ck.aead.Overhead()
	tests := []struct {
		name string
		file []byte
	}{
		{"cut after a whole chunk", file[:head+chunk]},
		{"cut in a chunk", file[:head+chunk+100]},
		{"first chunk dropped", append(append([]byte(nil), file[:head]...), file[head+chunk:]...)},
		{"a byte changed in the last chunk", flip(file, len(file)-5)},
		{"a byte changed in the magic", flip(file, 3)},
		{"the last chunk's mark taken off", flip(file, head+2*chunk+3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(tt.file)
			if err == nil || !strings.Contains(err.Error(), "other inputs or options, or is damaged") {
				t.Errorf("err %v, want the checkpoint refused as damaged", err)
			}
		})
	}
}

// flip returns a copy of b with the byte at i changed.
func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x80
	return c
}
