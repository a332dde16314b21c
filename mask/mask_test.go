package mask_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/mask"
)

// naiveApply is the reference: RFC 6455, Section 5.3 read literally.
func naiveApply(key [4]byte, pos int, b []byte) int {
	for i := range b {
		b[i] ^= key[(pos+i)&3]
	}
	return (pos + len(b)) & 3
}

var testKeys = [][4]byte{
	{0, 0, 0, 0},
	{0xff, 0xff, 0xff, 0xff},
	{0x37, 0xfa, 0x21, 0x3d}, // RFC 6455, Section 5.7
	{0x01, 0x02, 0x04, 0x80},
	{0xde, 0xad, 0xbe, 0xef},
}

func pattern(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestApply_GoldenRFC6455(t *testing.T) {
	// RFC 6455, Section 5.7: a masked "Hello" from a client.
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	b := []byte("Hello")
	next := mask.Apply(key, 0, b)
	assert.Equal(t, []byte{0x7f, 0x9f, 0x4d, 0x51, 0x58}, b)
	assert.Equal(t, 1, next)
	mask.Apply(key, 0, b)
	assert.Equal(t, "Hello", string(b))
}

func TestApply_MatchesNaive(t *testing.T) {
	// Every length 0..300 at every key offset, with several keys, and at
	// every misalignment of the slice start within a vector.
	for ki, key := range testKeys {
		for pos := range 5 {
			for align := range 33 {
				for n := range 301 {
					src := pattern(n+align, uint64(ki))
					want := bytes.Clone(src)
					got := bytes.Clone(src)
					wantNext := naiveApply(key, pos, want[align:])
					gotNext := mask.Apply(key, pos, got[align:])
					if !bytes.Equal(want, got) || wantNext != gotNext {
						t.Fatalf("key=%x pos=%d align=%d len=%d: got next %d, want %d; bytes equal %v",
							key, pos, align, n, gotNext, wantNext, bytes.Equal(want, got))
					}
				}
			}
		}
	}
}

func TestApply_NegativeOffset(t *testing.T) {
	key := [4]byte{1, 2, 3, 4}
	for _, pos := range []int{-1, -2, -3, -4, -5, -1 << 62} {
		want := pattern(37, 1)
		got := bytes.Clone(want)
		wantNext := naiveApply(key, pos&3, want)
		gotNext := mask.Apply(key, pos, got)
		assert.Equal(t, want, got, "pos=%d", pos)
		assert.Equal(t, wantNext, gotNext, "pos=%d", pos)
	}
}

func TestApply_DoesNotTouchOutside(t *testing.T) {
	key := [4]byte{0xde, 0xad, 0xbe, 0xef}
	for n := range 130 {
		for off := range 9 {
			buf := bytes.Repeat([]byte{0xaa}, n+off+16)
			mask.Apply(key, off, buf[off:off+n])
			assert.Equal(t, bytes.Repeat([]byte{0xaa}, off), buf[:off], "len=%d off=%d", n, off)
			assert.Equal(t, bytes.Repeat([]byte{0xaa}, 16), buf[off+n:], "len=%d off=%d", n, off)
		}
	}
}

func TestApply_RandomChunking(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for iter := range 2000 {
		n := r.IntN(5000)
		key := [4]byte{byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32())}
		start := r.IntN(4)
		src := pattern(n, uint64(iter))
		whole := bytes.Clone(src)
		wantNext := mask.Apply(key, start, whole)

		pieces := bytes.Clone(src)
		pos := start
		for rest := pieces; len(rest) > 0; {
			m := r.IntN(min(len(rest), 200) + 1)
			pos = mask.Apply(key, pos, rest[:m])
			rest = rest[m:]
		}
		require.Equal(t, whole, pieces, "iter=%d len=%d", iter, n)
		require.Equal(t, wantNext, pos, "iter=%d len=%d", iter, n)
	}
}

func TestApply_Involution(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 63, 64, 65, 4096, 65537} {
		t.Run(fmt.Sprintf("len=%d", n), func(t *testing.T) {
			src := pattern(n, 3)
			b := bytes.Clone(src)
			mask.Apply([4]byte{9, 8, 7, 6}, 2, b)
			mask.Apply([4]byte{9, 8, 7, 6}, 2, b)
			assert.Equal(t, src, b)
		})
	}
}

func TestApply_NoAllocs(t *testing.T) {
	b := make([]byte, 1000)
	allocs := testing.AllocsPerRun(100, func() { mask.Apply([4]byte{1, 2, 3, 4}, 1, b) })
	assert.Zero(t, allocs)
}
