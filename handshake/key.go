package handshake

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
)

// keyGUID is the globally unique identifier of RFC 6455, Section 1.3.
const keyGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// keyLen is the length of a base64-encoded 16-byte nonce.
const keyLen = 24

// AcceptKey returns the Sec-WebSocket-Accept value for a Sec-WebSocket-Key:
// the base64 encoding of the SHA-1 of the key followed by the protocol GUID
// (RFC 6455, Sections 1.3 and 4.2.2). It does not validate key.
func AcceptKey(key string) string {
	h := sha1.New()
	h.Write([]byte(key))
	h.Write([]byte(keyGUID))
	var sum [sha1.Size]byte
	return base64.StdEncoding.EncodeToString(h.Sum(sum[:0]))
}

// NewKey returns a fresh Sec-WebSocket-Key: 16 bytes from crypto/rand,
// base64-encoded. The error is non-nil only if the system's random source
// fails.
func NewKey() (string, error) {
	// RFC 6455, Section 4.1: the nonce MUST be randomly selected for each
	// connection.
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return "", fmt.Errorf("handshake: new key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(nonce[:]), nil
}

// isValidKey reports whether key is the base64 encoding of 16 bytes
// (RFC 6455, Section 4.2.1, item 5).
func isValidKey(key string) bool {
	// The length check also rules out the newlines the decoder would skip.
	if len(key) != keyLen {
		return false
	}
	var nonce [18]byte
	n, err := base64.StdEncoding.Decode(nonce[:], []byte(key))
	return err == nil && n == 16
}
