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

// A transition is taken when the byte lies in lo..hi.
type transition struct {
	lo, hi byte
	to     state
}

// transitions lists, for each state, the byte ranges that keep the input
// valid; every other byte leads to sReject. It is Unicode Table 3-7 read
// column by column, and the specification the packed rows are built from.
var transitions = map[state][]transition{
	sAccept: {
		{0x00, 0x7F, sAccept},
		{0xC2, 0xDF, sTail1}, // C0, C1 would be overlong
		{0xE0, 0xE0, sE0},
		{0xE1, 0xEC, sTail2},
		{0xED, 0xED, sED},
		{0xEE, 0xEF, sTail2},
		{0xF0, 0xF0, sF0},
		{0xF1, 0xF3, sTail3},
		{0xF4, 0xF4, sF4}, // F5..FF would be above U+10FFFF
	},
	sTail1: {{0x80, 0xBF, sAccept}},
	sTail2: {{0x80, 0xBF, sTail1}},
	sTail3: {{0x80, 0xBF, sTail2}},
	sE0:    {{0xA0, 0xBF, sTail1}},
	sED:    {{0x80, 0x9F, sTail1}},
	sF0:    {{0x90, 0xBF, sTail2}},
	sF4:    {{0x80, 0x8F, sTail2}},
}

// next returns the state that follows s on byte b.
func next(s state, b byte) state {
	for _, t := range transitions[s] {
		if t.lo <= b && b <= t.hi {
			return t.to
		}
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
