package deflate_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/hybi-go/websocket/handshake"
	"github.com/hybi-go/websocket/internal/deflate"
)

func validParams(t *testing.T, p deflate.Params) {
	t.Helper()
	for _, bits := range []int{p.ServerMaxWindowBits, p.ClientMaxWindowBits} {
		if bits < 8 || bits > 15 {
			t.Fatalf("window bits %d out of range in %+v", bits, p)
		}
	}
}

var fuzzOptions = []*deflate.Options{
	nil,
	{ServerNoContextTakeover: true, ServerMaxWindowBits: 9},
	{ClientNoContextTakeover: true, ClientMaxWindowBits: 10},
}

func FuzzServerNegotiate(f *testing.F) {
	for _, s := range []string{
		"permessage-deflate",
		"permessage-deflate; client_max_window_bits",
		"permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=8",
		"permessage-deflate; foo, permessage-deflate; server_max_window_bits=16, permessage-deflate",
		`permessage-deflate; server_max_window_bits="10"; server_max_window_bits=10`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		offers, err := handshake.ParseExtensions([]string{header})
		if err != nil {
			return
		}
		for _, o := range fuzzOptions {
			resp, p, ok := deflate.ServerNegotiate(offers, o)
			if !ok {
				continue
			}
			validParams(t, p)
			// The response must survive the wire and parse back.
			back, err := handshake.ParseExtensions([]string{string(handshake.AppendExtensions(nil, []handshake.Extension{resp}))})
			if err != nil || len(back) != 1 {
				t.Fatalf("response %+v does not reparse: %v", resp, err)
			}
		}
	})
}

func FuzzClientAccept(f *testing.F) {
	for _, s := range []string{
		"permessage-deflate",
		"permessage-deflate; server_no_context_takeover; client_max_window_bits=9",
		"permessage-deflate; client_max_window_bits",
		"permessage-deflate; server_max_window_bits=7",
		"permessage-deflate; x=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		resps, err := handshake.ParseExtensions([]string{header})
		if err != nil {
			return
		}
		for _, resp := range resps {
			for _, o := range fuzzOptions {
				if p, err := deflate.ClientAccept(resp, o); err == nil {
					validParams(t, p)
				}
			}
		}
	})
}

func FuzzDecompress(f *testing.F) {
	for _, v := range rfcVectors {
		for _, p := range v.payloads {
			f.Add(p, uint16(100), v.takeover)
		}
	}
	f.Add([]byte{0x04, 0xc0, 0x81, 0x08, 0x00, 0x00, 0x00, 0x00, 0x20, 0x7f, 0xeb, 0x0b, 0x00, 0x00}, uint16(10), true)
	f.Fuzz(func(t *testing.T, data []byte, limit uint16, takeover bool) {
		d := deflate.NewDecompressor(15, takeover)
		out, err := d.AppendMessage(nil, data, int64(limit))
		if len(out) > int(limit) {
			t.Fatalf("inflated %d bytes past the limit %d", len(out), limit)
		}
		d2 := deflate.NewDecompressor(15, takeover)
		out2, err2 := io.ReadAll(d2.Reader(bytes.NewReader(data), int64(limit)))
		if !bytes.Equal(out, out2) || (err == nil) != (err2 == nil) {
			t.Fatalf("AppendMessage (%q, %v) and Reader (%q, %v) disagree", out, err, out2, err2)
		}
		// A second message must not panic whatever state the first left.
		_, _ = d.AppendMessage(nil, data, int64(limit))
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("Hello"), []byte("Hello, hello"), 1, uint8(15), true)
	f.Add([]byte(`{"a":1,"b":[1,2,3]}`), bytes.Repeat([]byte("ab"), 300), 9, uint8(8), true)
	f.Add([]byte{}, []byte{0, 0, 0, 0}, -2, uint8(9), false)
	f.Fuzz(func(t *testing.T, m1, m2 []byte, level int, bits uint8, takeover bool) {
		level = level%10 - 1 // -1..8 maps -1 to HuffmanOnly below
		if level < 0 {
			level = deflate.HuffmanOnly
		}
		wb := 8 + int(bits%8)
		c := deflate.NewCompressor(level, wb, takeover)
		d := deflate.NewDecompressor(wb, takeover)
		for _, msg := range [][]byte{m1, m2, m1} {
			got, err := d.AppendMessage(nil, c.AppendMessage(nil, msg), -1)
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("level %d bits %d takeover %t: got %q, %v; want %q", level, wb, takeover, got, err, msg)
			}
		}
	})
}
