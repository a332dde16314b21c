package conn_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// Each protocol violation fails the connection with the close code the RFC
// names, sent to the peer and reported to the reader.
func TestViolations(t *testing.T) {
	text := func(fin bool, p string) (frame.Header, []byte) {
		return frame.Header{Fin: fin, Opcode: frame.OpText}, []byte(p)
	}
	type step struct {
		h frame.Header
		p []byte
	}
	s := func(h frame.Header, p []byte) step { return step{h, p} }
	bad := []byte{0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80}
	tests := []struct {
		name   string
		opts   conn.Options
		steps  []step
		raw    []byte // sent after the steps, unmasked bytes as they are
		code   conn.StatusCode
		client bool // the Conn under test is a client
	}{
		{name: "reserved opcode 3", steps: []step{s(frame.Header{Fin: true, Opcode: 3}, nil)}, code: 1002},
		{name: "reserved opcode 11", steps: []step{s(frame.Header{Fin: true, Opcode: 11}, nil)}, code: 1002},
		{name: "rsv1 without extension", steps: []step{s(frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpText}, []byte("x"))}, code: 1002},
		{name: "rsv2", steps: []step{s(frame.Header{Fin: true, Rsv: frame.Rsv2, Opcode: frame.OpBinary}, nil)}, code: 1002},
		{name: "rsv3 on ping", steps: []step{s(frame.Header{Fin: true, Rsv: frame.Rsv3, Opcode: frame.OpPing}, nil)}, code: 1002},
		{name: "ping 126 bytes", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpPing}, make([]byte, 126))}, code: 1002},
		{name: "fragmented ping", steps: []step{s(frame.Header{Opcode: frame.OpPing}, []byte("x"))}, code: 1002},
		{name: "continuation first", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpContinuation}, []byte("x"))}, code: 1002},
		{name: "text inside fragmented", steps: []step{s(text(false, "a")), s(text(true, "b"))}, code: 1002},
		{name: "invalid utf8", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpText}, bad)}, code: 1007},
		{name: "invalid utf8 fails before the final fragment", steps: []step{s(frame.Header{Opcode: frame.OpText}, bad)}, code: 1007},
		{name: "truncated utf8 at end", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpText}, []byte{0xe2, 0x82})}, code: 1007},
		{name: "close 1 byte", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpClose}, []byte{3})}, code: 1002},
		{name: "close code 1005", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpClose}, []byte{0x03, 0xed})}, code: 1002},
		{name: "close code 999", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpClose}, []byte{0x03, 0xe7})}, code: 1002},
		{name: "close reason invalid utf8", steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpClose}, append([]byte{0x03, 0xe8}, bad...))}, code: 1007},
		{name: "declared length over limit", opts: conn.Options{ReadLimit: 100}, raw: []byte{0x82, 0xfe, 0x00, 0xc8, 1, 2, 3, 4}, code: 1009},
		{name: "fragments over limit", opts: conn.Options{ReadLimit: 100}, steps: []step{s(frame.Header{Opcode: frame.OpBinary}, make([]byte, 60)), s(frame.Header{Opcode: frame.OpContinuation}, make([]byte, 60))}, code: 1009},
		{name: "too many frames", opts: conn.Options{MaxFrames: 3}, steps: []step{s(frame.Header{Opcode: frame.OpBinary}, nil), s(frame.Header{Opcode: frame.OpContinuation}, nil), s(frame.Header{Opcode: frame.OpContinuation}, nil), s(frame.Header{Opcode: frame.OpContinuation}, nil)}, code: 1009},
		{name: "length top bit", raw: []byte{0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, code: 1002},
		{name: "unmasked client frame", raw: []byte{0x81, 0x01, 'x'}, code: 1002},
		{name: "masked server frame", client: true, raw: []byte{0x81, 0x81, 1, 2, 3, 4, 'x'}, code: 1002},
		{name: "client: invalid utf8", client: true, steps: []step{s(frame.Header{Fin: true, Opcode: frame.OpText}, bad)}, code: 1007},
		{name: "client: reserved opcode", client: true, steps: []step{s(frame.Header{Fin: true, Opcode: 0xF}, nil)}, code: 1002},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, peer := tcpPair(t, tc.client, tc.opts)
			for _, st := range tc.steps {
				peer.send(st.h, st.p)
			}
			if tc.raw != nil {
				peer.sendRaw(tc.raw)
			}
			_, _, err := c.Read(context.Background())
			requireFail(t, err, tc.code)
			assert.Equal(t, tc.code, peer.expectClose())
			peer.expectEOF()
			st, ok := c.CloseStatus()
			require.True(t, ok)
			assert.False(t, st.WasClean)
			// Errors are sticky.
			_, _, err2 := c.Read(context.Background())
			assert.ErrorIs(t, err2, err)
		})
	}
}

// A peer that declares a huge frame gets 1009 before a byte of it is
// buffered: the declared length never decides an allocation.
func TestDeclaredLengthIsNotAllocated(t *testing.T) {
	c, peer := tcpPair(t, false, conn.Options{ReadLimit: 1 << 20})
	peer.sendRaw([]byte{0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4})
	_, _, err := c.Read(context.Background())
	requireFail(t, err, conn.StatusMessageTooBig)
}
