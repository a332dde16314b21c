package utf8valid

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestValidGo_MatchesStdlib covers the portable path even where Valid takes
// the vector one: every long-enough input goes through the two-stream
// automaton, split at every possible point.
func TestValidGo_MatchesStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"a", "é", "€", "😀", "\U0010ffff", "\x80", "\xc2", "\xed\xa0\x80", "\xf4\x90", "\xe0\x9f", "\xff"}
	for range 20000 {
		var b []byte
		for n := r.IntN(200); len(b) < n; {
			if r.IntN(4) == 0 {
				b = append(b, pieces[r.IntN(len(pieces))]...)
			} else {
				b = append(b, pieces[r.IntN(4)]...) // mostly valid text
			}
		}
		if got, want := validGo(b), utf8.Valid(b); got != want {
			t.Fatalf("validGo(%q) = %v, want %v", b, got, want)
		}
	}
	for n := range 140 {
		for _, ins := range pieces {
			for at := 0; at <= n; at++ {
				b := append(bytes.Repeat([]byte("é"), at/2), bytes.Repeat([]byte("x"), at%2)...)
				b = append(append(b, ins...), bytes.Repeat([]byte("y"), n-at)...)
				if got, want := validGo(b), utf8.Valid(b); got != want {
					t.Fatalf("validGo(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}
