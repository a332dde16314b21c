package frame_test

import (
	"bytes"
	"testing"

	"github.com/hybi-go/websocket/frame"
)

func FuzzParseHeader(f *testing.F) {
	for _, tc := range rfcFrames {
		f.Add(unhex(f, tc.wire))
	}
	f.Add(unhex(f, "82 7f 8000000000000000"))          // top bit set
	f.Add(unhex(f, "82 ff 7fffffffffffffff 01020304")) // huge masked length
	f.Add(unhex(f, "0f 7e 0100"))                      // reserved opcode, 16-bit length
	f.Add(unhex(f, "89 7e 007e"))                      // oversized control frame
	f.Fuzz(func(t *testing.T, b []byte) {
		h, n, err := frame.ParseHeader(b)
		if err != nil {
			if n != 0 {
				t.Fatalf("n = %d with error %v", n, err)
			}
			return
		}
		if h.Length < 0 {
			t.Fatalf("negative length %d", h.Length)
		}
		if n != h.Len() && n != frame.HeaderLen(b) {
			t.Fatalf("n = %d, Len = %d", n, h.Len())
		}
		// Re-encoding gives the minimal form, which must parse back to h.
		enc := frame.AppendHeader(nil, h)
		h2, n2, err := frame.ParseHeader(enc)
		if err != nil || h2 != h || n2 != len(enc) || n2 != h.Len() {
			t.Fatalf("round trip: %+v %d %v -> %+v", h, n2, err, h2)
		}
		r, err := frame.ReadHeader(bytes.NewReader(b))
		if err != nil || r != h {
			t.Fatalf("ReadHeader = %+v, %v; ParseHeader = %+v", r, err, h)
		}
		_ = h.Check()
	})
}

func FuzzParseClose(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x03})
	f.Add([]byte{0x03, 0xe8})
	f.Add(append([]byte{0x0f, 0xa0}, "bye"...))
	f.Add([]byte{0x03, 0xe8, 0xed, 0xa0, 0x80})
	f.Fuzz(func(t *testing.T, p []byte) {
		code, reason, err := frame.ParseClose(p)
		if err != nil {
			return
		}
		if len(p) == 0 {
			if code != frame.StatusNoStatusReceived {
				t.Fatalf("empty payload gave %d", code)
			}
			return
		}
		if !code.IsSendable() {
			t.Fatalf("accepted unsendable code %d", code)
		}
		enc, err := frame.AppendClose(nil, code, reason)
		if len(p) <= frame.MaxControlPayload && (err != nil || !bytes.Equal(enc, p)) {
			t.Fatalf("round trip %x -> %x, %v", p, enc, err)
		}
	})
}
