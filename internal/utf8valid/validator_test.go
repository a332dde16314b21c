package utf8valid_test

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/utf8valid"
)

// feed writes chunks to a fresh Validator and returns the index of the first
// chunk Write rejected (-1 if none) and the verdict of Done.
func feed(t *testing.T, chunks ...[]byte) (int, bool) {
	t.Helper()
	var v utf8valid.Validator
	rejected := -1
	for i, c := range chunks {
		ok := v.Write(c)
		if rejected >= 0 {
			require.False(t, ok, "Write accepted chunk %d after rejecting chunk %d", i, rejected)
			continue
		}
		if !ok {
			rejected = i
		}
	}
	done := v.Done()
	if rejected >= 0 {
		require.False(t, done, "Done after rejection")
	}
	return rejected, done
}

func TestValidator_ZeroValue(t *testing.T) {
	var v utf8valid.Validator
	assert.True(t, v.Done())
	assert.True(t, v.Write(nil))
	assert.True(t, v.Done())
}

func TestValidator_EverySplitPoint(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	inputs := [][]byte{
		[]byte("κόσμε"),
		[]byte("\U0010ffff\u0800\u07ff\x7f"),
		[]byte("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80edited"),
		[]byte("\xed\xa0\x80"),
		[]byte("ab\xf0\x9f\x98"),
	}
	for range 300 {
		b := randomText(r, r.IntN(120))
		if r.IntN(2) == 0 && len(b) > 0 {
			corrupt(r, b)
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		want := utf8.Valid(in)
		for i := 0; i <= len(in); i++ {
			rej, done := feed(t, in[:i], in[i:])
			require.Equal(t, want, done && rej < 0, "input %q split at %d", in, i)
			for j := i; j <= len(in) && j < i+5; j++ {
				rej, done := feed(t, in[:i], in[i:j], in[j:])
				require.Equal(t, want, done && rej < 0, "input %q split at %d,%d", in, i, j)
			}
		}
	}
}

func TestValidator_RandomChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		in := randomText(r, r.IntN(3000))
		if r.IntN(2) == 0 && len(in) > 0 {
			corrupt(r, in)
		}
		var chunks [][]byte
		for rest := in; len(rest) > 0; {
			n := r.IntN(min(len(rest), 70) + 1)
			chunks = append(chunks, rest[:n])
			rest = rest[n:]
		}
		rej, done := feed(t, chunks...)
		require.Equal(t, utf8.Valid(in), done && rej < 0, "input %q", in)
		if first := firstInvalid(in); first >= 0 {
			require.Equal(t, chunkOf(chunks, first), rej, "input %q first invalid byte %d", in, first)
		}
	}
}

// completable holds every proper prefix of every valid encoding: the
// incomplete tails after which valid UTF-8 can still follow.
var completable = func() map[string]bool {
	m := map[string]bool{"": true}
	var buf [utf8.UTFMax]byte
	for c := rune(0); c <= utf8.MaxRune; c++ {
		if !utf8.ValidRune(c) {
			continue
		}
		n := utf8.EncodeRune(buf[:], c)
		for i := 1; i < n; i++ {
			m[string(buf[:i])] = true
		}
	}
	return m
}()

// firstInvalid returns the index of the first byte at which b stops being a
// prefix of valid UTF-8, or -1. It is computed from unicode/utf8 and the
// completable set, not from the package under test.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		c, n := utf8.DecodeRune(b[i:])
		if c != utf8.RuneError || n > 1 {
			i += n
			continue
		}
		// b[i:] starts with a bad or truncated sequence: find where it
		// stops being the start of some valid encoding.
		for k := i + 1; k <= len(b); k++ {
			if !completable[string(b[i:k])] {
				return k - 1
			}
		}
		return -1
	}
	return -1
}

func chunkOf(chunks [][]byte, idx int) int {
	for i, c := range chunks {
		if idx < len(c) {
			return i
		}
		idx -= len(c)
	}
	return -1
}

// TestValidator_FailFast follows Autobahn 6.4.*: a valid prefix, then the
// byte that makes the message impossible, then more data. Write must reject
// the chunk holding that byte, even though the message has not ended.
func TestValidator_FailFast(t *testing.T) {
	kosme := "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"
	tests := []struct {
		name  string
		in    string
		first int // index of the first impossible byte
	}{
		{"above max (6.4.1)", kosme + "\xf4\x90\x80\x80edited", len(kosme) + 1},
		{"above max, cut short", kosme + "\xf4\x90edited", len(kosme) + 1},
		{"f5 lead", kosme + "\xf5\x80", len(kosme)},
		{"stray continuation", "abc\x80def", 3},
		{"surrogate", kosme + "\xed\xa0\x80", len(kosme) + 1},
		{"overlong three", "x\xe0\x80\x80", 2},
		{"overlong two", "x\xc1\xbf", 1},
		{"truncated then ascii", "\xe2\x82a", 2},
		{"truncated four then lead", "\xf0\x9f\x98\xce\xba", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			require.Equal(t, tt.first, firstInvalid(in), "reference disagrees with the table")
			for split := 0; split <= len(in); split++ {
				rej, _ := feed(t, in[:split], in[split:])
				want := 0
				if tt.first >= split {
					want = 1
				}
				assert.Equal(t, want, rej, "split at %d", split)
			}
			// One byte at a time, the rejection lands exactly on the bad byte.
			chunks := make([][]byte, len(in))
			for i := range in {
				chunks[i] = in[i : i+1]
			}
			rej, _ := feed(t, chunks...)
			assert.Equal(t, tt.first, rej)
		})
	}
}

func TestValidator_Reset(t *testing.T) {
	var v utf8valid.Validator
	require.False(t, v.Write([]byte{0xff}))
	require.False(t, v.Write([]byte("ok")), "rejection must be sticky")
	v.Reset()
	assert.True(t, v.Done())
	require.True(t, v.Write([]byte("\xe2\x82")))
	assert.False(t, v.Done(), "partial character pending")
	v.Reset()
	assert.True(t, v.Write([]byte("\xac")) == false, "Reset must forget the pending character")
}

func TestValidator_NoAllocs(t *testing.T) {
	p := []byte("κόσμε and some ascii text to make it long enough")
	var v utf8valid.Validator
	allocs := testing.AllocsPerRun(100, func() {
		v.Reset()
		v.Write(p)
		v.Done()
	})
	assert.Zero(t, allocs)
}
