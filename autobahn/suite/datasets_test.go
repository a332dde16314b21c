package suite

import (
	"bytes"
	"compress/flate"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDataSets checks each data set: deterministic, large enough for the
// largest message, ASCII when it is sent as text, and compressible like the
// kind of file it stands for (ratio of compressed to original size, 8 KiB
// messages, as in the official cases).
func TestDataSets(t *testing.T) {
	tests := []struct {
		data     *DataSet
		min, max float64
	}{
		{DataJSON, 0.05, 0.25},
		{DataImage, 0.6, 1},
		{DataText, 0.2, 0.5},
		{DataHTML, 0.05, 0.25},
		{DataPDF, 0.6, 1},
	}
	for _, tt := range tests {
		t.Run(tt.data.Name, func(t *testing.T) {
			b := tt.data.Bytes()
			again := (&DataSet{gen: tt.data.gen}).Bytes()
			assert.Equal(t, b, again, "deterministic")
			assert.GreaterOrEqual(t, len(b), minDataSize)
			if !tt.data.Binary {
				assert.Equal(t, -1, bytes.IndexFunc(b, func(r rune) bool { return r >= 0x80 }), "text data sets are ASCII")
			}
			var out bytes.Buffer
			w, _ := flate.NewWriter(&out, flate.DefaultCompression)
			for i := 0; i+8192 <= len(b); i += 8192 {
				w.Reset(&out)
				_, _ = w.Write(b[i : i+8192])
				_ = w.Flush()
			}
			ratio := float64(out.Len()) / float64(len(b)/8192*8192)
			assert.True(t, ratio >= tt.min && ratio <= tt.max, "ratio %.3f not in [%g, %g]", ratio, tt.min, tt.max)
		})
	}
}
