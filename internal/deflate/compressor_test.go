package deflate_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/deflate"
)

// RFC 7692, Sections 7.2.3.1 and 7.2.3.2: "Hello" twice, with and without
// context takeover. The RFC's second payload (f2 00 11 00 00) spends a
// literal before its match; ours codes one match of length 5 at distance 5
// in a fixed block: 3 header bits, 0000011, 00100, 0, 0000000, then the
// empty stored block's 3 bits and padding.
func TestCompressor_AppendMessage_rfcVectors(t *testing.T) {
	first := []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}
	shared := []byte{0x02, 0x13, 0x00, 0x00}
	c := deflate.NewCompressor(deflate.BestSpeed, 15, true)
	assert.Equal(t, first, c.AppendMessage(nil, []byte("Hello")))
	assert.Equal(t, shared, c.AppendMessage(nil, []byte("Hello")))
	d := deflate.NewDecompressor(15, true)
	for _, p := range [][]byte{first, shared} {
		out, err := d.AppendMessage(nil, p, -1)
		require.NoError(t, err)
		assert.Equal(t, "Hello", string(out))
	}
	c = deflate.NewCompressor(deflate.BestSpeed, 15, false)
	assert.Equal(t, first, c.AppendMessage(nil, []byte("Hello")))
	assert.Equal(t, first, c.AppendMessage(nil, []byte("Hello")))
}

func TestCompressor_Writer_closed(t *testing.T) {
	c := deflate.NewCompressor(0, 15, true)
	var buf bytes.Buffer
	w := c.Writer(&buf)
	require.NoError(t, w.Close())
	_, err := w.Write([]byte("x"))
	assert.ErrorIs(t, err, deflate.ErrClosed)
	assert.ErrorIs(t, w.Close(), deflate.ErrClosed)
	assert.Equal(t, []byte{0x00}, buf.Bytes())
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestCompressor_Writer_stickyError(t *testing.T) {
	boom := errors.New("boom")
	c := deflate.NewCompressor(0, 15, false)
	w := c.Writer(failWriter{boom})
	_, err := w.Write(bytes.Repeat([]byte("abcdefgh"), 1<<14)) // more than one block
	require.ErrorIs(t, err, boom)
	_, err = w.Write([]byte("x"))
	assert.ErrorIs(t, err, boom)
	assert.ErrorIs(t, w.Close(), boom)
	// The Compressor still works for the next message.
	d := deflate.NewDecompressor(15, false)
	out, err := d.AppendMessage(nil, c.AppendMessage(nil, []byte("next")), -1)
	require.NoError(t, err)
	assert.Equal(t, "next", string(out))
}

// TestCompressor_windowRespected checks through the Decompressor's own
// window: a peer Decompressor created for the small window keeps only that
// much history, so a reference further back across messages fails.
func TestCompressor_windowRespected(t *testing.T) {
	msg := bytes.Repeat([]byte("0123456789abcdef"), 64) // 1 KiB with period 16
	for bits := 9; bits <= 15; bits++ {
		c := deflate.NewCompressor(9, bits, true)
		d := deflate.NewDecompressor(bits, true)
		for i := range 5 {
			out, err := d.AppendMessage(nil, c.AppendMessage(nil, append([]byte{byte(i)}, msg...)), -1)
			require.NoError(t, err, "bits %d message %d", bits, i)
			require.Len(t, out, len(msg)+1)
		}
	}
}
