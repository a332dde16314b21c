package deflate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hybi-go/websocket/handshake"
)

// ExtensionName is the extension token of RFC 7692, Section 7.
const ExtensionName = "permessage-deflate"

// Extension parameter names (RFC 7692, Section 7.1).
const (
	paramServerNoContextTakeover = "server_no_context_takeover"
	paramClientNoContextTakeover = "client_no_context_takeover"
	paramServerMaxWindowBits     = "server_max_window_bits"
	paramClientMaxWindowBits     = "client_max_window_bits"
)

// Options says what one side wants from permessage-deflate. A nil *Options
// means the zero value: default level, context takeover in both directions,
// 32 KiB windows.
type Options struct {
	// Level is the compression level for NewCompressor: 1 (BestSpeed)
	// to 9 (BestCompression), HuffmanOnly, or 0 for DefaultLevel.
	// Negotiation ignores it.
	Level int

	// ServerNoContextTakeover asks the server to compress every message
	// on its own. A client offers it (and falls back to an offer without
	// it); a server imposes it on itself even if not offered.
	ServerNoContextTakeover bool

	// ClientNoContextTakeover makes the client compress every message on
	// its own. A client announces it; a server demands it in its response.
	ClientNoContextTakeover bool

	// ServerMaxWindowBits limits the server's window to 2^bits bytes
	// (8..15; 0 means unlimited, that is 15; other values are clamped).
	// A client asks for it (and falls back to an offer without it); a
	// server imposes it on itself.
	ServerMaxWindowBits int

	// ClientMaxWindowBits limits the client's window to 2^bits bytes
	// (8..15; 0 means unlimited; other values are clamped). A client
	// announces it as a hint; a server asks for it, which the client
	// honours only if its offer included client_max_window_bits: if not,
	// the server accepts a 32 KiB window rather than lose compression.
	ClientMaxWindowBits int
}

// Params is what the two sides agreed for one connection (RFC 7692,
// Section 7.1). Window sizes are effective values, 8..15, with 15 when the
// parameter was absent.
type Params struct {
	ServerNoContextTakeover bool
	ClientNoContextTakeover bool
	ServerMaxWindowBits     int
	ClientMaxWindowBits     int
}

// windowOption maps an Options window field to its effective value.
func windowOption(bits int) int { return clampWindowBits(bits) }

// ClientOffers returns the permessage-deflate offers a client sends, in
// order of preference: one carrying every parameter o asks for, then, if
// that one constrains the server, a fallback without those constraints.
// Every offer includes client_max_window_bits, so that a server may limit
// the client's window.
func ClientOffers(o *Options) []handshake.Extension {
	if o == nil {
		o = &Options{}
	}
	var client []handshake.Param
	if o.ClientNoContextTakeover {
		client = append(client, handshake.Param{Name: paramClientNoContextTakeover})
	}
	cmw := handshake.Param{Name: paramClientMaxWindowBits}
	if o.ClientMaxWindowBits != 0 {
		cmw.Value = strconv.Itoa(windowOption(o.ClientMaxWindowBits))
	}
	client = append(client, cmw)

	var server []handshake.Param
	if o.ServerNoContextTakeover {
		server = append(server, handshake.Param{Name: paramServerNoContextTakeover})
	}
	if o.ServerMaxWindowBits != 0 {
		server = append(server, handshake.Param{
			Name:  paramServerMaxWindowBits,
			Value: strconv.Itoa(windowOption(o.ServerMaxWindowBits)),
		})
	}
	offers := []handshake.Extension{{Name: ExtensionName, Params: append(server, client...)}}
	if len(server) > 0 {
		offers = append(offers, handshake.Extension{Name: ExtensionName, Params: client})
	}
	return offers
}

// ServerNegotiate walks the client's offers in order, skipping other
// extensions and declining any permessage-deflate offer with an unknown,
// duplicate or invalid parameter (RFC 7692, Section 5), and accepts the
// first one left. It returns the response element for the
// Sec-WebSocket-Extensions header, the agreed Params and true; or false if
// no offer is acceptable, in which case the connection goes uncompressed.
func ServerNegotiate(offers []handshake.Extension, o *Options) (resp handshake.Extension, p Params, ok bool) {
	if o == nil {
		o = &Options{}
	}
	for _, offer := range offers {
		if !strings.EqualFold(offer.Name, ExtensionName) {
			continue
		}
		req, err := parseParams(offer.Params, true)
		if err != nil {
			continue
		}
		resp, p = serverAccept(req, o)
		return resp, p, true
	}
	return handshake.Extension{}, Params{}, false
}

