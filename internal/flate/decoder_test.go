package flate_test

import (
	"bytes"
	stdflate "compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/flate"
)

// stdCompress compresses msg with compress/flate at level, primed with
// dict, ending with a final block.
func stdCompress(t testing.TB, level int, dict, msg []byte) []byte {
	var buf bytes.Buffer
	w, err := stdflate.NewWriterDict(&buf, level, dict)
	require.NoError(t, err)
	_, err = w.Write(msg)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// decode inflates comp into a fresh 32 KiB window primed with dict,
// reading through wrap in reads of at most chunk bytes.
func decode(comp, dict []byte, wrap func(io.Reader) io.Reader, chunk int) ([]byte, error) {
	var w flate.Window
	w.Init(make([]byte, 1<<15))
	w.Write(dict)
	d := flate.NewDecoder()
	d.Reset(wrap(bytes.NewReader(comp)), &w)
	var out []byte
	p := make([]byte, chunk)
	for {
		n, err := d.Read(p)
		out = append(out, p[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

var readers = map[string]func(io.Reader) io.Reader{
	"plain":   func(r io.Reader) io.Reader { return r },
	"onebyte": iotest.OneByteReader,
	"half":    iotest.HalfReader,
	"dataerr": iotest.DataErrReader,
}

// TestDecoder_differential inflates what compress/flate and our Encoder
// produce, with and without a dictionary, through every reader shape and
// read size, and expects the input back.
func TestDecoder_differential(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	in := inputs(rng)
	e := flate.NewEncoder()
	for name, msg := range in {
		for _, dictLen := range []int{0, 5000, 40000} {
			dict := in["text"][len(in["text"])-dictLen:]
			streams := map[string][]byte{}
			for _, level := range []int{stdflate.HuffmanOnly, stdflate.NoCompression, 1, 6, 9} {
				streams[fmt.Sprintf("std%d", level)] = stdCompress(t, level, dict, msg)
			}
			for _, level := range []int{1, 6} {
				comp := compressStream(e, level, 15, dict, msg, 1+rng.IntN(70000))
				// An empty final block ends the stream.
				streams[fmt.Sprintf("ours%d", level)] = append(comp, 0x01, 0x00, 0x00, 0xff, 0xff)
			}
			for sname, comp := range streams {
				for rname, wrap := range readers {
					chunk := []int{1, 100, 4096, 1 << 17}[rng.IntN(4)]
					t.Run(fmt.Sprintf("%s/dict=%d/%s/%s/read=%d", name, dictLen, sname, rname, chunk), func(t *testing.T) {
						out, err := decode(comp, dict, wrap, chunk)
						require.NoError(t, err)
						require.True(t, bytes.Equal(msg, out), "got %d bytes, want %d", len(out), len(msg))
					})
				}
			}
		}
	}
}

// TestDecoder_sharedWindow inflates a sequence of sync-flushed messages
// into one Window, as permessage-deflate with context takeover does, long
// enough for the ring to wrap many times. Each message refers back into the
// ones before it, within the window.
func TestDecoder_sharedWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	text := inputs(rng)["text"]
	e := flate.NewEncoder()
	for _, bits := range []int{15, 10} {
		var win flate.Window
		win.Init(make([]byte, 1<<bits))
		d := flate.NewDecoder()
		var hist []byte
		for i := range 60 {
			msg := text[rng.IntN(len(text)/2):][:rng.IntN(9000)]
			comp := compressStream(e, 6, bits, hist, msg, 5000)
			hist = append(hist[:0], e.History(1<<bits)...)
			comp = append(comp, 0x01, 0x00, 0x00, 0xff, 0xff)
			d.Reset(iotest.HalfReader(bytes.NewReader(comp)), &win)
			out, err := io.ReadAll(d)
			require.NoError(t, err, "bits %d message %d", bits, i)
			require.True(t, bytes.Equal(msg, out), "bits %d message %d", bits, i)
			older, newer := win.Segments()
			require.Equal(t, hist, append(append([]byte{}, older...), newer...))
		}
	}
}

func TestDecoder_corrupt(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"reserved block type", []byte{0x07, 0x00}},
		{"stored length mismatch", []byte{0x01, 0x05, 0x00, 0x00, 0x00, 'H'}},
		// Header 1, 01; code 11000110 (286).
		{"fixed literal 286", []byte{0x1b, 0x03, 0x00}},
		// Header 1, 01; code 0000001 (length 3); distance code 11110 (30).
		{"fixed distance 30", []byte{0x03, 0x3e, 0x00}},
		{"distance before start", []byte{0xf3, 0x00, 0x11, 0x00, 0x00}},
		{"bad dynamic header", []byte{0x05, 0xff, 0xff, 0xff, 0xff}},
		{"HLIT 287", []byte{0x05, 0x1f, 0x00, 0x00, 0x00}},
		{"empty dynamic tables", []byte{0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stdErr := io.ReadAll(stdflate.NewReader(bytes.NewReader(tc.in)))
			require.Error(t, stdErr, "compress/flate accepts the case")
			for rname, wrap := range readers {
				_, err := decode(tc.in, nil, wrap, 100)
				require.Error(t, err, rname)
				var ce *flate.CorruptError
				if !errors.As(err, &ce) {
					assert.ErrorIs(t, err, io.ErrUnexpectedEOF, rname)
				}
			}
		})
	}
}

func TestDecoder_truncated(t *testing.T) {
	comp := stdCompress(t, 6, nil, bytes.Repeat([]byte("truncate me "), 300))
	for n := range len(comp) {
		_, err := decode(comp[:n], nil, iotest.OneByteReader, 64)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF, "%d of %d bytes", n, len(comp))
	}
}

func TestDecoder_sourceError(t *testing.T) {
	boom := errors.New("boom")
	comp := stdCompress(t, 6, nil, bytes.Repeat([]byte("abc"), 1000))
	var w flate.Window
	w.Init(make([]byte, 1<<15))
	d := flate.NewDecoder()
	d.Reset(io.MultiReader(bytes.NewReader(comp[:10]), iotest.ErrReader(boom)), &w)
	_, err := io.ReadAll(d)
	require.ErrorIs(t, err, boom)
	_, err = d.Read(make([]byte, 10))
	assert.ErrorIs(t, err, boom, "sticky")
}

// TestDecoder_readAhead checks that Read inflates no more than the caller
// asks for beyond what it returns: a deflate bomb read one byte at a time
// moves the window one byte at a time.
func TestDecoder_readAhead(t *testing.T) {
	comp := stdCompress(t, 9, nil, make([]byte, 1<<20))
	var w flate.Window
	w.Init(make([]byte, 1<<15))
	d := flate.NewDecoder()
	d.Reset(bytes.NewReader(comp), &w)
	for i := range 1000 {
		n, err := d.Read(make([]byte, 1))
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, i+1, w.Len())
	}
}

