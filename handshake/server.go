package handshake

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

// ServerOptions configures the server side of the handshake. A nil
// *ServerOptions means the zero value: no subprotocol, no extension, origin
// checked against the request's Host only, no extra response header.
type ServerOptions struct {
	// Subprotocols lists the subprotocols the server speaks, in order of
	// preference. The chosen one is the first of these that the client
	// offered in Sec-WebSocket-Protocol. Default: none, so no
	// Sec-WebSocket-Protocol is sent back.
	Subprotocols []string

	// OriginPatterns lists extra allowed origins. Each pattern is matched
	// with path.Match, case-insensitively, against the host[:port] of the
	// Origin header, e.g. "*.example.com" or "localhost:*". A malformed
	// pattern refuses every cross-origin request with 500. Default: none, so
	// only an Origin whose host equals the request's Host is allowed.
	OriginPatterns []string

	// InsecureSkipOriginCheck disables the origin check, letting any web
	// page open a connection with the user's cookies. Default: false.
	InsecureSkipOriginCheck bool

	// Extensions is the negotiation hook. It receives every offer of the
	// client's Sec-WebSocket-Extensions, in client order, and returns the
	// extensions to accept, which are written to the response in the order
	// returned. Each accepted extension must carry the name of an offer.
	// An error refuses the handshake with 400. Default (nil): every offer
	// is declined.
	Extensions func(offers []Extension) ([]Extension, error)

	// Header holds extra headers for the 101 response, such as Set-Cookie.
	// The headers the handshake itself owns (Upgrade, Connection and
	// Sec-WebSocket-*) are ignored here. Default: none.
	Header http.Header
}

// Result is the outcome of a successful handshake.
type Result struct {
	// Subprotocol is the chosen subprotocol, or "" for none.
	Subprotocol string
	// Extensions are the extensions the server accepted, in response order.
	// The client side has only checked their names against its offers;
	// validating their parameters is the extension's job.
	Extensions []Extension
}

// CheckRequest validates a WebSocket upgrade request without writing
// anything (RFC 6455, Section 4.2.1) and returns its Sec-WebSocket-Key.
//
// On refusal the error is a *RequestError carrying the status Upgrade would
// answer with and wrapping one of ErrBadMethod, ErrBadProtocol, ErrBadHost,
// ErrBadUpgrade, ErrBadConnection, ErrBadKey, ErrBadVersion, ErrBadOrigin or
// ErrBadExtensions. The extension negotiation hook is not called.
func CheckRequest(r *http.Request, opts *ServerOptions) (key string, err error) {
	key, _, err = checkRequest(r, opts)
	return key, err
}

// checkRequest is CheckRequest also returning the parsed extension offers.
func checkRequest(r *http.Request, opts *ServerOptions) (string, []Extension, error) {
	if opts == nil {
		opts = &ServerOptions{}
	}
	// RFC 6455, Section 4.2.1, items 1 to 4.
	if r.Method != http.MethodGet {
		return "", nil, refuse(http.StatusMethodNotAllowed, ErrBadMethod)
	}
	if !r.ProtoAtLeast(1, 1) {
		return "", nil, refuse(http.StatusBadRequest, ErrBadProtocol)
	}
	if r.Host == "" {
		return "", nil, refuse(http.StatusBadRequest, ErrBadHost)
	}
	if !hasToken(r.Header.Values("Upgrade"), "websocket") {
		return "", nil, refuse(http.StatusBadRequest, ErrBadUpgrade)
	}
	if !hasToken(r.Header.Values("Connection"), "Upgrade") {
		return "", nil, refuse(http.StatusBadRequest, ErrBadConnection)
	}
	// RFC 6455, Section 4.2.1, item 5.
	keys := r.Header.Values("Sec-WebSocket-Key")
	if len(keys) != 1 || !isValidKey(keys[0]) {
		return "", nil, refuse(http.StatusBadRequest, ErrBadKey)
	}
	// RFC 6455, Section 4.2.1, item 6, answered as Section 4.4 asks.
	if v := r.Header.Values("Sec-WebSocket-Version"); len(v) != 1 || v[0] != "13" {
		return "", nil, refuse(http.StatusUpgradeRequired, ErrBadVersion)
	}
	if err := checkOrigin(r, opts); err != nil {
		return "", nil, err
	}
	offers, err := ParseExtensions(r.Header.Values("Sec-WebSocket-Extensions"))
	if err != nil {
		return "", nil, refuse(http.StatusBadRequest, err)
	}
	return keys[0], offers, nil
}

