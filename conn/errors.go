package conn

import (
	"errors"
	"fmt"

	"github.com/hybi-go/websocket/frame"
)

// StatusCode is a close status code (RFC 6455, Section 7.4).
type StatusCode = frame.StatusCode

// Status codes from the IANA registry. 1005, 1006 and 1015 are reported,
// never sent.
const (
	StatusNormalClosure           = frame.StatusNormalClosure
	StatusGoingAway               = frame.StatusGoingAway
	StatusProtocolError           = frame.StatusProtocolError
	StatusUnsupportedData         = frame.StatusUnsupportedData
	StatusNoStatusReceived        = frame.StatusNoStatusReceived
	StatusAbnormalClosure         = frame.StatusAbnormalClosure
	StatusInvalidFramePayloadData = frame.StatusInvalidFramePayloadData
	StatusPolicyViolation         = frame.StatusPolicyViolation
	StatusMessageTooBig           = frame.StatusMessageTooBig
	StatusMandatoryExtension      = frame.StatusMandatoryExtension
	StatusInternalError           = frame.StatusInternalError
	StatusServiceRestart          = frame.StatusServiceRestart
	StatusTryAgainLater           = frame.StatusTryAgainLater
	StatusBadGateway              = frame.StatusBadGateway
	StatusTLSHandshake            = frame.StatusTLSHandshake
)

// Errors returned by Conn methods.
var (
	// ErrClosed: the connection is closed (by Close, CloseNow or an
	// earlier failure); the error that ended it is wrapped alongside.
	ErrClosed = errors.New("conn: connection closed")
	// ErrHeartbeatTimeout: the heartbeat saw nothing from the peer in time.
	ErrHeartbeatTimeout = errors.New("conn: heartbeat timeout: peer sent nothing")
	// ErrCloseTimeout: the peer did not answer our Close frame in time.
	ErrCloseTimeout = errors.New("conn: close handshake timed out")
	// ErrWriterClosed: Write on a message writer after its Close.
	ErrWriterClosed = errors.New("conn: message writer already closed")
	// ErrReaderDone: Read on a message reader after a newer message started.
	ErrReaderDone = errors.New("conn: message reader superseded by a newer one")
	// ErrMessageType: the message type is neither MessageText nor MessageBinary.
	ErrMessageType = errors.New("conn: invalid message type")
)

// CloseError is the Close frame the peer sent, as returned by the read
// methods once the peer has closed (errors.As). Code is
// StatusNoStatusReceived when the frame carried no code.
type CloseError struct {
	Code   StatusCode
	Reason string
}

func (e *CloseError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("conn: peer closed: %d (%v)", uint16(e.Code), e.Code)
	}
	return fmt.Sprintf("conn: peer closed: %d (%v): %s", uint16(e.Code), e.Code, e.Reason)
}

// FailError reports that this endpoint failed the connection because of Err
// (a protocol violation, an invalid message, a limit) and sent Code to the
// peer (RFC 6455, Section 7.1.7).
type FailError struct {
	Code StatusCode
	Err  error
}

func (e *FailError) Error() string {
	return fmt.Sprintf("conn: failed with %d (%v): %v", uint16(e.Code), e.Code, e.Err)
}

func (e *FailError) Unwrap() error { return e.Err }

// CloseStatus describes how a connection ended, like the browser's
// CloseEvent: the code and reason of the peer's Close frame (1005 when it
// had none, 1006 when none arrived) and whether the closing handshake
// completed.
type CloseStatus struct {
	Code     StatusCode
	Reason   string
	WasClean bool
}
