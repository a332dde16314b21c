package flate

// Dynamic block header (RFC 1951, Section 3.2.7): the code lengths of both
// trees, run-length coded with symbols 16, 17 and 18, themselves Huffman
// coded with a code-length code.

// clSymbol is one run-length coded code length: symbol and extra-bit value.
type clSymbol struct {
	sym, extra uint8
}

// headerState is the scratch space of the dynamic header.
type headerState struct {
	lens  [286 + 30]uint8
	syms  []clSymbol
	clF   [19]uint32
	clL   [19]uint8
	clC   [19]code
	nLit  int
	nDist int
	nCL   int
}

var clExtraBits = [19]uint8{16: 2, 17: 3, 18: 7}

// dynamicHeaderBits prepares the header for the current trees and returns
// its size in bits.
func (e *Encoder) dynamicHeaderBits() int {
	h := &e.hdr
	h.nLit = 286
	for h.nLit > 257 && e.litL[h.nLit-1] == 0 {
		h.nLit--
	}
	h.nDist = 30
	for h.nDist > 1 && e.distL[h.nDist-1] == 0 {
		h.nDist--
	}
	lens := append(append(h.lens[:0], e.litL[:h.nLit]...), e.distL[:h.nDist]...)
	h.syms = h.syms[:0]
	for i := 0; i < len(lens); {
		l := lens[i]
		run := 1
		for i+run < len(lens) && lens[i+run] == l {
			run++
		}
		i += run
		if l == 0 {
			for run >= 11 {
				r := min(run, 138)
				h.syms = append(h.syms, clSymbol{18, uint8(r - 11)})
				run -= r
			}
			if run >= 3 {
				h.syms = append(h.syms, clSymbol{17, uint8(run - 3)})
				run = 0
			}
		} else {
			h.syms = append(h.syms, clSymbol{sym: l})
			run--
			for run >= 3 {
				r := min(run, 6)
				h.syms = append(h.syms, clSymbol{16, uint8(r - 3)})
				run -= r
			}
		}
		for ; run > 0; run-- {
			h.syms = append(h.syms, clSymbol{sym: l})
		}
	}
	clear(h.clF[:])
	for _, s := range h.syms {
		h.clF[s.sym]++
	}
	ensureTwo(h.clF[:])
	e.hb.buildLengths(h.clF[:], h.clL[:], 7)
	h.nCL = 19
	for h.nCL > 4 && h.clL[codeLengthOrder[h.nCL-1]] == 0 {
		h.nCL--
	}
	bits := 3 + 5 + 5 + 4 + 3*h.nCL
	for _, s := range h.syms {
		bits += int(h.clL[s.sym]) + int(clExtraBits[s.sym])
	}
	return bits
}

// writeDynamicHeader writes the header dynamicHeaderBits prepared.
func (e *Encoder) writeDynamicHeader() {
	h := &e.hdr
	e.bw.write(2<<1, 3) // BFINAL 0, BTYPE 10
	e.bw.write(uint32(h.nLit-257), 5)
	e.bw.write(uint32(h.nDist-1), 5)
	e.bw.write(uint32(h.nCL-4), 4)
	for _, sym := range codeLengthOrder[:h.nCL] {
		e.bw.write(uint32(h.clL[sym]), 3)
	}
	assignCodes(h.clC[:], h.clL[:])
	for _, s := range h.syms {
		e.bw.writeCode(h.clC[s.sym])
		if x := clExtraBits[s.sym]; x > 0 {
			e.bw.write(uint32(s.extra), uint(x))
		}
	}
}