func refuse(status int, err error) *RequestError {
	return &RequestError{Status: status, Err: err}
}

// checkOrigin allows a request without Origin (not from a browser), one
// whose Origin host is the request's Host, and one matching a pattern.
// RFC 6455, Section 10.2: the origin is how a server protects itself from
// scripts on pages it does not trust.
func checkOrigin(r *http.Request, opts *ServerOptions) error {
	origins := r.Header.Values("Origin")
	if opts.InsecureSkipOriginCheck || len(origins) == 0 {
		return nil
	}
	if len(origins) > 1 {
		return refuse(http.StatusForbidden, fmt.Errorf("%w: several Origin headers", ErrBadOrigin))
	}
	u, err := url.Parse(origins[0])
	if err != nil || u.Host == "" {
		return refuse(http.StatusForbidden, fmt.Errorf("%w: %q is not an origin", ErrBadOrigin, origins[0]))
	}
	if strings.EqualFold(u.Host, r.Host) {
		return nil
	}
	host := strings.ToLower(u.Host)
	for _, pattern := range opts.OriginPatterns {
		ok, err := path.Match(strings.ToLower(pattern), host)
		if err != nil {
			return refuse(http.StatusInternalServerError, fmt.Errorf("handshake: origin pattern %q: %w", pattern, err))
		}
		if ok {
			return nil
		}
	}
	return refuse(http.StatusForbidden, fmt.Errorf("%w: %q", ErrBadOrigin, origins[0]))
}

// negotiate chooses the subprotocol and runs the extension hook.
func negotiate(r *http.Request, offers []Extension, opts *ServerOptions) (*Result, error) {
	res := &Result{}
	// RFC 6455, Section 4.2.2, item 5.4: at most one subprotocol, one the
	// client offered.
	offered := listElements(r.Header.Values("Sec-WebSocket-Protocol"))
	for _, p := range opts.Subprotocols {
		if slices.Contains(offered, p) {
			res.Subprotocol = p
			break
		}
	}
	if opts.Extensions == nil || len(offers) == 0 {
		return res, nil
	}
	accepted, err := opts.Extensions(offers)
	if err != nil {
		return nil, refuse(http.StatusBadRequest, fmt.Errorf("%w: %w", ErrNegotiation, err))
	}
	// RFC 6455, Section 9.1: the server may only accept what was offered;
	// catching a faulty hook here beats a client failing the connection.
	for _, a := range accepted {
		if !isToken(a.Name) || !hasOffer(offers, a.Name) {
			return nil, refuse(http.StatusInternalServerError, fmt.Errorf("%w: hook accepted %q", ErrBadExtension, a.Name))
		}
	}
	res.Extensions = accepted
	return res, nil
}

func hasOffer(offers []Extension, name string) bool {
	return slices.ContainsFunc(offers, func(o Extension) bool { return strings.EqualFold(o.Name, name) })
}

