package suite

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeflateOffer_String(t *testing.T) {
	tests := []struct {
		offer DeflateOffer
		want  string
	}{
		{clientOffer(false, 0), "permessage-deflate; client_no_context_takeover; client_max_window_bits"},
		{clientOffer(true, 9), "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9"},
		{DeflateOffer{ServerMaxWindowBits: 15}, "permessage-deflate; server_max_window_bits=15"},
		{DeflateOffer{}, "permessage-deflate"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.offer.String())
	}
	assert.Equal(t, "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover, "+
		"permessage-deflate; client_no_context_takeover; client_max_window_bits",
		formatOffers([]DeflateOffer{clientOffer(true, 0), clientOffer(false, 0)}))
}

func TestParseOffers(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   []DeflateOffer
	}{
		{"none", nil, nil},
		{"bare", []string{"permessage-deflate"}, []DeflateOffer{{}}},
		{"all", []string{"permessage-deflate; client_no_context_takeover; client_max_window_bits=10; server_no_context_takeover; server_max_window_bits=9"},
			[]DeflateOffer{{ClientNoContextTakeover: true, ClientMaxWindowBits: true, ServerNoContextTakeover: true, ServerMaxWindowBits: 9}}},
		{"order kept, others skipped", []string{"x-foo, permessage-deflate; server_max_window_bits=12", "permessage-deflate"},
			[]DeflateOffer{{ServerMaxWindowBits: 12}, {}}},
		{"server bits need a value", []string{"permessage-deflate; server_max_window_bits, permessage-deflate"}, []DeflateOffer{{}}},
		{"bits out of range", []string{"permessage-deflate; server_max_window_bits=16", "permessage-deflate; client_max_window_bits=7"}, nil},
		{"leading zero", []string{"permessage-deflate; server_max_window_bits=09"}, nil},
		{"duplicate", []string{"permessage-deflate; server_no_context_takeover; server_no_context_takeover"}, nil},
		{"flag with value", []string{"permessage-deflate; client_no_context_takeover=1"}, nil},
		{"unknown", []string{"permessage-deflate; mem_level=8"}, nil},
		{"malformed header", []string{"permessage-deflate;;"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseOffers(tt.header))
		})
	}
}

func TestParseResponse(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   *DeflateParams
		err    bool
	}{
		{"declined", nil, nil, false},
		{"bare", []string{"permessage-deflate"}, &DeflateParams{}, false},
		{"all", []string{"permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=12"},
			&DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 9, ClientMaxWindowBits: 12}, false},
		{"client bits without value", []string{"permessage-deflate; client_max_window_bits"}, nil, true},
		{"bits out of range", []string{"permessage-deflate; server_max_window_bits=7"}, nil, true},
		{"unknown parameter", []string{"permessage-deflate; x=1"}, nil, true},
		{"two elements", []string{"permessage-deflate, permessage-deflate"}, nil, true},
		{"other extension", []string{"x-webkit-deflate-frame"}, nil, true},
		{"malformed", []string{"permessage-deflate; ="}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseResponse(tt.header)
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDeflateParams_String(t *testing.T) {
	o := clientOffer(true, 9)
	assert.Equal(t, "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_no_context_takeover; client_max_window_bits=9",
		AcceptOffer(o, true, 9).String())
	assert.Equal(t, "permessage-deflate", AcceptOffer(clientOffer(false, 0), false, 0).String())
}

// TestDeflateCodec_RoundTrip sends messages through the fuzzer's codec in
// both directions, under every window and context rule: each side inflates
// what the other compressed, message after message.
func TestDeflateCodec_RoundTrip(t *testing.T) {
	data := DataJSON.Bytes()
	for _, bits := range []int{0, 8, 9, 12, 15} {
		for _, noContext := range []bool{false, true} {
			d := DeflateParams{ServerNoContextTakeover: noContext, ClientNoContextTakeover: noContext, ServerMaxWindowBits: bits, ClientMaxWindowBits: bits}
			t.Run(fmt.Sprintf("bits=%d/noContext=%t", bits, noContext), func(t *testing.T) {
				client, server := newDeflateCodec(d, false), newDeflateCodec(d, true)
				for i, size := range []int{0, 1, 100, 5000, 70000, 5000} {
					msg := data[i*1000 : i*1000+size]
					for _, pair := range [][2]*deflateCodec{{client, server}, {server, client}} {
						got, err := pair[1].in.decompress(pair[0].out.compress(msg), 1<<20)
						require.NoError(t, err)
						require.Equal(t, msg, got, "message %d", i)
					}
				}
			})
		}
	}
}

// TestCompressor_Window shows the window limit at work: a block repeated
// 600 octets later compresses to a reference under a 2 KiB window and
// cannot under a 512-octet one.
func TestCompressor_Window(t *testing.T) {
	block := make([]byte, 600)
	_, _ = rand.Read(block)
	msg := append(append([]byte(nil), block...), block...)
	size := func(bits int) int {
		c := compressor{bits: bits, noContext: true}
		return len(c.compress(msg))
	}
	assert.Less(t, size(11), 700)
	assert.Greater(t, size(9), 1100)
}

// TestDecompressor_Context checks that context takeover carries the window
// from one message to the next, and no context takeover does not.
func TestDecompressor_Context(t *testing.T) {
	msg := make([]byte, 2000)
	_, _ = rand.Read(msg)
	c := compressor{bits: maxWindowBits}
	first, second := c.compress(msg), c.compress(msg)
	assert.Less(t, len(second), len(first)/2, "the second message refers to the first")

	d := decompressor{}
	for _, p := range [][]byte{first, second} {
		got, err := d.decompress(p, 1<<20)
		require.NoError(t, err)
		assert.Equal(t, msg, got)
	}
	fresh := decompressor{noContext: true}
	_, err := fresh.decompress(second, 1<<20)
	assert.Error(t, err, "a reference to the previous message cannot inflate alone")
}

func TestDecompressor_Limit(t *testing.T) {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = w.Write(make([]byte, 1<<20))
	_ = w.Flush()
	d := decompressor{}
	_, err := d.decompress(b.Bytes(), 1000)
	assert.ErrorIs(t, err, errInflatedTooBig)

	_, err = d.decompress([]byte{0xff, 0xff, 0xff}, 1000)
	assert.Error(t, err, "garbage does not inflate")
}
