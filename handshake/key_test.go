package handshake_test

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/handshake"
)

// RFC 6455, Section 1.3.
const (
	rfcKey    = "dGhlIHNhbXBsZSBub25jZQ=="
	rfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
)

func TestAcceptKey(t *testing.T) {
	assert.Equal(t, rfcAccept, handshake.AcceptKey(rfcKey))
	// RFC 6455, Section 4.2.2 item 5.4 takes the key as sent, untrimmed.
	assert.NotEqual(t, rfcAccept, handshake.AcceptKey(" "+rfcKey))
}

func TestNewKey(t *testing.T) {
	seen := map[string]bool{}
	for range 64 {
		key, err := handshake.NewKey()
		require.NoError(t, err)
		nonce, err := base64.StdEncoding.DecodeString(key)
		require.NoError(t, err)
		assert.Len(t, nonce, 16)
		assert.False(t, seen[key], "repeated key %q", key)
		seen[key] = true
	}
}

func BenchmarkAcceptKey(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(rfcKey)))
	for b.Loop() {
		handshake.AcceptKey(rfcKey)
	}
}
