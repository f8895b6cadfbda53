package index

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// keySet holds the keys derived from the master key, one per purpose, so
// that no two mechanisms ever share a key.
type keySet struct {
	atRest []byte // badger's encryption key
	check  []byte // the key check value written to the marker file
	master []byte // for deriving per-backup keys with a fresh salt
}

// deriveKeys returns nil for a plain store.
func deriveKeys(master []byte) (*keySet, error) {
	if master == nil {
		return nil, nil
	}
	atRest, err := hkdf.Key(sha256.New, master, nil, "rflmatch index at-rest v1", 32)
	if err != nil {
		return nil, err
	}
	// The caller may wipe its key after Open; backups still need it.
	return &keySet{atRest: atRest, check: keyCheck(master), master: bytes.Clone(master)}, nil
}

// keyCheck is a value that tells whether a key is the right one without
// revealing anything about the key.
func keyCheck(master []byte) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte("rflmatch key check"))
	return m.Sum(nil)
}

// A record is stored sealed with its own random data key, so that
// destroying the 32-byte data key destroys every copy of the record that the
// LSM tree may still hold (see doc.go, "Erasure").
const (
	sealVersion = 1
	dataKeySize = 32
	nonceSize   = 12
)

var errUnsealed = errors.New("index: record does not decrypt with its data key")

// newDataKey returns a fresh data key entry value: a version byte and the key.
func newDataKey() []byte {
	k := make([]byte, 1+dataKeySize)
	k[0] = sealVersion
	rand.Read(k[1:]) // never fails, by contract of crypto/rand
	return k
}

func recordAEAD(dataKey []byte) (cipher.AEAD, error) {
	if len(dataKey) != 1+dataKeySize || dataKey[0] != sealVersion {
		return nil, fmt.Errorf("index: data key entry of %d bytes, version %d: store damaged", len(dataKey), dataKey[0])
	}
	block, err := aes.NewCipher(dataKey[1:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts a record's canonical form. The AAD is the record's storage
// key and kind byte, so a sealed value moved under another key, or relabelled
// with another kind, fails to open.
func seal(dataKey, key []byte, kind byte, plain []byte) ([]byte, error) {
	aead, err := recordAEAD(dataKey)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+nonceSize, 1+nonceSize+len(plain)+aead.Overhead())
	out[0] = sealVersion
	rand.Read(out[1 : 1+nonceSize])
	return aead.Seal(out, out[1:1+nonceSize], plain, aad(key, kind)), nil
}

// unseal reverses seal.
func unseal(dataKey, key []byte, kind byte, sealed []byte) ([]byte, error) {
	aead, err := recordAEAD(dataKey)
	if err != nil {
		return nil, err
	}
	return openSealed(aead, key, kind, sealed, false)
}

// openSealed is unseal with the AEAD of the data key made already, for
// those that open many values sealed with one key: making an AES-GCM
// for each of a million case entries was a twentieth of a store's open,
// and 1.8 GB of garbage. With inPlace the plain text overwrites sealed,
// which the caller then no longer reads.
func openSealed(aead cipher.AEAD, key []byte, kind byte, sealed []byte, inPlace bool) ([]byte, error) {
	if len(sealed) < 1+nonceSize+aead.Overhead() || sealed[0] != sealVersion {
		return nil, errUnsealed
	}
	var dst []byte
	if inPlace {
		dst = sealed[1+nonceSize : 1+nonceSize]
	}
	plain, err := aead.Open(dst, sealed[1:1+nonceSize], sealed[1+nonceSize:], aad(key, kind))
	if err != nil {
		return nil, errUnsealed
	}
	return plain, nil
}

func aad(key []byte, kind byte) []byte {
	a := make([]byte, 0, len(key)+1)
	return append(append(a, key...), kind)
}