// Upgrade performs the server side of the handshake: it checks r as
// CheckRequest does, negotiates the subprotocol and extensions, hijacks the
// connection through http.ResponseController and writes the 101 response
// with Sec-WebSocket-Accept (RFC 6455, Section 4.2.2).
//
// It returns the raw connection, with any deadlines the http.Server had set
// cleared, and leftover: the bytes the client sent after its request that
// net/http had already buffered. They are the start of the WebSocket stream
// and must be read before c. The caller owns c and leftover.
//
// On refusal Upgrade writes the HTTP error itself (the status from the
// *RequestError and a text/plain body naming the reason; 426 responses carry
// Sec-WebSocket-Version: 13) and returns the *RequestError. A writer that
// cannot be hijacked (HTTP/2, a wrapping middleware without Unwrap) gets 500
// and ErrNotHijackable. After a successful hijack, w and r must no longer be
// used; a failure to write the 101 closes c and returns the write error.
func Upgrade(w http.ResponseWriter, r *http.Request, opts *ServerOptions) (c net.Conn, leftover []byte, res *Result, err error) {
	if opts == nil {
		opts = &ServerOptions{}
	}
	key, offers, err := checkRequest(r, opts)
	if err == nil {
		res, err = negotiate(r, offers, opts)
	}
	if err != nil {
		writeRefusal(w, err)
		return nil, nil, nil, err
	}
	c, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		err = refuse(http.StatusInternalServerError, fmt.Errorf("%w: %w", ErrNotHijackable, err))
		writeRefusal(w, err)
		return nil, nil, nil, err
	}
	if n := brw.Reader.Buffered(); n > 0 {
		buffered, _ := brw.Reader.Peek(n)
		leftover = bytes.Clone(buffered)
	}
	// net/http writes nothing after Hijack, so the 101 goes out in one write
	// under the deadlines the server set, which are then ours to clear.
	if _, err := c.Write(appendResponse(nil, key, res, opts.Header)); err != nil {
		c.Close()
		return nil, nil, nil, fmt.Errorf("handshake: write 101: %w", err)
	}
	if err := c.SetDeadline(time.Time{}); err != nil {
		c.Close()
		return nil, nil, nil, fmt.Errorf("handshake: clear deadlines: %w", err)
	}
	return c, leftover, res, nil
}

// ownedHeaders are the response headers Upgrade writes itself.
var ownedHeaders = map[string]bool{
	"Upgrade":                  true,
	"Connection":               true,
	"Sec-Websocket-Accept":     true,
	"Sec-Websocket-Protocol":   true,
	"Sec-Websocket-Extensions": true,
	"Sec-Websocket-Version":    true,
	"Content-Length":           true,
	"Transfer-Encoding":        true,
}

// appendResponse appends the 101 response of RFC 6455, Section 4.2.2,
// item 5.
func appendResponse(b []byte, key string, res *Result, extra http.Header) []byte {
	b = append(b, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "...)
	b = append(b, AcceptKey(key)...)
	b = append(b, "\r\n"...)
	if res.Subprotocol != "" {
		b = append(b, "Sec-WebSocket-Protocol: "...)
		b = append(b, res.Subprotocol...)
		b = append(b, "\r\n"...)
	}
	if len(res.Extensions) > 0 {
		b = append(b, "Sec-WebSocket-Extensions: "...)
		b = AppendExtensions(b, res.Extensions)
		b = append(b, "\r\n"...)
	}
	if len(extra) > 0 {
		// ownedHeaders only catches canonical keys; a map literal need not
		// use them.
		for k := range extra {
			if k != http.CanonicalHeaderKey(k) && ownedHeaders[http.CanonicalHeaderKey(k)] {
				extra = extra.Clone()
				for k := range extra {
					if ownedHeaders[http.CanonicalHeaderKey(k)] {
						delete(extra, k)
					}
				}
				break
			}
		}
		buf := bytes.NewBuffer(b)
		// WriteSubset sanitises newlines in values, so a header cannot
		// smuggle another line into the response.
		_ = extra.WriteSubset(buf, ownedHeaders)
		b = buf.Bytes()
	}
	return append(b, "\r\n"...)
}

// writeRefusal answers a refused request with its status and reason.
func writeRefusal(w http.ResponseWriter, err error) {
	var re *RequestError
	if !errors.As(err, &re) {
		re = refuse(http.StatusInternalServerError, err)
	}
	switch re.Status {
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", http.MethodGet)
	case http.StatusUpgradeRequired:
		w.Header().Set("Upgrade", "websocket")
		w.Header().Set("Sec-WebSocket-Version", "13")
	}
	http.Error(w, re.Err.Error(), re.Status)
}