// serverAccept builds the response to a valid offer.
func serverAccept(req offerParams, o *Options) (handshake.Extension, Params) {
	p := Params{
		// RFC 7692, Section 7.1.1.1: accepting server_no_context_takeover
		// means including it; the server may also include it unasked.
		ServerNoContextTakeover: req.serverNoTakeover || o.ServerNoContextTakeover,
		// RFC 7692, Section 7.1.1.2: the server may demand
		// client_no_context_takeover whether or not it was offered.
		ClientNoContextTakeover: req.clientNoTakeover || o.ClientNoContextTakeover,
		ServerMaxWindowBits:     maxWindowBits,
		ClientMaxWindowBits:     maxWindowBits,
	}
	resp := handshake.Extension{Name: ExtensionName}
	if p.ServerNoContextTakeover {
		resp.Params = append(resp.Params, handshake.Param{Name: paramServerNoContextTakeover})
	}
	if p.ClientNoContextTakeover {
		resp.Params = append(resp.Params, handshake.Param{Name: paramClientNoContextTakeover})
	}
	// RFC 7692, Section 7.1.2.1: the response value must not exceed an
	// offered one; the server may also limit its window unasked.
	if req.serverMaxBits != 0 || o.ServerMaxWindowBits != 0 {
		p.ServerMaxWindowBits = min(windowOrMax(req.serverMaxBits), windowOption(o.ServerMaxWindowBits))
		resp.Params = append(resp.Params, handshake.Param{
			Name: paramServerMaxWindowBits, Value: strconv.Itoa(p.ServerMaxWindowBits),
		})
	}
	// RFC 7692, Section 7.1.2.2: the server may send client_max_window_bits
	// only if the offer had it.
	if req.clientMaxBitsOffered && (req.clientMaxBits != 0 || o.ClientMaxWindowBits != 0) {
		p.ClientMaxWindowBits = min(windowOrMax(req.clientMaxBits), windowOption(o.ClientMaxWindowBits))
		resp.Params = append(resp.Params, handshake.Param{
			Name: paramClientMaxWindowBits, Value: strconv.Itoa(p.ClientMaxWindowBits),
		})
	}
	return resp, p
}

func windowOrMax(bits int) int {
	if bits == 0 {
		return maxWindowBits
	}
	return bits
}

// ClientAccept checks the server's permessage-deflate response against the
// offers ClientOffers(o) made and returns the agreed Params. A response that
// fits none of them, for example one with an unknown, duplicate or invalid
// parameter, client_max_window_bits the client did not offer, or a window
// larger than the one asked for, returns an error wrapping
// ErrInvalidResponse: the client must fail the connection (RFC 7692,
// Section 5 and 7.1).
func ClientAccept(resp handshake.Extension, o *Options) (Params, error) {
	if o == nil {
		o = &Options{}
	}
	if !strings.EqualFold(resp.Name, ExtensionName) {
		return Params{}, fmt.Errorf("%w: extension %q", ErrInvalidResponse, resp.Name)
	}
	got, err := parseParams(resp.Params, false)
	if err != nil {
		return Params{}, err
	}
	var lastErr error
	for _, offer := range ClientOffers(o) {
		want, _ := parseParams(offer.Params, true) // our own offers are valid
		if lastErr = checkResponse(want, got); lastErr == nil {
			break
		}
	}
	if lastErr != nil {
		return Params{}, lastErr
	}
	p := Params{
		ServerNoContextTakeover: got.serverNoTakeover,
		// The client keeps its own promise even if the server did not
		// repeat it.
		ClientNoContextTakeover: got.clientNoTakeover || o.ClientNoContextTakeover,
		ServerMaxWindowBits:     windowOrMax(got.serverMaxBits),
		ClientMaxWindowBits:     windowOrMax(got.clientMaxBits),
	}
	if o.ClientMaxWindowBits != 0 {
		p.ClientMaxWindowBits = min(p.ClientMaxWindowBits, windowOption(o.ClientMaxWindowBits))
	}
	return p, nil
}

