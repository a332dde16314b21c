package wsclient_test

import (
	"bytes"
	"compress/flate"
	"io"
	"testing"

	"github.com/hybi-go/websocket/bench/internal/wsclient"
	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/mask"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stream builds server frames (unmasked) of the given lengths, plus masked
// client frames so a plain TCP echo's reflected stream is covered too.
func stream(t *testing.T, lengths []int, masked bool) []byte {
	t.Helper()
	var out []byte
	for _, n := range lengths {
		h := frame.Header{Fin: true, Opcode: frame.OpBinary, Length: int64(n), Masked: masked, Key: [4]byte{1, 2, 3, 4}}
		out = frame.AppendFrame(out, h, bytes.Repeat([]byte{'x'}, n))
	}
	return out
}

func TestParser_Feed(t *testing.T) {
	lengths := []int{0, 1, 125, 126, 127, 65535, 65536, 65537, 16}
	for _, masked := range []bool{false, true} {
		s := stream(t, lengths, masked)
		for _, chunk := range []int{1, 2, 3, 7, 13, 14, 15, 4096, len(s)} {
			var p wsclient.Parser
			total := 0
			for b := s; len(b) > 0; {
				k := min(chunk, len(b))
				n, err := p.Feed(b[:k])
				require.NoError(t, err)
				total += n
				b = b[k:]
			}
			assert.Equal(t, len(lengths), total, "masked=%v chunk=%d", masked, chunk)
		}
	}
}

func TestParser_FeedFragmentsAndClose(t *testing.T) {
	var s []byte
	s = frame.AppendFrame(s, frame.Header{Opcode: frame.OpText, Length: 3}, []byte("abc"))
	s = frame.AppendFrame(s, frame.Header{Opcode: frame.OpPing, Fin: true, Length: 1}, []byte("p"))
	s = frame.AppendFrame(s, frame.Header{Opcode: frame.OpContinuation, Fin: true, Length: 2}, []byte("de"))
	var p wsclient.Parser
	n, err := p.Feed(s)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "a fragmented message counts once, the ping not at all")

	c := frame.AppendFrame(nil, frame.Header{Opcode: frame.OpClose, Fin: true}, nil)
	_, err = p.Feed(c)
	assert.ErrorIs(t, err, wsclient.ErrClosed)
}

func TestAppendFrame(t *testing.T) {
	for _, n := range []int{0, 125, 126, 65535, 65536} {
		payload := bytes.Repeat([]byte{'a'}, n)
		b := wsclient.AppendFrame(nil, wsclient.OpBinary, payload, false)
		h, hl, err := frame.ParseHeader(b)
		require.NoError(t, err)
		assert.True(t, h.Masked)
		assert.True(t, h.Fin)
		assert.Equal(t, int64(n), h.Length)
		got := bytes.Clone(b[hl:])
		mask.Apply(h.Key, 0, got)
		assert.Equal(t, payload, got)
	}
}

func TestDeflate(t *testing.T) {
	msg := bytes.Repeat([]byte(`{"id":1,"name":"hybi"}`), 40)
	c := wsclient.Deflate(msg)
	// RFC 7692, Section 7.2.2: the receiver appends 00 00 ff ff before inflating.
	r := flate.NewReader(io.MultiReader(bytes.NewReader(c), bytes.NewReader([]byte{0, 0, 0xff, 0xff})))
	got := make([]byte, len(msg))
	_, err := io.ReadFull(r, got)
	require.NoError(t, err)
	assert.Equal(t, msg, got)
	assert.Less(t, len(c), len(msg)/4)
}