// TestDecoder_flushYields checks that output before a sync flush is
// returned without waiting for input after it.
func TestDecoder_flushYields(t *testing.T) {
	var buf bytes.Buffer
	w, err := stdflate.NewWriter(&buf, 6)
	require.NoError(t, err)
	_, err = w.Write([]byte("first part, "))
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write(buf.Bytes())
		// The rest never comes until the reader has seen the first part.
	}()
	var win flate.Window
	win.Init(make([]byte, 1<<15))
	d := flate.NewDecoder()
	d.Reset(pr, &win)
	got := make([]byte, 100)
	n, err := io.ReadAtLeast(d, got, len("first part, "))
	require.NoError(t, err)
	assert.Equal(t, "first part, ", string(got[:n]))
	require.NoError(t, pw.Close())
}

func TestWindow(t *testing.T) {
	var w flate.Window
	w.Write([]byte("ignored without storage"))
	assert.Equal(t, 0, w.Len())
	w.Init(make([]byte, 8))
	w.Write([]byte("abc"))
	o, n := w.Segments()
	assert.Equal(t, "abc", string(o)+string(n))
	w.Write([]byte("defgh"))
	o, n = w.Segments()
	assert.Equal(t, "abcdefgh", string(o)+string(n))
	w.Write([]byte("ij"))
	o, n = w.Segments()
	assert.Equal(t, "cdefghij", string(o)+string(n))
	w.Write([]byte("0123456789"))
	o, n = w.Segments()
	assert.Equal(t, "23456789", string(o)+string(n))
	assert.Equal(t, 8, w.Len())
	w.Reset()
	assert.Equal(t, 0, w.Len())
	assert.Equal(t, 8, w.Size())
}

func BenchmarkDecoder_Read(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	text := inputs(rng)["text"]
	for _, n := range []int{1 << 10, 64 << 10} {
		b.Run(fmt.Sprintf("size=%dKiB", n>>10), func(b *testing.B) {
			msg := text[:n]
			comp := stdCompress(b, 1, nil, msg)
			var w flate.Window
			w.Init(make([]byte, 1<<15))
			d := flate.NewDecoder()
			src := bytes.NewReader(comp)
			p := make([]byte, n)
			b.ReportAllocs()
			b.SetBytes(int64(n))
			for b.Loop() {
				src.Reset(comp)
				w.Reset()
				d.Reset(src, &w)
				if _, err := io.ReadFull(d, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
