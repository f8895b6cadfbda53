package index

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
)

// The key space. Every key starts with a one-byte prefix naming its space;
// records and their data keys share the encoding of (source, id) that
// follows, so both spaces sort the same way.
const (
	prefixRecord  byte = 'r' // 'r' source id → sealed canonical JSON; UserMeta = kind
	prefixDataKey byte = 'k' // 'k' source id → version byte + 32-byte data key
)

// Strings are escaped so that any bytes sort correctly: 0x00 becomes
// 0x00 0xFF and each string ends with 0x00 0x01. A string that is a prefix of
// another thus sorts first, and no string's encoding is a prefix of
// another's, so a source prefix selects exactly that source.
const (
	escByte  = 0x00
	escEsc   = 0xFF
	escClose = 0x01
)

var errBadKey = errors.New("index: malformed storage key")

func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == escByte {
			b = append(b, escByte, escEsc)
			continue
		}
		b = append(b, s[i])
	}
	return append(b, escByte, escClose)
}

// encodeKey returns the storage key of a record key in one space.
func encodeKey(prefix byte, k engine.Key) []byte {
	b := make([]byte, 0, 1+len(k.Source)+len(k.ID)+4)
	b = append(b, prefix)
	b = appendString(b, k.Source)
	return appendString(b, k.ID)
}

// sourcePrefix selects all keys of one source in one space; an empty source
// selects the whole space.
func sourcePrefix(prefix byte, source string) []byte {
	if source == "" {
		return []byte{prefix}
	}
	return appendString([]byte{prefix}, source)
}

// decodeKey reverses encodeKey, returning the space's prefix.
func decodeKey(b []byte) (prefix byte, k engine.Key, err error) {
	if len(b) == 0 {
		return 0, k, errBadKey
	}
	prefix, rest := b[0], b[1:]
	if k.Source, rest, err = readString(rest); err != nil {
		return 0, k, err
	}
	if k.ID, rest, err = readString(rest); err != nil {
		return 0, k, err
	}
	if len(rest) != 0 {
		return 0, k, fmt.Errorf("%w: %d trailing bytes", errBadKey, len(rest))
	}
	return prefix, k, nil
}

func readString(b []byte) (string, []byte, error) {
	var s []byte
	for {
		i := bytes.IndexByte(b, escByte)
		if i < 0 || i+1 >= len(b) {
			return "", nil, errBadKey
		}
		s = append(s, b[:i]...)
		switch b[i+1] {
		case escClose:
			return string(s), b[i+2:], nil
		case escEsc:
			s = append(s, escByte)
			b = b[i+2:]
		default:
			return "", nil, errBadKey
		}
	}
}

// kindCodes are the bytes that stand for kinds in badger's UserMeta, so
// that Scan and Stats can filter and count by kind without decrypting values.
// They are stored: never renumber them.
var kindCodes = [...]engine.Kind{
	1: engine.TracingRequest,
	2: engine.AnteMortem,
	3: engine.PostMortem,
	4: engine.Registration,
}

func kindCode(k engine.Kind) (byte, bool) {
	for i, kk := range kindCodes {
		if i > 0 && kk == k {
			return byte(i), true
		}
	}
	return 0, false
}

func kindOf(code byte) (engine.Kind, bool) {
	if code == 0 || int(code) >= len(kindCodes) {
		return "", false
	}
	return kindCodes[code], true
}

// maxKeyLen keeps an encoded key well under badger's 65,000-byte limit even
// when every byte needs escaping.
const maxKeyLen = 16 << 10

func checkKey(k engine.Key) error {
	// Records travel as JSON, which cannot carry invalid UTF-8: such an id
	// would come back changed and no longer match its key.
	if !utf8.ValidString(k.Source) || !utf8.ValidString(k.ID) {
		return fmt.Errorf("%w: %q: source and id must be valid UTF-8", ErrInvalidRecord, k.String())
	}
	if len(k.Source)+len(k.ID) > maxKeyLen {
		return fmt.Errorf("%w: %.40q…: source and id longer than %d bytes", ErrInvalidRecord, k.String(), maxKeyLen)
	}
	return nil
}
