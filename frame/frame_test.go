package frame_test

import (
	"bytes"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/frame"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

var rfcKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// The examples of RFC 6455, Section 5.7.
var rfcFrames = []struct {
	name    string
	wire    string
	header  frame.Header
	payload []byte
}{
	{"unmasked text", "81 05 48656c6c6f", frame.Header{Fin: true, Opcode: frame.OpText, Length: 5}, []byte("Hello")},
	{"masked text", "81 85 37fa213d 7f9f4d5158", frame.Header{Fin: true, Opcode: frame.OpText, Masked: true, Key: rfcKey, Length: 5}, []byte("Hello")},
	{"first fragment", "01 03 48656c", frame.Header{Opcode: frame.OpText, Length: 3}, []byte("Hel")},
	{"last fragment", "80 02 6c6f", frame.Header{Fin: true, Opcode: frame.OpContinuation, Length: 2}, []byte("lo")},
	{"unmasked ping", "89 05 48656c6c6f", frame.Header{Fin: true, Opcode: frame.OpPing, Length: 5}, []byte("Hello")},
	{"masked pong", "8a 85 37fa213d 7f9f4d5158", frame.Header{Fin: true, Opcode: frame.OpPong, Masked: true, Key: rfcKey, Length: 5}, []byte("Hello")},
}

func TestRFCExamples(t *testing.T) {
	for _, tc := range rfcFrames {
		t.Run(tc.name, func(t *testing.T) {
			wire := unhex(t, tc.wire)
			assert.Equal(t, wire, frame.AppendFrame(nil, tc.header, tc.payload), "encode")
			h, n, err := frame.ParseHeader(wire)
			require.NoError(t, err)
			assert.Equal(t, tc.header, h)
			assert.Equal(t, tc.header.Len(), n)
			assert.NoError(t, h.Check())
			for name, r := range readers(wire) {
				f, err := frame.ReadFrame(r, 1<<20)
				require.NoError(t, err, name)
				assert.Equal(t, tc.header, f.Header, name)
				assert.Equal(t, tc.payload, f.Payload, name)
			}
		})
	}
}

func readers(b []byte) map[string]io.Reader {
	return map[string]io.Reader{
		"whole":    bytes.NewReader(b),
		"one-byte": iotest.OneByteReader(bytes.NewReader(b)),
		"half":     iotest.HalfReader(bytes.NewReader(b)),
		"data-err": iotest.DataErrReader(bytes.NewReader(b)),
	}
}

// RFC 6455, Section 5.7: the 256-byte and 64 KiB binary examples give the
// exact length encodings; the other lengths sit on each side of the
// boundaries between the 7-, 16- and 64-bit forms.
func TestLengthBoundaries(t *testing.T) {
	lengths := map[int]string{
		0: "8200", 125: "827d", 126: "827e007e", 127: "827e007f", 256: "827e0100",
		65535: "827effff", 65536: "827f0000000000010000", 65537: "827f0000000000010001",
	}
	for n, prefix := range lengths {
		for _, masked := range []bool{false, true} {
			h := frame.Header{Fin: true, Opcode: frame.OpBinary, Masked: masked, Length: int64(n)}
			if masked {
				h.Key = rfcKey
			}
			payload := bytes.Repeat([]byte{0xA5}, n)
			wire := frame.AppendFrame(nil, h, payload)
			want := unhex(t, prefix)
			if masked {
				want[1] |= 0x80
				want = append(want, rfcKey[:]...)
			}
			require.Equal(t, want, wire[:len(want)], "n=%d masked=%v", n, masked)
			require.Len(t, wire, len(want)+n)
			for name, r := range readers(wire) {
				f, err := frame.ReadFrame(r, 1<<20)
				require.NoError(t, err, "%s n=%d", name, n)
				assert.Equal(t, h, f.Header)
				assert.Equal(t, payload, f.Payload)
			}
		}
	}
}

func TestParseHeaderShort(t *testing.T) {
	wire := frame.AppendHeader(nil, frame.Header{Fin: true, Opcode: frame.OpBinary, Masked: true, Length: 70000})
	require.Len(t, wire, frame.MaxHeaderLen)
	for i := range len(wire) {
		_, n, err := frame.ParseHeader(wire[:i])
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "prefix %d", i)
		assert.Zero(t, n)
		if i >= 2 {
			assert.Equal(t, frame.MaxHeaderLen, frame.HeaderLen(wire[:i]))
		}
	}
	_, err := frame.ReadHeader(bytes.NewReader(wire[:5]))
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = frame.ReadHeader(bytes.NewReader(nil))
	assert.ErrorIs(t, err, io.EOF)
}

