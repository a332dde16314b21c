package flate_test

import (
	"bytes"
	stdflate "compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/flate"
)

var testLevels = []int{flate.HuffmanOnly, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// compressStream resets e and compresses msg in chunks of at most chunk
// bytes, ending with a flush, and returns the output with the sync marker
// restored.
func compressStream(e *flate.Encoder, level, bits int, dict, msg []byte, chunk int) []byte {
	e.Reset(level, bits, dict)
	var out []byte
	for rest := msg; len(rest) > 0; {
		k := min(chunk, len(rest))
		out = e.AppendWrite(out, rest[:k])
		rest = rest[k:]
	}
	out = e.AppendFlush(out)
	return append(out, 0x00, 0x00, 0xff, 0xff)
}

// stdInflate decodes with compress/flate, primed with dict.
func stdInflate(t testing.TB, comp, dict []byte) []byte {
	// An empty final block lets the reader end cleanly.
	r := stdflate.NewReaderDict(io.MultiReader(bytes.NewReader(comp), bytes.NewReader([]byte{0x01, 0x00, 0x00, 0xff, 0xff})), dict)
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return out
}

// inputs returns test inputs of various character.
func inputs(rng *rand.Rand) map[string][]byte {
	text := make([]byte, 0, 100000)
	words := []string{"alpha", "beta", "gamma", `{"k":`, "},", "[1,2,3]", " ", "\n", "delta-epsilon"}
	for len(text) < 100000 {
		text = append(text, words[rng.IntN(len(words))]...)
	}
	random := make([]byte, 70000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	mixed := append(append([]byte{}, random[:3000]...), text[:5000]...)
	mixed = append(mixed, random[:3000]...) // repeats 8 KiB back
	far := append(append([]byte{}, random[:40000]...), random[:40000]...)
	return map[string][]byte{
		"empty":    nil,
		"one":      {'x'},
		"short":    []byte("Hello"),
		"zeros":    make([]byte, 140000),
		"text":     text,
		"random":   random,
		"mixed":    mixed,
		"far":      far,
		"period3":  bytes.Repeat([]byte("abc"), 25000),
		"alphabet": bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz0123456789"), 2000),
	}
}

func TestEncoder_differential(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	e := flate.NewEncoder()
	for name, in := range inputs(rng) {
		for _, level := range testLevels {
			for _, bits := range []int{8, 11, 15} {
				t.Run(fmt.Sprintf("%s/level=%d/bits=%d", name, level, bits), func(t *testing.T) {
					comp := compressStream(e, level, bits, nil, in, 1+rng.IntN(100000))
					require.Equal(t, nonNil(in), nonNil(stdInflate(t, comp, nil)), "compress/flate")
					out, maxd, err := refInflate(comp, nil)
					require.NoError(t, err)
					require.Equal(t, nonNil(in), nonNil(out), "reference inflater")
					require.LessOrEqual(t, maxd, 1<<bits, "window")
				})
			}
		}
	}
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func TestEncoder_dictionary(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	e := flate.NewEncoder()
	in := inputs(rng)
	for _, dictLen := range []int{0, 1, 3, 4, 100, 255, 256, 257, 4096, 32768, 40000} {
		for _, bits := range []int{8, 12, 15} {
			for _, level := range []int{1, 4, 9} {
				dict := in["text"][1000 : 1000+dictLen]
				// The message repeats the end of the dictionary, then
				// continues with new text.
				msg := in["text"][1000+dictLen-min(dictLen, 500):][:min(dictLen, 500)+100]
				comp := compressStream(e, level, bits, dict, msg, 700)
				used := dict[max(0, len(dict)-1<<bits):]
				out, maxd, err := refInflate(comp, used)
				require.NoError(t, err, "dict %d bits %d level %d", dictLen, bits, level)
				require.Equal(t, msg, out)
				require.LessOrEqual(t, maxd, 1<<bits)
				if dictLen >= 500 && bits >= 12 {
					require.Less(t, len(comp), 150, "dictionary used: dict %d bits %d level %d", dictLen, bits, level)
				}
			}
		}
	}
}

func TestEncoder_History(t *testing.T) {
	e := flate.NewEncoder()
	msg := bytes.Repeat([]byte("0123456789"), 10000)
	e.Reset(1, 10, []byte("dict"))
	e.AppendFlush(e.AppendWrite(nil, msg))
	require.Equal(t, msg[len(msg)-1024:], e.History(4096), "clamped to the window")
	require.Equal(t, msg[len(msg)-10:], e.History(10))
	e.Reset(1, 15, []byte("dict"))
	e.AppendFlush(e.AppendWrite(nil, []byte("ab")))
	require.Equal(t, []byte("dictab"), e.History(100))
}

func TestEncoder_emptyFlush(t *testing.T) {
	e := flate.NewEncoder()
	e.Reset(6, 15, nil)
	require.Equal(t, []byte{0x00}, e.AppendFlush(nil))
}

// TestEncoder_longStream checks the sliding buffer over many blocks and the
// offset rebasing, with small windows and matches across block boundaries.
func TestEncoder_longStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	e := flate.NewEncoder()
	in := inputs(rng)["text"]
	var long []byte
	for len(long) < 1<<20 {
		long = append(long, in[rng.IntN(len(in)/2):][:rng.IntN(50000)]...)
	}
	for _, level := range []int{1, 6} {
		comp := compressStream(e, level, 12, nil, long, 1<<20)
		out, maxd, err := refInflate(comp, nil)
		require.NoError(t, err)
		require.True(t, bytes.Equal(long, out))
		require.LessOrEqual(t, maxd, 1<<12)
		require.Less(t, len(comp), len(long)/3)
	}
}

// TestEncoder_offsetRebase runs streams across the offset limit, both in the
// middle of a stream (slide) and between streams (Reset).
func TestEncoder_offsetRebase(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	text := inputs(rng)["text"]
	e := flate.NewEncoder()
	for _, start := range []int{1<<30 - 200000, 1<<30 - 1000} {
		for range 3 {
			e.SetOffset(start)
			comp := compressStream(e, 6, 15, text[:5000], text, 30000)
			out, _, err := refInflate(comp, text[:5000])
			require.NoError(t, err)
			require.True(t, bytes.Equal(text, out))
		}
	}
}
