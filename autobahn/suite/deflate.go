package suite

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/hybi-go/websocket/handshake"
)

// deflateName is the extension token of RFC 7692.
const deflateName = "permessage-deflate"

// The parameters of RFC 7692, Section 7.1.
const (
	paramServerNoContextTakeover = "server_no_context_takeover"
	paramClientNoContextTakeover = "client_no_context_takeover"
	paramServerMaxWindowBits     = "server_max_window_bits"
	paramClientMaxWindowBits     = "client_max_window_bits"
)

// maxWindowBits is the largest LZ77 window of DEFLATE, 32 KiB.
const maxWindowBits = 15

// Deflate is how a compression case negotiates permessage-deflate
// (RFC 7692): the offers the fuzzer makes when it plays the client, and the
// rule by which it answers a client's offers when it plays the server.
type Deflate struct {
	// Offers are sent in this order in Sec-WebSocket-Extensions.
	Offers []DeflateOffer
	// Accept picks the answer to the client's valid offers (in the
	// client's order), or returns false to decline them all.
	Accept func(offers []DeflateOffer) (DeflateParams, bool)
}

// DeflateOffer is one permessage-deflate offer of a client: each field is
// one parameter of RFC 7692, Section 7.1.
type DeflateOffer struct {
	// ClientNoContextTakeover: the client will not keep its window between
	// messages if the server asks (the server may ask anyway).
	ClientNoContextTakeover bool
	// ClientMaxWindowBits: the client can limit its window if the server
	// asks (client_max_window_bits, sent without a value).
	ClientMaxWindowBits bool
	// ServerNoContextTakeover asks the server not to keep its window.
	ServerNoContextTakeover bool
	// ServerMaxWindowBits asks the server for a window of at most 2^n
	// bytes; 0 asks nothing.
	ServerMaxWindowBits int
}

// String returns the offer as one element of Sec-WebSocket-Extensions,
// with the parameters in the order the official suite writes them.
func (o DeflateOffer) String() string {
	return handshake.FormatExtensions([]handshake.Extension{o.extension()})
}

// formatOffers returns the Sec-WebSocket-Extensions value of offers.
func formatOffers(offers []DeflateOffer) string {
	exts := make([]handshake.Extension, len(offers))
	for i, o := range offers {
		exts[i] = o.extension()
	}
	return handshake.FormatExtensions(exts)
}

func (o DeflateOffer) extension() handshake.Extension {
	e := handshake.Extension{Name: deflateName}
	if o.ClientNoContextTakeover {
		e.Params = append(e.Params, handshake.Param{Name: paramClientNoContextTakeover})
	}
	if o.ClientMaxWindowBits {
		e.Params = append(e.Params, handshake.Param{Name: paramClientMaxWindowBits})
	}
	if o.ServerNoContextTakeover {
		e.Params = append(e.Params, handshake.Param{Name: paramServerNoContextTakeover})
	}
	if o.ServerMaxWindowBits != 0 {
		e.Params = append(e.Params, handshake.Param{Name: paramServerMaxWindowBits, Value: strconv.Itoa(o.ServerMaxWindowBits)})
	}
	return e
}

// DeflateParams are the agreed parameters, as the server's response states
// them. A window of 0 bits means the default, 15.
type DeflateParams struct {
	ServerNoContextTakeover bool
	ClientNoContextTakeover bool
	ServerMaxWindowBits     int
	ClientMaxWindowBits     int
}

// AcceptOffer answers offer o: the server's side as the client asked, the
// client's side as given (clientBits 0: no limit asked).
func AcceptOffer(o DeflateOffer, clientNoContextTakeover bool, clientBits int) DeflateParams {
	return DeflateParams{
		ServerNoContextTakeover: o.ServerNoContextTakeover,
		ServerMaxWindowBits:     o.ServerMaxWindowBits,
		ClientNoContextTakeover: clientNoContextTakeover,
		ClientMaxWindowBits:     clientBits,
	}
}

