package utf8valid

// The vector validator (valid_amd64.s) follows the lookup algorithm of
// Keiser and Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte"
// (2021). Every ill-formed pair of adjacent bytes falls in one of the classes
// below, and each class is a product: a set of high nibbles of the first
// byte, times a set of its low nibbles, times a set of high nibbles of the
// second byte. Three 16-entry tables, one per nibble, hold for each nibble
// value the classes it may belong to, so the AND of three table lookups
// flags exactly the classes a pair is in.
//
// Two continuation bytes in a row (pairTwoConts) are an error unless the
// second one is the third or fourth byte of a sequence, which the vector code
// learns from the bytes two and three positions back and cancels with XOR.

const (
	pairTooShort     = 1 << iota // lead byte not followed by a continuation
	pairTooLong                  // ASCII followed by a continuation
	pairOverlong3                // E0 80..9F
	pairTooLarge                 // F4 90..BF, F5..FF 90..BF
	pairSurrogate                // ED A0..BF
	pairOverlong2                // C0..C1 80..BF
	pairTooLarge1000             // F0 80..8F (overlong), F5..FF 80..8F
	pairTwoConts                 // 80..BF 80..BF; must stay bit 7
)

// nibbles returns the set of nibble values lo..hi.
func nibbles(lo, hi int) uint16 {
	return uint16(1<<(hi+1) - 1<<lo)
}

var pairClasses = []struct {
	bit        byte
	h1, l1, h2 uint16 // first byte high and low nibble, second byte high nibble
}{
	{pairTooShort, nibbles(0xC, 0xF), nibbles(0, 0xF), nibbles(0, 7) | nibbles(0xC, 0xF)},
	{pairTooLong, nibbles(0, 7), nibbles(0, 0xF), nibbles(8, 0xB)},
	{pairOverlong3, nibbles(0xE, 0xE), nibbles(0, 0), nibbles(8, 9)},
	{pairTooLarge, nibbles(0xF, 0xF), nibbles(4, 0xF), nibbles(9, 0xB)},
	{pairSurrogate, nibbles(0xE, 0xE), nibbles(0xD, 0xD), nibbles(0xA, 0xB)},
	{pairOverlong2, nibbles(0xC, 0xC), nibbles(0, 1), nibbles(8, 0xB)},
	{pairTooLarge1000, nibbles(0xF, 0xF), nibbles(0, 0) | nibbles(5, 0xF), nibbles(8, 8)},
	{pairTwoConts, nibbles(8, 0xB), nibbles(0, 0xF), nibbles(8, 0xB)},
}

// pairTables returns the three nibble tables.
func pairTables() (firstHigh, firstLow, secondHigh [16]byte) {
	for _, c := range pairClasses {
		for n := range 16 {
			if c.h1&(1<<n) != 0 {
				firstHigh[n] |= c.bit
			}
			if c.l1&(1<<n) != 0 {
				firstLow[n] |= c.bit
			}
			if c.h2&(1<<n) != 0 {
				secondHigh[n] |= c.bit
			}
		}
	}
	return
}
