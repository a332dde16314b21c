package micro_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/gobwas/ws"
	"github.com/hybi-go/websocket/mask"
	"github.com/stretchr/testify/assert"
)

// gorilla's maskBytes and gws's internal.MaskXOR are unexported; the word
// loop stands for them: it is the technique both use (XOR eight bytes at a
// time after aligning the key).
type masker struct {
	lib   string
	apply func(key [4]byte, pos int, b []byte) int
}

var maskers = []masker{
	{"hybi", mask.Apply},
	{"gobwas", func(key [4]byte, pos int, b []byte) int {
		ws.Cipher(b, key, pos)
		return (pos + len(b)) & 3
	}},
	{"wordloop", wordLoop},
	{"naive", naive},
}

func naive(key [4]byte, pos int, b []byte) int {
	for i := range b {
		b[i] ^= key[(pos+i)&3]
	}
	return (pos + len(b)) & 3
}

// wordLoop masks eight bytes at a time with the key rotated to pos.
func wordLoop(key [4]byte, pos int, b []byte) int {
	var k8 [8]byte
	for i := range k8 {
		k8[i] = key[(pos+i)&3]
	}
	kw := binary.LittleEndian.Uint64(k8[:])
	n := len(b) &^ 7
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], binary.LittleEndian.Uint64(b[i:])^kw)
	}
	return naive(key, (pos+n)&3, b[n:])
}

// TestMaskersAgree guards the benchmark: every implementation computes the
// same bytes as the naive loop, at every offset.
func TestMaskersAgree(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, m := range maskers {
		for n := range 300 {
			for pos := range 4 {
				want := bytes.Repeat([]byte{0x5a}, n)
				got := bytes.Clone(want)
				wantPos := naive(key, pos, want)
				assert.Equal(t, wantPos, m.apply(key, pos, got), "%s n=%d pos=%d", m.lib, n, pos)
				assert.Equal(t, want, got, "%s n=%d pos=%d", m.lib, n, pos)
			}
		}
	}
}

func BenchmarkMask_Apply(b *testing.B) {
	for _, m := range maskers {
		for _, n := range []int{16, 125, 1 << 10, 16 << 10, 64 << 10, 1 << 20} {
			b.Run("lib="+m.lib+"/"+sizeName(n), func(b *testing.B) {
				p := make([]byte, n)
				key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					m.apply(key, 0, p)
				}
			})
		}
	}
}
