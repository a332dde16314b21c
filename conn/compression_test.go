package conn_test

import (
	"bytes"
	"compress/flate"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// deflateRaw compresses p as a permessage-deflate payload (RFC 7692,
// Section 7.2.1: flushed, with the trailing 00 00 ff ff removed).
func deflateRaw(t testing.TB, p []byte) []byte {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	require.NoError(t, err)
	_, _ = w.Write(p)
	require.NoError(t, w.Flush())
	out := b.Bytes()
	require.True(t, bytes.HasSuffix(out, []byte{0, 0, 0xff, 0xff}))
	return out[:len(out)-4]
}

func compressedFrame(payload []byte) []byte {
	h := frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpBinary, Masked: true, Key: [4]byte{5, 6, 7, 8}}
	return frame.AppendFrame(nil, h, payload)
}

func TestCompressedRead(t *testing.T) {
	ctx := context.Background()
	msg := bytes.Repeat([]byte("compress me "), 1000)
	for _, limit := range []int64{0, -1, int64(len(msg))} {
		var out bytes.Buffer
		c := conn.NewCompressedForTest(stream{bytes.NewReader(compressedFrame(deflateRaw(t, msg))), &out}, &conn.Config{Options: conn.Options{ReadLimit: limit}})
		_, got, err := c.Read(ctx)
		require.NoError(t, err, "limit %d", limit)
		assert.Equal(t, msg, got)
		c.CloseNow()
	}
}

// A deflate bomb stops at the read limit with 1009, having inflated no
// more than the limit; corrupt data fails with 1007.
func TestCompressedViolations(t *testing.T) {
	ctx := context.Background()
	bomb := deflateRaw(t, make([]byte, 64<<20)) // 64 MiB of zeros in about 64 KiB
	require.Less(t, len(bomb), 128<<10)
	for _, tc := range []struct {
		name string
		wire []byte
		code conn.StatusCode
	}{
		{"bomb", compressedFrame(bomb), conn.StatusMessageTooBig},
		{"corrupt", compressedFrame([]byte{0xff, 0xff, 0xff, 0xff, 0x01}), conn.StatusInvalidFramePayloadData},
		{"rsv1 on continuation", append(frame.AppendFrame(nil, frame.Header{Rsv: frame.Rsv1, Opcode: frame.OpText, Masked: true}, deflateRaw(t, []byte("a"))),
			frame.AppendFrame(nil, frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpContinuation, Masked: true}, nil)...), conn.StatusProtocolError},
		{"rsv1 on ping", frame.AppendFrame(nil, frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpPing, Masked: true}, nil), conn.StatusProtocolError},
		{"invalid utf8 after inflating", frame.AppendFrame(nil, frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpText, Masked: true}, deflateRaw(t, []byte{'a', 0xff})), conn.StatusInvalidFramePayloadData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			c := conn.NewCompressedForTest(stream{bytes.NewReader(tc.wire), &out}, &conn.Config{Options: conn.Options{ReadLimit: 1 << 20}})
			defer c.CloseNow()
			_, p, err := c.Read(ctx)
			requireFail(t, err, tc.code)
			assert.Zero(t, len(p), "no partial message on error")
			f, err := frame.ReadFrame(&out, 125)
			require.NoError(t, err)
			require.Equal(t, frame.OpClose, f.Opcode)
			code, _, _ := frame.ParseClose(f.Payload)
			assert.Equal(t, tc.code, code)
		})
	}
}

// Compression can be turned off and on per message.
func TestSetWriteCompression(t *testing.T) {
	var out bytes.Buffer
	c := conn.NewCompressedForTest(stream{bytes.NewReader(nil), &out}, nil)
	defer c.CloseNow()
	assert.True(t, c.Compressed())
	ctx := context.Background()
	msg := bytes.Repeat([]byte("abc"), 100)
	rsv := func() byte {
		f, err := frame.ReadFrame(&out, 1<<20)
		require.NoError(t, err)
		return f.Rsv
	}
	require.NoError(t, c.Write(ctx, conn.MessageBinary, msg))
	assert.Equal(t, frame.Rsv1, rsv())
	c.SetWriteCompression(false)
	require.NoError(t, c.Write(ctx, conn.MessageBinary, msg))
	assert.Zero(t, rsv())
	w, err := c.Writer(ctx, conn.MessageBinary)
	require.NoError(t, err)
	_, _ = w.Write(msg)
	require.NoError(t, w.Close())
	assert.Zero(t, rsv())
	c.SetWriteCompression(true)
	require.NoError(t, c.Write(ctx, conn.MessageBinary, msg))
	assert.Equal(t, frame.Rsv1, rsv())
	assert.False(t, conn.New(stream{bytes.NewReader(nil), &out}, nil).Compressed())
}
