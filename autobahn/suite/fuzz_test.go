package suite

import (
	"bufio"
	"bytes"
	"net"
	"testing"

	"github.com/hybi-go/websocket/frame"
)

// FuzzPeerRead feeds arbitrary bytes to the fuzzer as the peer's side of
// the connection, in both roles, with and without permessage-deflate, and
// judges the result: whatever the peer sends, reading and judging must not
// panic, allocate beyond the limit or hang.
func FuzzPeerRead(f *testing.F) {
	mask := func(h frame.Header, p []byte) []byte {
		h.Length = int64(len(p))
		return frame.AppendFrame(nil, h, p)
	}
	text := frame.Header{Fin: true, Opcode: frame.OpText}
	seeds := [][]byte{
		mask(text, []byte("Hello")),
		mask(frame.Header{Fin: true, Opcode: frame.OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}}, []byte("Hello")),
		mask(frame.Header{Fin: true, Rsv: 4, Opcode: frame.OpBinary}, []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}),
		mask(frame.Header{Opcode: frame.OpText}, []byte{0xce, 0xba}),
		mask(frame.Header{Fin: true, Opcode: frame.OpClose}, []byte{0x03, 0xe8, 0xff}),
		mask(frame.Header{Fin: true, Opcode: frame.OpPing}, []byte("ping")),
		{0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0},           // 64-bit length with the top bit set
		{0x81, 0x7e, 0x00, 0x05, 'a', 'b', 'c', 'd', 'e'}, // non-minimal length
	}
	for _, s := range seeds {
		f.Add(s, false, false)
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, isServer, deflate bool) {
		near, far := net.Pipe()
		defer func() { _ = far.Close() }()
		hs := opened{conn: near}
		if deflate {
			hs.deflate = &DeflateParams{}
		}
		c := echoCase("fuzz", "", "", oneChop, 1, []Event{Message(hello, false)})
		p := newPeer(c, hs, isServer, &Options{MaxPayload: 1 << 20})
		p.readFrames(bufio.NewReader(bytes.NewReader(data)))
		p.connectionLost()
		p.mu.Unlock()
		r := p.judge("fuzz", 1)
		if r.Behavior == "" || r.BehaviorClose == "" {
			t.Fatalf("no verdict: %+v", r)
		}
	})
}