// String returns the response element of Sec-WebSocket-Extensions.
func (d DeflateParams) String() string {
	e := handshake.Extension{Name: deflateName}
	if d.ServerNoContextTakeover {
		e.Params = append(e.Params, handshake.Param{Name: paramServerNoContextTakeover})
	}
	if d.ServerMaxWindowBits != 0 {
		e.Params = append(e.Params, handshake.Param{Name: paramServerMaxWindowBits, Value: strconv.Itoa(d.ServerMaxWindowBits)})
	}
	if d.ClientNoContextTakeover {
		e.Params = append(e.Params, handshake.Param{Name: paramClientNoContextTakeover})
	}
	if d.ClientMaxWindowBits != 0 {
		e.Params = append(e.Params, handshake.Param{Name: paramClientMaxWindowBits, Value: strconv.Itoa(d.ClientMaxWindowBits)})
	}
	return handshake.FormatExtensions([]handshake.Extension{e})
}

var errBadDeflateParam = errors.New("suite: invalid permessage-deflate parameter")

// windowBits parses a window size; RFC 7692, Section 7.1.2 allows 8 to 15
// without leading zeros.
func windowBits(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 8 || n > maxWindowBits || strconv.Itoa(n) != v {
		return 0, false
	}
	return n, true
}

// eachParam walks e's parameters, rejecting duplicates (RFC 7692,
// Section 7: each parameter appears at most once).
func eachParam(e handshake.Extension, fn func(p handshake.Param) bool) error {
	seen := map[string]bool{}
	for _, p := range e.Params {
		if seen[p.Name] || !fn(p) {
			return fmt.Errorf("%w %q", errBadDeflateParam, p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// parseOffers returns the client's valid permessage-deflate offers from
// the Sec-WebSocket-Extensions values, skipping other extensions and offers
// with an unknown, repeated or invalid parameter (RFC 7692, Section 5: the
// server declines such offers).
func parseOffers(values []string) []DeflateOffer {
	exts, err := handshake.ParseExtensions(values)
	if err != nil {
		return nil
	}
	var out []DeflateOffer
	for _, e := range exts {
		if e.Name != deflateName {
			continue
		}
		var o DeflateOffer
		err := eachParam(e, func(p handshake.Param) bool {
			switch p.Name {
			case paramClientNoContextTakeover:
				o.ClientNoContextTakeover = true
				return p.Value == ""
			case paramServerNoContextTakeover:
				o.ServerNoContextTakeover = true
				return p.Value == ""
			case paramClientMaxWindowBits:
				o.ClientMaxWindowBits = true
				_, ok := windowBits(p.Value)
				return p.Value == "" || ok
			case paramServerMaxWindowBits:
				n, ok := windowBits(p.Value)
				o.ServerMaxWindowBits = n
				return ok
			}
			return false
		})
		if err == nil {
			out = append(out, o)
		}
	}
	return out
}

// parseResponse reads the server's Sec-WebSocket-Extensions answer. It
// returns nil when the server accepted no extension, and an error when the
// answer holds anything but one well-formed permessage-deflate element.
func parseResponse(values []string) (*DeflateParams, error) {
	exts, err := handshake.ParseExtensions(values)
	if err != nil {
		return nil, err
	}
	switch {
	case len(exts) == 0:
		return nil, nil
	case len(exts) > 1 || exts[0].Name != deflateName:
		return nil, fmt.Errorf("suite: server accepted extensions that were not offered: %s", handshake.FormatExtensions(exts))
	}
	var d DeflateParams
	err = eachParam(exts[0], func(p handshake.Param) bool {
		var ok bool
		switch p.Name {
		case paramClientNoContextTakeover:
			d.ClientNoContextTakeover, ok = true, p.Value == ""
		case paramServerNoContextTakeover:
			d.ServerNoContextTakeover, ok = true, p.Value == ""
		case paramClientMaxWindowBits:
			d.ClientMaxWindowBits, ok = windowBits(p.Value)
		case paramServerMaxWindowBits:
			d.ServerMaxWindowBits, ok = windowBits(p.Value)
		}
		return ok
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// deflateCodec is the fuzzer's side of an agreed permessage-deflate: a
// compressor for what it sends, a decompressor for what it receives, each
// with the window and context rules of its direction.
type deflateCodec struct {
	params DeflateParams
	out    compressor
	in     decompressor
}

func newDeflateCodec(d DeflateParams, isServer bool) *deflateCodec {
	c := &deflateCodec{params: d}
	server := compressor{bits: orMax(d.ServerMaxWindowBits), noContext: d.ServerNoContextTakeover}
	client := compressor{bits: orMax(d.ClientMaxWindowBits), noContext: d.ClientNoContextTakeover}
	if isServer {
		c.out, c.in = server, decompressor{noContext: client.noContext, bits: client.bits}
	} else {
		c.out, c.in = client, decompressor{noContext: server.noContext, bits: server.bits}
	}
	return c
}

func orMax(bits int) int {
	if bits == 0 {
		return maxWindowBits
	}
	return bits
}

// compressor compresses messages with compress/flate at its default level,
// as zlib's default is what the official suite uses.
type compressor struct {
	bits      int
	noContext bool
	w         *flate.Writer
	buf       bytes.Buffer
}

// syncTail is the empty stored block a sync flush ends with; RFC 7692,
// Section 7.2.1 removes it from every message and Section 7.2.2 restores it.
var syncTail = []byte{0x00, 0x00, 0xff, 0xff}

// compress returns msg as the payload of a compressed message.
func (c *compressor) compress(msg []byte) []byte {
	c.buf.Reset()
	if c.w == nil {
		c.w, _ = flate.NewWriter(&c.buf, flate.DefaultCompression)
	}
	if c.bits >= maxWindowBits {
		if c.noContext {
			c.w.Reset(&c.buf)
		}
		_, _ = c.w.Write(msg)
		_ = c.w.Flush()
	} else {
		// compress/flate always uses a 32 KiB window; restarting it every
		// 2^bits input bytes keeps every distance within the agreed window
		// (RFC 7692, Section 7.1.2), at some cost in ratio.
		seg := 1 << c.bits
		for i := 0; i < len(msg) || i == 0; i += seg {
			c.w.Reset(&c.buf)
			_, _ = c.w.Write(msg[i:min(i+seg, len(msg))])
			_ = c.w.Flush()
		}
	}
	return bytes.Clone(bytes.TrimSuffix(c.buf.Bytes(), syncTail))
}

// decompressor inflates whole messages; with context takeover the last 32
// KiB of output is the dictionary of the next message.
type decompressor struct {
	noContext bool
	bits      int // the agreed window; below 15 every match is checked
	r         io.ReadCloser
	window    []byte
}

// finalTail is the sync tail of RFC 7692, Section 7.2.2 followed by an empty
// final stored block, so the reader ends cleanly at the message's end.
var finalTail = []byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}

var (
	errInflatedTooBig = errors.New("suite: inflated message larger than the fuzzer's limit")
	errBeyondWindow   = errors.New("suite: compressed message refers back beyond the agreed window")
)

// decompress inflates one message's payload, allowing at most limit bytes
// of output so a compression bomb cannot exhaust memory.
func (d *decompressor) decompress(p []byte, limit int64) ([]byte, error) {
	if d.bits != 0 && d.bits < maxWindowBits {
		// RFC 7692, Section 7.1.2: no match may reach beyond the window.
		far, err := farthestMatch(append(p[:len(p):len(p)], syncTail...))
		if err == nil && far > 1<<d.bits {
			return nil, fmt.Errorf("%w: %d octets back, window %d", errBeyondWindow, far, 1<<d.bits)
		}
	}
	src := io.MultiReader(bytes.NewReader(p), bytes.NewReader(finalTail))
	var dict []byte
	if !d.noContext {
		dict = d.window
	}
	if d.r == nil {
		d.r = flate.NewReaderDict(src, dict)
	} else if err := d.r.(flate.Resetter).Reset(src, dict); err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(d.r, limit+1))
	switch {
	case err != nil:
		return nil, err
	case int64(len(out)) > limit:
		return nil, errInflatedTooBig
	}
	if !d.noContext {
		d.window = append(d.window, out...)
		if n := len(d.window) - (1 << maxWindowBits); n > 0 {
			d.window = append(d.window[:0:0], d.window[n:]...)
		}
	}
	return out, nil
}
