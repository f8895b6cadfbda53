package index

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrBadKeyFile: a key file does not hold a key as KeyFile writes it.
var ErrBadKeyFile = errors.New("index: not a key file: want 64 hex characters (32 bytes), as 'rflmatch keygen' writes")

// ReadKeyFile reads a store key from a key file: 64 hex characters,
// surrounding white space allowed.
func ReadKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading key: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%s: %w", path, ErrBadKeyFile)
	}
	return key, nil
}

// KeyFile is the content of a key file for key: the form ReadKeyFile reads.
func KeyFile(key []byte) []byte { return []byte(hex.EncodeToString(key) + "\n") }
