package handshake

import (
	"errors"
	"fmt"
)

// Errors for a refused upgrade request, returned by CheckRequest and Upgrade
// wrapped in a *RequestError that carries the HTTP status.
var (
	ErrBadMethod     = errors.New("handshake: method is not GET")
	ErrBadProtocol   = errors.New("handshake: HTTP version older than 1.1")
	ErrBadHost       = errors.New("handshake: missing Host")
	ErrBadUpgrade    = errors.New(`handshake: Upgrade header lacks "websocket"`)
	ErrBadConnection = errors.New(`handshake: Connection header lacks "Upgrade"`)
	ErrBadKey        = errors.New("handshake: Sec-WebSocket-Key is not one base64 value of 16 bytes")
	ErrBadVersion    = errors.New("handshake: Sec-WebSocket-Version is not 13")
	ErrBadOrigin     = errors.New("handshake: Origin not allowed")
	ErrBadExtensions = errors.New("handshake: invalid Sec-WebSocket-Extensions")
	ErrNegotiation   = errors.New("handshake: extension negotiation refused the request")
	ErrNotHijackable = errors.New("handshake: response writer cannot be hijacked")
)

// Errors for a refused server response, returned by CheckResponse and Dial,
// and for a request Dial cannot make (ErrBadScheme, ErrBadURL, ErrBadOffer).
var (
	ErrBadScheme      = errors.New("handshake: URL scheme is not ws, wss, http or https")
	ErrBadURL         = errors.New("handshake: URL has no host")
	ErrBadOffer       = errors.New("handshake: subprotocols offered are not distinct non-empty tokens")
	ErrBadStatus      = errors.New("handshake: response status is not 101 Switching Protocols")
	ErrBadAccept      = errors.New("handshake: Sec-WebSocket-Accept does not match the key")
	ErrBadSubprotocol = errors.New("handshake: server chose a subprotocol that was not offered")
	ErrBadExtension   = errors.New("handshake: server accepted an extension that was not offered")
	ErrNotUpgraded    = errors.New("handshake: response body is not a read-write connection")
)

// RequestError reports why the server refused an upgrade request and which
// HTTP status it answered with (or, from CheckRequest, would answer with).
// Err is one of the ErrBadXxx sentinels, possibly wrapped with detail, so
// errors.Is(err, ErrBadOrigin) works through a *RequestError.
type RequestError struct {
	Status int   // HTTP status code: 400, 403, 405, 426 or 500
	Err    error // the reason
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("%v (HTTP %d)", e.Err, e.Status)
}

// Unwrap returns e.Err.
func (e *RequestError) Unwrap() error { return e.Err }
