package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/rflmatch/rflmatch/index"
	"github.com/spf13/pflag"
)

// keyEnv names the environment variable that may give the key file; the
// --key-file flag wins over it.
const keyEnv = "RFLMATCH_KEY_FILE"

func runKeygen(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "keygen", "--out FILE")
	out := fl.String("out", "", "write the key to `FILE` (mode 0600; never overwritten)")
	require(fl, "out")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return usageErr("reading random bytes: %v", err)
	}
	// O_EXCL: an existing key may be the only way into a store; never
	// replace it.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageErr("%s already exists; refusing to overwrite a key", *out)
		}
		return usageErr("%v", err)
	}
	if _, err := f.Write(index.KeyFile(key)); err != nil {
		f.Close()
		return usageErr("writing %s: %v", *out, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return usageErr("writing %s: %v", *out, err)
	}
	if err := f.Close(); err != nil {
		return usageErr("writing %s: %v", *out, err)
	}
	fmt.Fprintf(e.stderr, "wrote a new key to %s (mode 0600); keep a copy apart from the data: without it the store cannot be read\n", *out)
	return nil
}

// storeFlags are the flags of every command that opens a store.
type storeFlags struct {
	data         string
	keyFile      string
	noEncryption bool
}

// register adds the store flags; --data is marked required unless the
// command can also run without a store (train).
func (s *storeFlags) register(fl *pflag.FlagSet) {
	s.registerOptional(fl)
	require(fl, "data")
}

func (s *storeFlags) registerOptional(fl *pflag.FlagSet) {
	fl.StringVar(&s.data, "data", "", "the store, in the directory `DIR`")
	fl.StringVar(&s.keyFile, "key-file", "", "read the store key from `FILE` (64 hex characters; default $"+keyEnv+")")
	fl.BoolVar(&s.noEncryption, "no-encryption", false, "open or create a store without encryption (tests only)")
}

// key reads the store key, or returns nil when --no-encryption was said.
func (s *storeFlags) key(e *env) ([]byte, error) {
	if s.data == "" {
		return nil, usageErr("--data DIR is required")
	}
	file := s.keyFile
	if file == "" {
		file = e.getenv(keyEnv)
	}
	if s.noEncryption {
		if file != "" && s.keyFile != "" {
			return nil, usageErr("--no-encryption and --key-file contradict each other")
		}
		return nil, nil
	}
	if file == "" {
		return nil, usageErr("no key: give --key-file FILE or set %s (create one with 'rflmatch keygen --out FILE'), or say --no-encryption for a test store", keyEnv)
	}
	key, warning, err := index.LoadKeyFile(file)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if warning != "" {
		fmt.Fprintf(e.stderr, "rflmatch: warning: %s\n", warning)
	}
	return key, nil
}

// readKey reads a key file written by keygen.
func readKey(file string) ([]byte, error) {
	key, err := index.ReadKeyFile(file)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return key, nil
}
