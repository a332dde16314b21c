package frame

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// StatusCode is a close status code (RFC 6455, Section 7.4). Names follow
// the IANA "WebSocket Close Code Number Registry".
type StatusCode uint16

// Registered status codes.
const (
	StatusNormalClosure           StatusCode = 1000
	StatusGoingAway               StatusCode = 1001
	StatusProtocolError           StatusCode = 1002
	StatusUnsupportedData         StatusCode = 1003
	StatusNoStatusReceived        StatusCode = 1005 // reported, never sent
	StatusAbnormalClosure         StatusCode = 1006 // reported, never sent
	StatusInvalidFramePayloadData StatusCode = 1007
	StatusPolicyViolation         StatusCode = 1008
	StatusMessageTooBig           StatusCode = 1009
	StatusMandatoryExtension      StatusCode = 1010
	StatusInternalError           StatusCode = 1011
	StatusServiceRestart          StatusCode = 1012
	StatusTryAgainLater           StatusCode = 1013
	StatusBadGateway              StatusCode = 1014
	StatusTLSHandshake            StatusCode = 1015 // reported, never sent
)

// MaxCloseReason is the longest close reason that fits in a control frame:
// 125 bytes less the 2-byte code.
const MaxCloseReason = MaxControlPayload - 2

// IsSendable reports whether c may appear in a Close frame on the wire
// (RFC 6455, Section 7.4.1 and 7.4.2, with the codes IANA registered since):
// 1000-1003, 1007-1014, and 3000-4999 (libraries, frameworks, applications).
// 1004, 1005, 1006 and 1015 are reserved and must never be sent; other codes
// below 3000 are unassigned.
func (c StatusCode) IsSendable() bool {
	switch {
	case c >= 1000 && c <= 1003, c >= 1007 && c <= 1014:
		return true
	case c >= 3000 && c <= 4999:
		return true
	}
	return false
}

// String returns the registry name of c, or its number.
func (c StatusCode) String() string {
	if s, ok := statusNames[c]; ok {
		return s
	}
	return "status(" + strconv.Itoa(int(c)) + ")"
}

var statusNames = map[StatusCode]string{
	StatusNormalClosure:           "normal closure",
	StatusGoingAway:               "going away",
	StatusProtocolError:           "protocol error",
	StatusUnsupportedData:         "unsupported data",
	StatusNoStatusReceived:        "no status received",
	StatusAbnormalClosure:         "abnormal closure",
	StatusInvalidFramePayloadData: "invalid frame payload data",
	StatusPolicyViolation:         "policy violation",
	StatusMessageTooBig:           "message too big",
	StatusMandatoryExtension:      "mandatory extension",
	StatusInternalError:           "internal error",
	StatusServiceRestart:          "service restart",
	StatusTryAgainLater:           "try again later",
	StatusBadGateway:              "bad gateway",
	StatusTLSHandshake:            "TLS handshake",
}

// ParseClose decodes the payload of a Close frame. An empty payload means
// the peer gave no code: ParseClose returns StatusNoStatusReceived and no
// error (RFC 6455, Section 7.1.5). A 1-byte payload returns ErrCloseTooShort,
// a code that may not be sent returns ErrInvalidCloseCode, and a reason that
// is not valid UTF-8 returns ErrInvalidCloseReason (Section 5.5.1). The
// reason is copied out of p.
func ParseClose(p []byte) (StatusCode, string, error) {
	switch len(p) {
	case 0:
		return StatusNoStatusReceived, "", nil
	case 1:
		return 0, "", ErrCloseTooShort
	}
	code := StatusCode(binary.BigEndian.Uint16(p))
	if !code.IsSendable() {
		return code, "", ErrInvalidCloseCode
	}
	// RFC 6455, Section 5.5.1: the body after the code is UTF-8 encoded data.
	if !utf8.Valid(p[2:]) {
		return code, "", ErrInvalidCloseReason
	}
	return code, string(p[2:]), nil
}

// AppendClose appends the payload of a Close frame with code and reason to
// dst. StatusNoStatusReceived with an empty reason gives the empty payload.
// Any other code must be sendable ([StatusCode.IsSendable]), and the reason
// must be valid UTF-8 of at most MaxCloseReason bytes; otherwise AppendClose
// returns dst unchanged and an error.
func AppendClose(dst []byte, code StatusCode, reason string) ([]byte, error) {
	if code == StatusNoStatusReceived && reason == "" {
		return dst, nil
	}
	if !code.IsSendable() {
		return dst, ErrInvalidCloseCode
	}
	if len(reason) > MaxCloseReason {
		return dst, ErrCloseReasonTooLong
	}
	if !utf8.ValidString(reason) {
		return dst, ErrInvalidCloseReason
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(code))
	return append(dst, reason...), nil
}
