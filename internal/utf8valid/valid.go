package utf8valid

import "encoding/binary"

// Valid reports whether b is entirely well-formed UTF-8. It gives the same
// answer as [unicode/utf8.Valid] for every input: surrogate halves
// (U+D800..U+DFFF), overlong encodings, code points above U+10FFFF and
// truncated sequences are all invalid.
func Valid(b []byte) bool {
	if hasVector && len(b) >= vectorMin {
		return validVector(b)
	}
	return validGo(b)
}

const asciiMask = 0x8080808080808080

// splitMin is the length from which two interleaved automata pay for the
// split.
const splitMin = 64

// validGo is the portable Valid.
func validGo(p []byte) bool {
	i := 0
	for ; i+32 <= len(p); i += 32 {
		v := p[i : i+32 : i+32]
		w := binary.LittleEndian.Uint64(v) | binary.LittleEndian.Uint64(v[8:]) |
			binary.LittleEndian.Uint64(v[16:]) | binary.LittleEndian.Uint64(v[24:])
		if w&asciiMask != 0 {
			break
		}
	}
	p = p[i:]
	if len(p) < splitMin {
		return step(sAccept, p) == sAccept
	}
	// Valid text splits into two valid halves at any character start, and
	// the two halves make independent dependency chains that the CPU runs
	// side by side.
	mid := charStart(p, len(p)/2)
	if mid < 0 {
		return false
	}
	sa, sb := run2(p[:mid], p[mid:])
	return sa == sAccept && sb == sAccept
}

// charStart returns the index of the last byte at or before i that is not a
// continuation byte, looking back at most 3 bytes, or -1 if there is none:
// four continuation bytes in a row are never valid.
func charStart(p []byte, i int) int {
	for j := i; j >= 0 && j > i-4; j-- {
		if p[j]&0xC0 != 0x80 {
			return j
		}
	}
	return -1
}

// run2 runs the automaton from sAccept over a and b at the same time and
// returns the two final states.
func run2(a, b []byte) (state, state) {
	n := min(len(a), len(b)) &^ 7
	var sa, sb state
	for i := 0; i < n; i += 8 {
		va, vb := a[i:i+8:i+8], b[i:i+8:i+8]
		wa, wb := binary.LittleEndian.Uint64(va), binary.LittleEndian.Uint64(vb)
		if (wa|wb)&asciiMask == 0 && (sa|sb)&63 == sAccept {
			continue
		}
		for j := range 8 {
			sa = row[va[j]] >> (sa & 63)
			sb = row[vb[j]] >> (sb & 63)
		}
	}
	return step(sa, a[n:]), step(sb, b[n:])
}

// run advances s over p and returns the final state (low 6 bits only).
func run(s state, p []byte) state {
	// Finish the character left open by the previous chunk, if any.
	i := 0
	for ; s != sAccept && s != sReject && i < len(p); i++ {
		s = row[p[i]] >> s & 63
	}
	switch {
	case s == sReject:
		return s
	case s != sAccept || len(p)-i < splitMin:
		return step(s, p[i:])
	}
	p = p[i:]
	// The chunk may end inside a character: everything before the last
	// character start must be complete, and the automaton takes the rest.
	j := charStart(p, len(p)-1)
	if j < 0 || !Valid(p[:j]) {
		return sReject
	}
	return step(sAccept, p[j:])
}