func TestLengthOverflow(t *testing.T) {
	// RFC 6455, Section 5.2: the most significant bit of a 64-bit length MUST be 0.
	wire := unhex(t, "82 7f 8000000000000000")
	_, _, err := frame.ParseHeader(wire)
	assert.ErrorIs(t, err, frame.ErrLengthOverflow)
	_, err = frame.ReadFrame(bytes.NewReader(wire), 1<<62)
	assert.ErrorIs(t, err, frame.ErrLengthOverflow)
	h, _, err := frame.ParseHeader(unhex(t, "82 7f 7fffffffffffffff"))
	require.NoError(t, err)
	assert.Equal(t, int64(1<<63-1), h.Length)
}

func TestReadFrameLimit(t *testing.T) {
	// A declared length above the limit must fail before any allocation.
	wire := unhex(t, "82 7f 7fffffffffffffff")
	allocs := testing.AllocsPerRun(10, func() {
		_, err := frame.ReadFrame(bytes.NewReader(wire), 1<<20)
		if err != frame.ErrTooLarge {
			t.Fatalf("err = %v", err)
		}
	})
	assert.LessOrEqual(t, allocs, 2.0)
	_, err := frame.ReadFrame(bytes.NewReader(unhex(t, "82 05 4865")), 100)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		h    frame.Header
		err  error
	}{
		{"text", frame.Header{Fin: true, Opcode: frame.OpText, Length: 1 << 40}, nil},
		{"continuation", frame.Header{Opcode: frame.OpContinuation}, nil},
		{"ping 125", frame.Header{Fin: true, Opcode: frame.OpPing, Length: 125}, nil},
		{"close empty", frame.Header{Fin: true, Opcode: frame.OpClose}, nil},
		{"ping 126", frame.Header{Fin: true, Opcode: frame.OpPing, Length: 126}, frame.ErrControlTooLong},
		{"pong fragmented", frame.Header{Opcode: frame.OpPong}, frame.ErrControlFragmented},
		{"close fragmented", frame.Header{Opcode: frame.OpClose}, frame.ErrControlFragmented},
		{"negative", frame.Header{Fin: true, Opcode: frame.OpBinary, Length: -1}, frame.ErrNegativeLength},
	}
	for op := frame.Opcode(0); op < 16; op++ {
		if op.IsReserved() {
			tests = append(tests, struct {
				name string
				h    frame.Header
				err  error
			}{op.String(), frame.Header{Fin: true, Opcode: op}, frame.ErrReservedOpcode})
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, tc.h.Check(), tc.err)
			if tc.err == nil {
				assert.NoError(t, tc.h.Check())
			}
		})
	}
}

func TestOpcode(t *testing.T) {
	reserved := 0
	for op := frame.Opcode(0); op < 16; op++ {
		if op.IsReserved() {
			reserved++
			assert.Contains(t, op.String(), "opcode(")
		}
		assert.Equal(t, op >= 8, op.IsControl(), op.String())
	}
	assert.Equal(t, 10, reserved)
	assert.True(t, frame.OpText.IsData())
	assert.False(t, frame.OpPing.IsData())
	assert.True(t, frame.Opcode(0x10).IsReserved())
}

func TestReservedBits(t *testing.T) {
	for rsv := byte(0); rsv < 8; rsv++ {
		h := frame.Header{Fin: true, Rsv: rsv, Opcode: frame.OpText, Length: 1}
		got, _, err := frame.ParseHeader(frame.AppendHeader(nil, h))
		require.NoError(t, err)
		assert.Equal(t, h, got)
	}
	b := frame.AppendHeader(nil, frame.Header{Rsv: frame.Rsv1})
	assert.Equal(t, byte(0x40), b[0])
}

func TestWriteFrameDoesNotMaskCallerPayload(t *testing.T) {
	payload := []byte("Hello")
	var buf bytes.Buffer
	require.NoError(t, frame.WriteFrame(&buf, frame.Frame{Header: frame.Header{Fin: true, Opcode: frame.OpText, Masked: true, Key: rfcKey}, Payload: payload}))
	assert.Equal(t, unhex(t, "81 85 37fa213d 7f9f4d5158"), buf.Bytes())
	assert.Equal(t, "Hello", string(payload))
	var hb bytes.Buffer
	require.NoError(t, frame.WriteHeader(&hb, frame.Header{Fin: true, Opcode: frame.OpPing}))
	assert.Equal(t, []byte{0x89, 0}, hb.Bytes())
}
