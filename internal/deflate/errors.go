package deflate

import "errors"

// Errors returned by the codec and by negotiation. Callers compare them with
// errors.Is; the text is part of the API.
var (
	// ErrTooLarge reports that a message inflates to more than the limit
	// given to [Decompressor.Reader] or [Decompressor.AppendMessage]. The
	// connection should close with status 1009 (message too big).
	ErrTooLarge = errors.New("deflate: message too large")

	// ErrCorrupt reports compressed data that is not a valid DEFLATE
	// stream, or that refers to bytes before the start of the shared window.
	// The connection should close with status 1007 (invalid payload data).
	ErrCorrupt = errors.New("deflate: corrupt data")

	// ErrClosed is returned by the writer of a message after its Close.
	ErrClosed = errors.New("deflate: message writer closed")

	// ErrInvalidResponse reports a server's permessage-deflate response that
	// the client must reject (RFC 7692, Section 5). The client fails the
	// WebSocket connection.
	ErrInvalidResponse = errors.New("deflate: invalid extension response")
)
