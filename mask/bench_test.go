package mask_test

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/hybi-go/websocket/mask"
)

var benchSizes = []int{16, 64, 125, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 1 << 20}

func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("size=%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("size=%dKiB", n>>10)
	}
	return fmt.Sprintf("size=%dB", n)
}

func benchApply(b *testing.B, apply func(key [4]byte, pos int, p []byte) int) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			p := make([]byte, n)
			key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
			b.ReportAllocs()
			b.SetBytes(int64(n))
			pos := 0
			for b.Loop() {
				pos = apply(key, pos, p)
			}
		})
	}
}

func BenchmarkApply(b *testing.B) { benchApply(b, mask.Apply) }

// BenchmarkNaiveApply is the byte-at-a-time baseline.
func BenchmarkNaiveApply(b *testing.B) { benchApply(b, naiveApply) }

// BenchmarkWordApply is the baseline of a plain 8-byte word loop.
func BenchmarkWordApply(b *testing.B) { benchApply(b, wordApply) }

func wordApply(key [4]byte, pos int, p []byte) int {
	pos &= 3
	next := (pos + len(p)) & 3
	for len(p) > 0 && pos != 0 {
		p[0] ^= key[pos]
		p, pos = p[1:], (pos+1)&3
	}
	k := uint64(binary.LittleEndian.Uint32(key[:]))
	k |= k << 32
	for len(p) >= 8 {
		binary.LittleEndian.PutUint64(p, binary.LittleEndian.Uint64(p)^k)
		p = p[8:]
	}
	for i := range p {
		p[i] ^= key[i&3]
	}
	return next
}
