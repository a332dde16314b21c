package flate_test

import (
	"bytes"
	stdflate "compress/flate"
	"io"
	"testing"

	"github.com/hybi-go/websocket/internal/flate"
)

// FuzzEncoder compresses arbitrary data with an arbitrary dictionary, level,
// window and write pattern, and checks the output with both inflaters and
// the window bound.
func FuzzEncoder(f *testing.F) {
	f.Add([]byte("Hello, hello, hello"), []byte("Hello"), uint8(1), uint8(15), uint16(7))
	f.Add(bytes.Repeat([]byte("ab"), 400), []byte{}, uint8(9), uint8(8), uint16(0))
	f.Add(make([]byte, 1000), make([]byte, 300), uint8(5), uint8(9), uint16(100))
	e := flate.NewEncoder()
	f.Fuzz(func(t *testing.T, data, dict []byte, level, bits uint8, chunk uint16) {
		// The reference inflater is slow; larger inputs find nothing the
		// differential tests miss and stall the fuzzer past its deadline.
		if len(data) > 8<<10 || len(dict) > 8<<10 {
			return
		}
		lv := int(level%11) - 1 // -1 selects HuffmanOnly
		if lv < 1 {
			lv = flate.HuffmanOnly
		}
		wb := flate.MinWindowBits + int(bits%8)
		comp := compressStream(e, lv, wb, dict, data, 1+int(chunk))
		used := dict[max(0, len(dict)-1<<wb):]
		out, maxd, err := refInflate(comp, used)
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("reference inflater: %v", err)
		}
		if maxd > 1<<wb {
			t.Fatalf("distance %d beyond window %d", maxd, 1<<wb)
		}
		if !bytes.Equal(stdInflate(t, comp, used), data) {
			t.Fatal("compress/flate disagrees")
		}
	})
}

// FuzzDecoder inflates arbitrary input with an arbitrary dictionary and read
// size, and holds the Decoder to compress/flate: both accept the same
// streams with the same output.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte{0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, []byte{}, uint16(1))
	f.Add([]byte{0xf3, 0x00, 0x11, 0x00, 0x00}, []byte("Hello"), uint16(3))
	f.Add([]byte{0x1b, 0x03, 0x00}, []byte{}, uint16(100))
	f.Add([]byte{0x03, 0x3e, 0x00}, []byte("x"), uint16(100))
	f.Add(stdCompress(f, 9, nil, bytes.Repeat([]byte("fuzz "), 3000)), []byte{}, uint16(1000))
	f.Add(stdCompress(f, 1, []byte("dictionary text"), []byte("text dictionary text")), []byte("dictionary text"), uint16(7))
	f.Add(stdCompress(f, 0, nil, make([]byte, 3000)), []byte{}, uint16(65535))
	f.Fuzz(func(t *testing.T, data, dict []byte, chunk uint16) {
		want, wantErr := io.ReadAll(stdflate.NewReaderDict(bytes.NewReader(data), dict))
		got, err := decode(data, dict, func(r io.Reader) io.Reader { return r }, 1+int(chunk))
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("error %v, compress/flate %v", err, wantErr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("output differs from compress/flate: %d vs %d bytes", len(got), len(want))
		}
	})
}
