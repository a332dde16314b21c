package deflate_test

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/deflate"
)

// RFC 7692, Section 7.2.3: compressed payloads of sample messages.
var rfcVectors = []struct {
	name     string
	takeover bool
	payloads [][]byte // one compressed message each
	want     []string
}{
	{"7.2.3.1 one message", false,
		[][]byte{{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}}, []string{"Hello"}},
	{"7.2.3.2 shared window", true,
		[][]byte{{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, {0xf2, 0x00, 0x11, 0x00, 0x00}},
		[]string{"Hello", "Hello"}},
	{"7.2.3.2 no takeover", false,
		[][]byte{{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}},
		[]string{"Hello", "Hello"}},
	{"7.2.3.3 stored block", false,
		[][]byte{{0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00}}, []string{"Hello"}},
	{"7.2.3.4 BFINAL", false,
		[][]byte{{0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00}}, []string{"Hello"}},
	{"7.2.3.5 two blocks", false,
		[][]byte{{0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00}},
		[]string{"Hello"}},
	{"7.2.3.6 empty", false, [][]byte{{0x00}}, []string{""}},
	{"7.2.3.4 BFINAL then shared window", true,
		[][]byte{{0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, {0xf2, 0x00, 0x11, 0x00, 0x00}},
		[]string{"Hello", "Hello"}},
}

func TestDecompressor_AppendMessage_rfcVectors(t *testing.T) {
	for _, tc := range rfcVectors {
		t.Run(tc.name, func(t *testing.T) {
			d := deflate.NewDecompressor(15, tc.takeover)
			for i, p := range tc.payloads {
				got, err := d.AppendMessage(nil, p, 1<<20)
				require.NoError(t, err, "message %d", i)
				assert.Equal(t, tc.want[i], string(got), "message %d", i)
			}
		})
	}
}

func TestDecompressor_Reader_rfcVectors(t *testing.T) {
	wrappers := map[string]func(io.Reader) io.Reader{
		"plain":   func(r io.Reader) io.Reader { return r },
		"onebyte": iotest.OneByteReader,
		"half":    iotest.HalfReader,
		"dataerr": iotest.DataErrReader,
	}
	for _, tc := range rfcVectors {
		for wname, wrap := range wrappers {
			t.Run(tc.name+"/"+wname, func(t *testing.T) {
				d := deflate.NewDecompressor(15, tc.takeover)
				for i, p := range tc.payloads {
					got, err := io.ReadAll(iotest.OneByteReader(d.Reader(wrap(bytes.NewReader(p)), 1<<20)))
					require.NoError(t, err, "message %d", i)
					assert.Equal(t, tc.want[i], string(got), "message %d", i)
				}
			})
		}
	}
}

func TestDecompressor_Reader_withoutTakeoverForgetsWindow(t *testing.T) {
	d := deflate.NewDecompressor(15, false)
	_, err := d.AppendMessage(nil, []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, -1)
	require.NoError(t, err)
	// The second message of RFC 7692 Section 7.2.3.2 refers back into the
	// first, which the peer agreed not to do.
	_, err = d.AppendMessage(nil, []byte{0xf2, 0x00, 0x11, 0x00, 0x00}, -1)
	assert.ErrorIs(t, err, deflate.ErrCorrupt)
}

func TestDecompressor_AppendMessage_corrupt(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"reserved block type", []byte{0x07, 0x00}},
		{"stored length mismatch", []byte{0x00, 0x05, 0x00, 0x00, 0x00, 'H'}},
		{"truncated stored block", []byte{0x00, 0x05, 0x00, 0xfa, 0xff, 'H', 'e'}},
		{"truncated fixed block", []byte{0xf2, 0x48}},
		{"distance before start", []byte{0xf2, 0x00, 0x11, 0x00, 0x00}},
		{"bad dynamic header", []byte{0x04, 0xff, 0xff, 0xff, 0xff}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := deflate.NewDecompressor(15, true)
			_, err := d.AppendMessage(nil, tc.in, 1<<20)
			require.ErrorIs(t, err, deflate.ErrCorrupt)
			var ce *deflate.CorruptError
			assert.ErrorAs(t, err, &ce)
		})
	}
}

func TestDecompressor_Reader_sourceError(t *testing.T) {
	boom := errors.New("boom")
	d := deflate.NewDecompressor(15, true)
	r := d.Reader(iotest.ErrReader(boom), -1)
	_, err := io.ReadAll(r)
	require.ErrorIs(t, err, boom)
	_, err = r.Read(make([]byte, 1))
	assert.ErrorIs(t, err, boom, "errors are sticky")
}

// bomb returns a raw DEFLATE payload (tail stripped) that inflates to
// copies*n zero bytes.
func bomb(t testing.TB, n, copies int) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	require.NoError(t, err)
	chunk := make([]byte, 1<<16)
	for n > 0 {
		k := min(n, len(chunk))
		_, err := w.Write(chunk[:k])
		require.NoError(t, err)
		n -= k
	}
	require.NoError(t, w.Flush())
	// Each copy ends byte-aligned with a sync marker and refers back only
	// to zeros, so the copies concatenate into one valid stream.
	all := bytes.Repeat(buf.Bytes(), copies)
	return all[:len(all)-4]
}

func TestDecompressor_Reader_limit(t *testing.T) {
	payload := bomb(t, 1<<20, 1)
	for _, limit := range []int64{0, 1, 1000, 1<<20 - 1} {
		d := deflate.NewDecompressor(15, true)
		got, err := d.AppendMessage(nil, payload, limit)
		require.ErrorIs(t, err, deflate.ErrTooLarge, "limit %d", limit)
		assert.Len(t, got, int(limit))
	}
	d := deflate.NewDecompressor(15, true)
	got, err := d.AppendMessage(nil, payload, 1<<20)
	require.NoError(t, err, "exactly at the limit")
	assert.Len(t, got, 1<<20)
}

func TestDecompressor_Reader_bombStopsEarly(t *testing.T) {
	// 1 GiB of zeros in about 1 MiB of input; it must stop at 1 MiB of
	// output having read only a small prefix of the input.
	const unit = 1 << 20
	payload := bomb(t, unit, 1024)
	var src countingReader
	src.r = bytes.NewReader(payload)
	d := deflate.NewDecompressor(15, true)
	n, err := io.Copy(io.Discard, d.Reader(&src, unit))
	require.ErrorIs(t, err, deflate.ErrTooLarge)
	assert.Equal(t, int64(unit), n)
	assert.Less(t, src.n, int64(len(payload)/512), "input read")
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
