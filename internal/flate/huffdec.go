package flate

import "math/bits"

// Decoding tables. A code of at most tableBits bits is found with one lookup
// of the next tableBits input bits; longer codes, which only rare symbols get,
// are marked in the table and decoded bit by bit from the canonical counts.

const (
	litTableBits  = 10
	distTableBits = 8
	clTableBits   = 7 // code length codes are at most 7 bits long

	maxCodeBits = 15
	// longEntry marks a table slot whose code is longer than the table.
	longEntry = 0xffff
)

// decTable decodes one canonical Huffman code (RFC 1951, Section 3.2.2).
// An entry is sym<<4 | length; 0 marks input that no code starts with.
type decTable struct {
	table []uint16 // 1 << tableBits entries
	bits  uint
	count [maxCodeBits + 1]uint16 // codes of each length
	syms  []uint16                // symbols by code length, then value
}

func newDecTable(tableBits uint, maxSyms int) decTable {
	return decTable{
		table: make([]uint16, 1<<tableBits),
		bits:  tableBits,
		syms:  make([]uint16, 0, maxSyms),
	}
}

// init builds the table for the code lengths lens and reports whether they
// form a code the format allows. Like compress/flate (and zlib), it accepts
// complete codes, a single code of length 1 (the other 1-bit string then
// decodes to an error), and no codes at all (any use is an error).
func (t *decTable) init(lens []uint8) bool {
	clear(t.count[:])
	maxLen := 0
	for _, l := range lens {
		t.count[l]++
		maxLen = max(maxLen, int(l))
	}
	t.count[0] = 0
	t.syms = t.syms[:0]
	if maxLen == 0 {
		clear(t.table)
		return true
	}
	// Count the unused code space at each length; none may be
	// oversubscribed and the last must be used up exactly.
	left := 1
	var next [maxCodeBits + 2]uint16 // first code of each length
	for l := 1; l <= maxLen; l++ {
		left = left<<1 - int(t.count[l])
		if left < 0 {
			return false
		}
		next[l+1] = (next[l] + t.count[l]) << 1
	}
	if left != 0 {
		if maxLen != 1 || t.count[1] != 1 {
			return false
		}
		// The one unused 1-bit string must decode as invalid.
		clear(t.table)
	}
	// A complete code writes every table slot below, so no clearing.
	// Symbols sorted by length then value, for the bit-by-bit decoder.
	var offs [maxCodeBits + 2]uint16
	for l := 1; l <= maxLen; l++ {
		offs[l+1] = offs[l] + t.count[l]
	}
	t.syms = t.syms[:offs[maxLen+1]]
	size := 1 << t.bits
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		t.syms[offs[l]] = uint16(sym)
		offs[l]++
		c := next[l]
		next[l]++
		if uint(l) > t.bits {
			// Mark the table slot of the code's first t.bits bits.
			prefix := bits.Reverse16(c>>(uint(l)-t.bits)) >> (16 - t.bits)
			t.table[prefix] = longEntry
			continue
		}
		entry := uint16(sym)<<4 | uint16(l)
		for i := int(bits.Reverse16(c) >> (16 - l)); i < size; i += 1 << l {
			t.table[i] = entry
		}
	}
	return true
}

// decodeLong decodes a code longer than the table from acc, which holds nb
// valid bits, the next input bit lowest. It returns the symbol and the code
// length, or length 0 for an invalid code, or a length above nb when acc
// holds too few bits.
func (t *decTable) decodeLong(acc uint64, nb uint) (sym uint16, length uint) {
	code, first, index := 0, 0, 0
	for l := uint(1); l <= maxCodeBits; l++ {
		if l > nb {
			return 0, l
		}
		code |= int(acc>>(l-1)) & 1
		count := int(t.count[l])
		if code-first < count {
			return t.syms[index+code-first], l
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, 0
}

// Fixed tables of RFC 1951, Section 3.2.6. Distance codes 30 and 31 are
// in the table so that using them is reported as corrupt data, not as a
// missing code.
var fixedLitTable, fixedDistTable = func() (decTable, decTable) {
	lens := fixedLitLengths()
	lit := newDecTable(litTableBits, 288)
	lit.init(lens[:])
	var dlens [32]uint8
	for i := range dlens {
		dlens[i] = 5
	}
	dist := newDecTable(distTableBits, 32)
	dist.init(dlens[:])
	return lit, dist
}()
