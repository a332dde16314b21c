package suite

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeated is a random block followed by its copy, dist octets after it
// starts: a compressor with a large enough window refers back exactly dist.
func repeated(dist int) []byte {
	b := make([]byte, dist)
	_, _ = rand.Read(b)
	return append(b, b...)
}

func TestFarthestMatch(t *testing.T) {
	for _, level := range []int{flate.HuffmanOnly, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression} {
		for _, dist := range []int{100, 600, 5000, 32000} {
			var b bytes.Buffer
			w, _ := flate.NewWriter(&b, level)
			_, _ = w.Write(repeated(dist))
			_ = w.Close()
			far, err := farthestMatch(b.Bytes())
			require.NoError(t, err)
			switch level {
			case flate.HuffmanOnly:
				assert.Zero(t, far)
			case flate.BestSpeed: // may not look that far
				assert.LessOrEqual(t, far, dist)
			default:
				assert.Equal(t, dist, far, "level %d", level)
			}
		}
	}
	// The data sets, compressed whole, in fixed and dynamic blocks.
	for _, d := range []*DataSet{DataJSON, DataImage, DataPDF} {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.DefaultCompression)
		_, _ = w.Write(d.Bytes())
		_ = w.Flush()
		far, err := farthestMatch(b.Bytes())
		require.NoError(t, err)
		assert.LessOrEqual(t, far, 1<<15)
		assert.Greater(t, far, 1<<9)
	}
	_, err := farthestMatch([]byte{0x07}) // reserved block type
	assert.ErrorIs(t, err, errBadDeflate)
}

// TestDecompressor_Window checks the agreed window is enforced: our own
// compressor keeps to 2^9, compress/flate at full window does not.
func TestDecompressor_Window(t *testing.T) {
	msg := repeated(600)
	small := compressor{bits: 9, noContext: true}
	d := decompressor{bits: 9, noContext: true}
	got, err := d.decompress(small.compress(msg), 1<<20)
	require.NoError(t, err)
	assert.Equal(t, msg, got)

	full := compressor{bits: maxWindowBits, noContext: true}
	_, err = d.decompress(full.compress(msg), 1<<20)
	assert.ErrorIs(t, err, errBeyondWindow)
}

// FuzzFarthestMatch walks arbitrary bytes as a DEFLATE stream: it must not
// panic, and on valid streams agree with compress/flate that they are valid.
func FuzzFarthestMatch(f *testing.F) {
	for _, dist := range []int{3, 300, 3000} {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.DefaultCompression)
		_, _ = w.Write(repeated(dist))
		_ = w.Flush()
		f.Add(b.Bytes())
	}
	f.Add([]byte{0x00, 0x00, 0x00, 0xff, 0xff})
	f.Add([]byte{0x05, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, p []byte) {
		far, err := farthestMatch(p)
		if err == nil && far > 32768 {
			t.Fatalf("distance %d beyond DEFLATE's 32 KiB", far)
		}
	})
}
