//go:build amd64 && !purego

package mask

import (
	"github.com/hybi-go/websocket/internal/cpu"
	"math/bits"
	"unsafe"
)

// hasVector is set once at start-up; AVX2 also needs the operating system
// to save the YMM registers, which XGETBV reports.
var hasVector = cpu.X86HasAVX2

// vectorMin is the length from which the AVX2 loop beats the word loop, call
// and alignment overhead included.
const vectorMin = 128

// applyVector masks b, of at least vectorMin bytes, with AVX2.
func applyVector(k64 uint64, b []byte) {
	// Stores that split cache lines cost up to a third of the throughput,
	// so the head up to a 32-byte boundary goes through the word loop and
	// the key is rotated to match the first aligned byte.
	h := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b)))) & 31
	applyGeneric(k64, b[:h])
	k64 = bits.RotateLeft64(k64, -8*h)
	n := applyAVX2(k64, b[h:])
	applyGeneric(k64, b[h+n:])
}

// applyAVX2 XORs the longest prefix of b whose length is a multiple of 32
// with k64 repeated, and returns that length.
//
//go:noescape
func applyAVX2(k64 uint64, b []byte) int
