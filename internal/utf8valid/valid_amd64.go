//go:build amd64 && !purego

package utf8valid

import "github.com/hybi-go/websocket/internal/cpu"

// hasVector is set once at start-up; AVX2 also needs the operating system
// to save the YMM registers, which XGETBV reports.
var hasVector = cpu.X86HasAVX2

// vectorMin is the length from which the AVX2 validator beats the portable one.
const vectorMin = 32

// avx2Consts is the constant pool of validAVX2; offsets are fixed in
// valid_amd64.s.
type avx2Consts struct {
	firstHigh, firstLow, secondHigh [32]byte // pair tables, repeated per 128-bit lane
	lowNibble                       [32]byte // 0x0F
	high                            [32]byte // 0x80
	third, fourth                   [32]byte // 0xE0-0x80, 0xF0-0x80: saturate to >= 0x80 only for leads of 3 and 4 bytes
	incomplete                      [32]byte // largest last-3-byte values that end a block on a character boundary
}

var consts = func() *avx2Consts {
	var c avx2Consts
	fh, fl, sh := pairTables()
	for i := range 32 {
		c.firstHigh[i], c.firstLow[i], c.secondHigh[i] = fh[i%16], fl[i%16], sh[i%16]
		c.lowNibble[i] = 0x0F
		c.high[i] = 0x80
		c.third[i] = 0xE0 - 0x80
		c.fourth[i] = 0xF0 - 0x80
		c.incomplete[i] = 0xFF
	}
	c.incomplete[29], c.incomplete[30], c.incomplete[31] = 0xF0-1, 0xE0-1, 0xC0-1
	return &c
}()

// validVector reports whether p, of at least vectorMin bytes, is valid UTF-8.
func validVector(p []byte) bool {
	n := len(p) &^ 31
	// The tail is validated as a last block padded with NUL bytes, which
	// also flags a character cut short by the end of p.
	var tail [32]byte
	copy(tail[:], p[n:])
	return validAVX2(p[:n], &tail, consts)
}

//go:noescape
func validAVX2(p []byte, tail *[32]byte, c *avx2Consts) bool
