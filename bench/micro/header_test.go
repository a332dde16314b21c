package micro_test

import (
	"bytes"
	"testing"

	"github.com/gobwas/ws"
	"github.com/hybi-go/websocket/frame"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Header lengths covering the three length encodings.
var headerLengths = []int64{16, 1 << 10, 1 << 20}

func lengthName(n int64) string { return sizeName(int(n)) }

func hybiHeader(n int64) frame.Header {
	return frame.Header{Fin: true, Opcode: frame.OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: n}
}

func gobwasHeader(n int64) ws.Header {
	return ws.Header{Fin: true, OpCode: ws.OpBinary, Masked: true, Mask: [4]byte{1, 2, 3, 4}, Length: n}
}

// TestHeadersAgree guards the benchmark: both codecs produce and read the
// same bytes.
func TestHeadersAgree(t *testing.T) {
	for _, n := range headerLengths {
		h := frame.AppendHeader(nil, hybiHeader(n))
		var g bytes.Buffer
		require.NoError(t, ws.WriteHeader(&g, gobwasHeader(n)))
		assert.Equal(t, h, g.Bytes())
		got, err := ws.ReadHeader(bytes.NewReader(h))
		require.NoError(t, err)
		assert.Equal(t, gobwasHeader(n), got)
	}
}

// BenchmarkHeader_Append encodes a masked binary header. gobwas encodes
// through an io.Writer only; a reset bytes.Buffer is the cheapest one.
func BenchmarkHeader_Append(b *testing.B) {
	for _, n := range headerLengths {
		b.Run("lib=hybi/"+lengthName(n), func(b *testing.B) {
			h := hybiHeader(n)
			buf := make([]byte, 0, frame.MaxHeaderLen)
			b.ReportAllocs()
			for b.Loop() {
				buf = frame.AppendHeader(buf[:0], h)
			}
		})
		b.Run("lib=gobwas/"+lengthName(n), func(b *testing.B) {
			h := gobwasHeader(n)
			var buf bytes.Buffer
			buf.Grow(ws.MaxHeaderSize)
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := ws.WriteHeader(&buf, h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHeader_Parse decodes a masked binary header. gobwas decodes
// from an io.Reader only; a reset bytes.Reader is the cheapest one.
func BenchmarkHeader_Parse(b *testing.B) {
	for _, n := range headerLengths {
		wire := frame.AppendHeader(nil, hybiHeader(n))
		b.Run("lib=hybi/"+lengthName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := frame.ParseHeader(wire); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("lib=hybi-read/"+lengthName(n), func(b *testing.B) {
			r := bytes.NewReader(wire)
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(wire)
				if _, err := frame.ReadHeader(r); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("lib=gobwas/"+lengthName(n), func(b *testing.B) {
			r := bytes.NewReader(wire)
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(wire)
				if _, err := ws.ReadHeader(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
