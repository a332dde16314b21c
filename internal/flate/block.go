package flate

// bitWriter appends bits LSB first (RFC 1951, Section 3.1.1).
type bitWriter struct {
	out  []byte
	bits uint64
	n    uint
}

// write appends the low n bits of v; n <= 16.
func (w *bitWriter) write(v uint32, n uint) {
	w.bits |= uint64(v) << w.n
	w.n += n
	if w.n >= 32 {
		w.out = append(w.out, byte(w.bits), byte(w.bits>>8), byte(w.bits>>16), byte(w.bits>>24))
		w.bits >>= 32
		w.n -= 32
	}
}

func (w *bitWriter) writeCode(c code) { w.write(uint32(c.bits), uint(c.len)) }

// align pads with zero bits to a byte boundary and empties the accumulator.
func (w *bitWriter) align() {
	for w.n > 0 {
		w.out = append(w.out, byte(w.bits))
		w.bits >>= 8
		w.n -= min(w.n, 8)
	}
	w.bits = 0
}

const endOfBlock = 256

// writeBlock codes e.tokens, which represent buf[from:to], as whichever of a
// dynamic, fixed or stored block is smallest. The block is never final:
// permessage-deflate streams continue across messages.
func (e *Encoder) writeBlock(from, to int) {
	clear(e.litF[:])
	clear(e.distF[:])
	extra := 0 // extra bits of lengths and distances
	for _, t := range e.tokens {
		if t < 1<<31 {
			e.litF[t]++
			continue
		}
		lc := lengthCode[(t>>16)&0xff]
		dc := distCode(int(t&0xffff) + 1)
		e.litF[257+int(lc)]++
		e.distF[dc]++
		extra += int(lengthExtra[lc]) + int(distExtra[dc])
	}
	e.litF[endOfBlock] = 1
	// Two used symbols per tree make complete codes, which every
	// inflater accepts.
	ensureTwo(e.litF[:])
	ensureTwo(e.distF[:])
	e.hb.buildLengths(e.litF[:], e.litL[:], 15)
	e.hb.buildLengths(e.distF[:], e.distL[:], 15)

	dynamicBits := e.dynamicHeaderBits() + extra
	fixedBits := 3 + extra
	for sym, f := range e.litF {
		dynamicBits += int(f) * int(e.litL[sym])
		fixedBits += int(f) * int(fixedLit[sym].len)
	}
	for sym, f := range e.distF {
		dynamicBits += int(f) * int(e.distL[sym])
		fixedBits += int(f) * 5
	}
	n := to - from
	storedBits := (n + 5*((n+0xfffe)/0xffff)) * 8 // plus up to 7 bits of padding
	switch {
	case storedBits+7 < min(dynamicBits, fixedBits):
		e.writeStored(e.buf[from:to])
	case fixedBits <= dynamicBits:
		e.bw.write(1<<1, 3) // BFINAL 0, BTYPE 01
		e.writeTokens(fixedLit[:], fixedDist[:])
	default:
		e.writeDynamicHeader()
		assignCodes(e.litC[:], e.litL[:])
		assignCodes(e.distC[:], e.distL[:])
		e.writeTokens(e.litC[:], e.distC[:])
	}
}

func ensureTwo(freq []uint32) {
	used := 0
	for _, f := range freq {
		if f != 0 {
			used++
		}
	}
	for i := 0; used < 2; i++ {
		if freq[i] == 0 {
			freq[i] = 1
			used++
		}
	}
}

// writeStored writes p as stored blocks of at most 65535 bytes (RFC 1951,
// Section 3.2.4).
func (e *Encoder) writeStored(p []byte) {
	for {
		n := min(len(p), 0xffff)
		e.bw.write(0, 3) // BFINAL 0, BTYPE 00
		e.bw.align()
		e.bw.out = append(e.bw.out, byte(n), byte(n>>8), byte(^n), byte(^n>>8))
		e.bw.out = append(e.bw.out, p[:n]...)
		p = p[n:]
		if len(p) == 0 {
			return
		}
	}
}

func (e *Encoder) writeTokens(lit, dist []code) {
	for _, t := range e.tokens {
		if t < 1<<31 {
			e.bw.writeCode(lit[t])
			continue
		}
		l := int(t>>16) & 0xff
		d := int(t&0xffff) + 1
		lc := lengthCode[l]
		e.bw.writeCode(lit[257+int(lc)])
		if x := lengthExtra[lc]; x > 0 {
			e.bw.write(uint32(l+minLength-int(lengthBase[lc])), uint(x))
		}
		dc := distCode(d)
		e.bw.writeCode(dist[dc])
		if x := distExtra[dc]; x > 0 {
			e.bw.write(uint32(d-int(distBase[dc])), uint(x))
		}
	}
	e.bw.writeCode(lit[endOfBlock])
}
