package utf8valid_test

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/utf8valid"
)

func TestValid_Table(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", true},
		{"ascii", "Hello, world", true},
		{"nul", "\x00", true},
		{"greek", "κόσμε", true},
		{"max two byte", "\u07ff", true},
		{"max bmp", "\uffff", true},
		{"max code point", "\U0010ffff", true},
		{"last before surrogates", "\ud7ff", true},
		{"first after surrogates", "\ue000", true},
		{"lone continuation", "\x80", false},
		{"overlong nul", "\xc0\x80", false},
		{"overlong slash 3 bytes", "\xe0\x80\xaf", false},
		{"overlong 4 bytes", "\xf0\x8f\xbf\xbf", false},
		{"high surrogate", "\xed\xa0\x80", false},
		{"low surrogate", "\xed\xbf\xbf", false},
		{"above max", "\xf4\x90\x80\x80", false},
		{"f5 lead", "\xf5\x80\x80\x80", false},
		{"ff", "\xff", false},
		{"truncated two", "\xc2", false},
		{"truncated three", "\xe2\x82", false},
		{"truncated four", "\xf0\x9f\x98", false},
		{"autobahn 6.4.1", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80\x65\x64\x69\x74\x65\x64", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, utf8.ValidString(tt.in), "reference disagrees with the table")
			assert.Equal(t, tt.want, utf8valid.Valid([]byte(tt.in)))
			// The same text deep inside ASCII, to reach every fast path.
			for pad := range 40 {
				b := append(bytes.Repeat([]byte("a"), pad), tt.in...)
				b = append(b, bytes.Repeat([]byte("z"), 40-pad)...)
				assert.Equal(t, tt.want, utf8valid.Valid(b), "pad=%d", pad)
			}
		})
	}
}

func TestValid_ExhaustiveUpTo3Bytes(t *testing.T) {
	if raceEnabled {
		t.Skip("exhaustive sweep runs without -race")
	}
	var buf [3]byte
	for n := 1; n <= 3; n++ {
		for v := range 1 << (8 * n) {
			for i := range n {
				buf[i] = byte(v >> (8 * i))
			}
			b := buf[:n]
			if got, want := utf8valid.Valid(b), utf8.Valid(b); got != want {
				t.Fatalf("Valid(% x) = %v, want %v", b, got, want)
			}
		}
	}
}

// TestValid_ExhaustiveInText places every sequence of up to 3 bytes inside
// ASCII text, at the start, across the 16- and 32-byte boundaries of the
// vector code and at the end, where a cut-short character must be caught.
func TestValid_ExhaustiveInText(t *testing.T) {
	if raceEnabled {
		t.Skip("exhaustive sweep runs without -race")
	}
	const size = 72
	buf := bytes.Repeat([]byte("a"), size)
	check := func(at int, seq []byte) {
		b := buf[:max(size, at+len(seq))]
		copy(b[at:], seq)
		if got, want := utf8valid.Valid(b), utf8.Valid(b); got != want {
			t.Fatalf("Valid(%q) = %v, want %v", b, got, want)
		}
		copy(b[at:], "aaa")
	}
	var seq [3]byte
	for v := range 1 << 16 {
		seq[0], seq[1] = byte(v), byte(v>>8)
		for at := 0; at <= size-2; at++ {
			check(at, seq[:2])
		}
	}
	for v := range 1 << 24 {
		seq[0], seq[1], seq[2] = byte(v), byte(v>>8), byte(v>>16)
		for _, at := range []int{0, 30, size - 3} {
			check(at, seq[:])
		}
	}
}

func TestValid_FourByteLeads(t *testing.T) {
	if raceEnabled {
		t.Skip("exhaustive sweep runs without -race")
	}
	thirds := []byte{0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff}
	var b [4]byte
	long := bytes.Repeat([]byte("b"), 64)
	for lead := 0xf0; lead <= 0xff; lead++ {
		for second := range 256 {
			for _, third := range thirds {
				for fourth := range 256 {
					b = [4]byte{byte(lead), byte(second), third, byte(fourth)}
					if got, want := utf8valid.Valid(b[:]), utf8.Valid(b[:]); got != want {
						t.Fatalf("Valid(% x) = %v, want %v", b, got, want)
					}
					// Again across the vector block boundary.
					copy(long[29:], b[:])
					if got, want := utf8valid.Valid(long), utf8.Valid(long); got != want {
						t.Fatalf("Valid(%q) = %v, want %v", long, got, want)
					}
				}
			}
		}
	}
}

// Every length and alignment around the fast paths, with one multi-byte
// character or one invalid byte at every position.
func TestValid_Positions(t *testing.T) {
	inserts := []string{"é", "€", "😀", "\x80", "\xc2", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xff"}
	for n := range 70 {
		for pos := 0; pos <= n; pos++ {
			for _, ins := range inserts {
				b := append(bytes.Repeat([]byte("x"), pos), ins...)
				b = append(b, bytes.Repeat([]byte("y"), n-pos)...)
				if got, want := utf8valid.Valid(b), utf8.Valid(b); got != want {
					t.Fatalf("Valid(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

func TestValid_RandomCorpus(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 20000 {
		b := randomText(r, r.IntN(600))
		if iter%2 == 1 && len(b) > 0 {
			corrupt(r, b)
		}
		if got, want := utf8valid.Valid(b), utf8.Valid(b); got != want {
			t.Fatalf("iter %d: Valid(%q) = %v, want %v", iter, b, got, want)
		}
	}
}

// edgeRunes sit at the boundaries of every encoding length and around the
// surrogate block.
var edgeRunes = []rune{
	0, 0x7f, 0x80, 0x7ff, 0x800, 0xfff, 0x1000, 0xd7ff, 0xe000, 0xfffd, 0xffff,
	0x10000, 0x3ffff, 0x40000, 0xfffff, 0x100000, 0x10ffff,
}

// randomText returns about n bytes of valid UTF-8 mixing ASCII runs,
// Greek, CJK, emoji and edge code points.
func randomText(r *rand.Rand, n int) []byte {
	b := make([]byte, 0, n+4)
	for len(b) < n {
		switch r.IntN(6) {
		case 0:
			for range r.IntN(40) {
				b = append(b, byte(r.IntN(0x80)))
			}
		case 1:
			b = utf8.AppendRune(b, rune(0x3b1+r.IntN(25)))
		case 2:
			b = utf8.AppendRune(b, rune(0x4e00+r.IntN(0x5000)))
		case 3:
			b = utf8.AppendRune(b, rune(0x1f600+r.IntN(80)))
		case 4:
			b = utf8.AppendRune(b, edgeRunes[r.IntN(len(edgeRunes))])
		default:
			c := rune(r.IntN(utf8.MaxRune + 1))
			if utf8.ValidRune(c) {
				b = utf8.AppendRune(b, c)
			}
		}
	}
	return b
}

// corrupt damages b in one of the ways a peer can send bad text.
func corrupt(r *rand.Rand, b []byte) {
	i := r.IntN(len(b))
	switch r.IntN(4) {
	case 0:
		b[i] = byte(r.Uint32())
	case 1:
		b[i] = 0x80 + byte(r.IntN(0x40))
	case 2:
		b[i] = []byte{0xc0, 0xc1, 0xed, 0xf4, 0xf5, 0xff, 0xe0, 0xf0}[r.IntN(8)]
	default:
		b[i] ^= 0x40
	}
}
