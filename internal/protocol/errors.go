package protocol

import (
	"errors"

	"github.com/hybi-go/websocket/frame"
)

// Inbound failures detected with connection state. Each maps to a close
// code through [CodeOf].
var (
	ErrUnmaskedFrame          = errors.New("protocol: client frame is not masked")
	ErrMaskedFrame            = errors.New("protocol: server frame is masked")
	ErrReservedBits           = errors.New("protocol: reserved bits set without a negotiated extension")
	ErrUnexpectedContinuation = errors.New("protocol: continuation frame outside a fragmented message")
	ErrExpectedContinuation   = errors.New("protocol: new data frame inside a fragmented message")
	ErrInvalidUTF8            = errors.New("protocol: text message is not valid UTF-8")
	ErrMessageTooBig          = errors.New("protocol: message exceeds the read limit")
	ErrTooManyFrames          = errors.New("protocol: message has too many frames")
	ErrBadCompressedData      = errors.New("protocol: invalid compressed data")
)

// Outbound misuse.
var (
	ErrMessageInProgress = errors.New("protocol: a fragmented message is in progress")
	ErrCloseSent         = errors.New("protocol: close frame already sent")
)

// codes is the one table from failure to the close code we send
// (RFC 6455, Section 7.4.1). Anything not listed is an internal error.
var codes = []struct {
	err  error
	code frame.StatusCode
}{
	{frame.ErrReservedOpcode, frame.StatusProtocolError},
	{frame.ErrControlTooLong, frame.StatusProtocolError},
	{frame.ErrControlFragmented, frame.StatusProtocolError},
	{frame.ErrLengthOverflow, frame.StatusProtocolError},
	{frame.ErrNegativeLength, frame.StatusProtocolError},
	{frame.ErrCloseTooShort, frame.StatusProtocolError},
	{frame.ErrInvalidCloseCode, frame.StatusProtocolError},
	{frame.ErrInvalidCloseReason, frame.StatusInvalidFramePayloadData},
	{ErrUnmaskedFrame, frame.StatusProtocolError},
	{ErrMaskedFrame, frame.StatusProtocolError},
	{ErrReservedBits, frame.StatusProtocolError},
	{ErrUnexpectedContinuation, frame.StatusProtocolError},
	{ErrExpectedContinuation, frame.StatusProtocolError},
	// RFC 6455, Section 8.1: invalid UTF-8 in a text message fails the connection with 1007.
	{ErrInvalidUTF8, frame.StatusInvalidFramePayloadData},
	// RFC 6455, Section 7.4.1: 1009 for a message too big to process.
	{ErrMessageTooBig, frame.StatusMessageTooBig},
	{ErrTooManyFrames, frame.StatusMessageTooBig},
	// RFC 7692, Section 8.2.3.2 leaves the code to us; the data is invalid payload data.
	{ErrBadCompressedData, frame.StatusInvalidFramePayloadData},
}

// CodeOf returns the close code to send for a failure detected on a
// connection: the code of the first error in err's tree found in the table,
// StatusInternalError (1011) for anything else.
func CodeOf(err error) frame.StatusCode {
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return frame.StatusInternalError
}

// Errors lists every error the table knows, for tests and audits.
func Errors() []error {
	out := make([]error, len(codes))
	for i, c := range codes {
		out[i] = c.err
	}
	return out
}
