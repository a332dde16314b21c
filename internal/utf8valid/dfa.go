package utf8valid

// The validator is a deterministic finite automaton over bytes whose states
// are the positions inside a UTF-8 sequence, following the well-formed byte
// sequence table of Unicode (Table 3-7) that RFC 3629, Section 4 also states.
//
// The transition table is a "shift DFA": each state is stored as a bit offset
// (a multiple of 6) and row[b] packs, for every state, the offset of the next
// state in the 6 bits at that state's offset. One step is then a single load
// (independent of the state, so it can be issued early) and one shift:
//
//	s = row[b] >> (s & 63)
//
// x86 and arm64 shifts already take their count mod 64, so the mask costs
// nothing, and the loop-carried dependency is one shift per byte.

// A state is a bit offset into a row. Only its low 6 bits are meaningful;
// the upper bits hold leftovers of the row and are ignored by the shift.
type state = uint64

const (
	sAccept   state = 6 * iota // between characters; 0 so that zero values start here
	sReject                    // sink: no continuation can make the input valid
	sTail1                     // one continuation byte 80..BF missing
	sTail2                     // two continuation bytes 80..BF missing
	sE0                        // after E0: next must be A0..BF (no overlongs)
	sED                        // after ED: next must be 80..9F (no surrogates)
	sTail3                     // after F1..F3: three continuation bytes missing
	sF0                        // after F0: next must be 90..BF (no overlongs)
	sF4                        // after F4: next must be 80..8F (nothing above U+10FFFF)
	numStates = iota
)

var row = buildRows()

// next returns the state that follows s on byte b; it is the specification
// the packed rows are built from.
func next(s state, b byte) state {
	cont := func(lo, hi byte, to state) state {
		if lo <= b && b <= hi {
			return to
		}
		return sReject
	}
	switch s {
	case sAccept:
		switch {
		case b < 0x80:
			return sAccept
		case 0xC2 <= b && b <= 0xDF:
			return sTail1
		case b == 0xE0:
			return sE0
		case b == 0xED:
			return sED
		case 0xE1 <= b && b <= 0xEF:
			return sTail2
		case b == 0xF0:
			return sF0
		case 0xF1 <= b && b <= 0xF3:
			return sTail3
		case b == 0xF4:
			return sF4
		}
		return sReject // 80..C1 (stray continuation, overlong lead), F5..FF
	case sTail1:
		return cont(0x80, 0xBF, sAccept)
	case sTail2:
		return cont(0x80, 0xBF, sTail1)
	case sE0:
		return cont(0xA0, 0xBF, sTail1)
	case sED:
		return cont(0x80, 0x9F, sTail1)
	case sTail3:
		return cont(0x80, 0xBF, sTail2)
	case sF0:
		return cont(0x90, 0xBF, sTail2)
	case sF4:
		return cont(0x80, 0x8F, sTail2)
	}
	return sReject
}

func buildRows() [256]uint64 {
	var t [256]uint64
	for b := range 256 {
		for i := range numStates {
			s := state(6 * i)
			t[b] |= next(s, byte(b)) << s
		}
	}
	return t
}

// step advances s over p one byte at a time.
func step(s state, p []byte) state {
	for _, b := range p {
		s = row[b] >> (s & 63)
	}
	return s & 63
}
