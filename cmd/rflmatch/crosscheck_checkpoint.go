package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rflmatch/rflmatch/engine"
)

// A cross-check's checkpoint is where --resume picks an interrupted run up:
// the passes over the right side it finished and what they found, and
// while scoring, the right records scored and every left case's best
// candidates so far. It holds the right side's record keys, name
// frequencies and scores, so it is sealed (AES-256-GCM) under a key drawn
// from both sides' contents (and the store key of a store side) and the
// options: only someone who holds the inputs can open it, and it reveals
// nothing they do not hold. It lives beside --out, mode 0600, is replaced
// whole (written beside and renamed) at the end of each pass and every
// --checkpoint-every while scoring, and is removed once the outputs are
// written.

// checkpointMagic opens every checkpoint file; its last byte is the
// format's version.
var checkpointMagic = []byte("rflmatch-crosscheck-checkpoint\x01")

// checkpoint is the checkpoint file of one run.
type checkpoint struct {
	path string
	aead cipher.AEAD
}

// checkpointPath is the checkpoint of the run writing out: a hidden file
// beside it.
func checkpointPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".checkpoint")
}

// newCheckpoint derives the sealing key from the digest of everything
// that decides the run.
func newCheckpoint(out string, inputs []byte) (*checkpoint, error) {
	key := sha256.Sum256(append([]byte("rflmatch crosscheck checkpoint key\x00"), inputs...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &checkpoint{path: checkpointPath(out), aead: aead}, nil
}

// save seals the state and replaces the checkpoint with it.
func (c *checkpoint) save(st *engine.StreamState) error {
	plain, err := st.MarshalBinary()
	if err != nil {
		return err
	}
	nonce := make([]byte, c.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	sealed := c.aead.Seal(nil, nonce, plain, checkpointMagic)
	err = writeAtomic(c.path, 0o600, func(w io.Writer) error {
		for _, b := range [][]byte{checkpointMagic, nonce, sealed} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("writing the checkpoint %s: %w", c.path, err)
	}
	return nil
}

// errOtherRun is a checkpoint that does not open under this run's key.
var errOtherRun = errors.New("it was written by a run with other inputs or options, or is damaged: remove it, or run without --resume to start over")

// load reads the checkpoint; a missing one is (nil, nil).
func (c *checkpoint) load() (*engine.StreamState, error) {
	data, err := os.ReadFile(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, usageErr("reading the checkpoint: %v", err)
	}
	ns := c.aead.NonceSize()
	if !bytes.HasPrefix(data, checkpointMagic) || len(data) < len(checkpointMagic)+ns {
		return nil, usageErr("the checkpoint %s: %v", c.path, errOtherRun)
	}
	data = data[len(checkpointMagic):]
	plain, err := c.aead.Open(nil, data[:ns], data[ns:], checkpointMagic)
	if err != nil {
		return nil, usageErr("the checkpoint %s: %v", c.path, errOtherRun)
	}
	var st engine.StreamState
	if err := st.UnmarshalBinary(plain); err != nil {
		return nil, usageErr("the checkpoint %s: %v", c.path, err)
	}
	return &st, nil
}

// remove deletes the checkpoint once the run is complete.
func (c *checkpoint) remove() error {
	if err := os.Remove(c.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
