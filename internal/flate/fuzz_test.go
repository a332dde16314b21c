package flate_test

import (
	"bytes"
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