// checkResponse reports whether a syntactically valid response accepts the
// offer want.
func checkResponse(want, got offerParams) error {
	// RFC 7692, Section 7.1.1.1: a server accepts server_no_context_takeover
	// by repeating it.
	if want.serverNoTakeover && !got.serverNoTakeover {
		return fmt.Errorf("%w: %s was requested but not accepted", ErrInvalidResponse, paramServerNoContextTakeover)
	}
	// RFC 7692, Section 7.1.2.1: the server must accept a requested
	// window limit with a value no larger.
	if want.serverMaxBits != 0 && (got.serverMaxBits == 0 || got.serverMaxBits > want.serverMaxBits) {
		return fmt.Errorf("%w: %s above the requested %d", ErrInvalidResponse, paramServerMaxWindowBits, want.serverMaxBits)
	}
	// RFC 7692, Section 7.1.2.2: client_max_window_bits only if offered,
	// and no larger than an offered value.
	if got.clientMaxBitsOffered && !want.clientMaxBitsOffered {
		return fmt.Errorf("%w: %s was not offered", ErrInvalidResponse, paramClientMaxWindowBits)
	}
	if want.clientMaxBits != 0 && got.clientMaxBits > want.clientMaxBits {
		return fmt.Errorf("%w: %s above the offered %d", ErrInvalidResponse, paramClientMaxWindowBits, want.clientMaxBits)
	}
	return nil
}

// offerParams is a parsed parameter list of an offer or a response.
type offerParams struct {
	serverNoTakeover     bool
	clientNoTakeover     bool
	serverMaxBits        int // 0 if absent
	clientMaxBits        int // 0 if absent or without a value
	clientMaxBitsOffered bool
}

// parseParams validates a parameter list. In an offer client_max_window_bits
// may come without a value; in a response every window parameter needs one
// (RFC 7692, Sections 7.1.2.1 and 7.1.2.2).
func parseParams(params []handshake.Param, offer bool) (offerParams, error) {
	var op offerParams
	var seen [4]bool
	for _, prm := range params {
		i, known := paramIndex(prm.Name)
		if !known {
			return op, fmt.Errorf("%w: unknown parameter %q", ErrInvalidResponse, prm.Name)
		}
		// RFC 7692, Section 5: duplicate parameters make the element
		// invalid.
		if seen[i] {
			return op, fmt.Errorf("%w: duplicate parameter %s", ErrInvalidResponse, prm.Name)
		}
		seen[i] = true
		switch i {
		case 0, 1:
			// RFC 7692, Sections 7.1.1.1 and 7.1.1.2: no value.
			if prm.Value != "" {
				return op, fmt.Errorf("%w: %s takes no value", ErrInvalidResponse, prm.Name)
			}
			if i == 0 {
				op.serverNoTakeover = true
			} else {
				op.clientNoTakeover = true
			}
		case 2:
			bits, err := parseWindowBits(prm, false)
			if err != nil {
				return op, err
			}
			op.serverMaxBits = bits
		case 3:
			bits, err := parseWindowBits(prm, offer)
			if err != nil {
				return op, err
			}
			op.clientMaxBits, op.clientMaxBitsOffered = bits, true
		}
	}
	return op, nil
}

var paramNames = [4]string{
	paramServerNoContextTakeover,
	paramClientNoContextTakeover,
	paramServerMaxWindowBits,
	paramClientMaxWindowBits,
}

func paramIndex(name string) (int, bool) {
	for i, n := range paramNames {
		if strings.EqualFold(name, n) {
			return i, true
		}
	}
	return 0, false
}

// parseWindowBits parses a window parameter's value: 1*DIGIT denoting 8..15
// (RFC 7692, Sections 7.1.2.1 and 7.1.2.2). It returns 0 for an absent value
// when optional.
func parseWindowBits(prm handshake.Param, optional bool) (int, error) {
	if prm.Value == "" {
		if optional {
			return 0, nil
		}
		return 0, fmt.Errorf("%w: %s needs a value", ErrInvalidResponse, prm.Name)
	}
	bits := 0
	for i := 0; i < len(prm.Value); i++ {
		c := prm.Value[i]
		if c < '0' || c > '9' || bits > maxWindowBits {
			return 0, fmt.Errorf("%w: %s=%q is not 8..15", ErrInvalidResponse, prm.Name, prm.Value)
		}
		bits = bits*10 + int(c-'0')
	}
	if bits < minWindowBits || bits > maxWindowBits {
		return 0, fmt.Errorf("%w: %s=%q is not 8..15", ErrInvalidResponse, prm.Name, prm.Value)
	}
	return bits, nil
}
