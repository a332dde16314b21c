package frame

import "errors"

// Errors returned for frames that break RFC 6455 rules needing no connection state.
var (
	ErrReservedOpcode    = errors.New("frame: reserved opcode")
	ErrControlTooLong    = errors.New("frame: control frame payload longer than 125 bytes")
	ErrControlFragmented = errors.New("frame: fragmented control frame")
	ErrLengthOverflow    = errors.New("frame: payload length has its most significant bit set")
	ErrNegativeLength    = errors.New("frame: negative payload length")
	ErrTooLarge          = errors.New("frame: payload larger than the limit")
)

// Errors returned for close payloads (RFC 6455, Sections 5.5.1 and 7.4).
var (
	ErrCloseTooShort      = errors.New("frame: close payload of 1 byte")
	ErrInvalidCloseCode   = errors.New("frame: close code not allowed on the wire")
	ErrInvalidCloseReason = errors.New("frame: close reason is not valid UTF-8")
	ErrCloseReasonTooLong = errors.New("frame: close reason longer than 123 bytes")
)
