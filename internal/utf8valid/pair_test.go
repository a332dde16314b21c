package utf8valid

import "testing"

// TestPairTables checks that the AND of the three nibble lookups flags
// exactly the classes each of the 65536 byte pairs belongs to, as defined
// directly on byte ranges.
func TestPairTables(t *testing.T) {
	fh, fl, sh := pairTables()
	in := func(b, lo, hi int) bool { return lo <= b && b <= hi }
	for b1 := range 256 {
		for b2 := range 256 {
			var want byte
			cont2 := in(b2, 0x80, 0xBF)
			if b1 >= 0xC0 && !cont2 {
				want |= pairTooShort
			}
			if b1 < 0x80 && cont2 {
				want |= pairTooLong
			}
			if b1 == 0xE0 && in(b2, 0x80, 0x9F) {
				want |= pairOverlong3
			}
			if b1 >= 0xF4 && in(b2, 0x90, 0xBF) {
				want |= pairTooLarge
			}
			if b1 == 0xED && in(b2, 0xA0, 0xBF) {
				want |= pairSurrogate
			}
			if in(b1, 0xC0, 0xC1) && cont2 {
				want |= pairOverlong2
			}
			if (b1 == 0xF0 || b1 >= 0xF5) && in(b2, 0x80, 0x8F) {
				want |= pairTooLarge1000
			}
			if in(b1, 0x80, 0xBF) && cont2 {
				want |= pairTwoConts
			}
			if got := fh[b1>>4] & fl[b1&15] & sh[b2>>4]; got != want {
				t.Fatalf("pair %02x %02x: classes %08b, want %08b", b1, b2, got, want)
			}
		}
	}
}
