package frame

import (
	"encoding/binary"
	"io"
)

// MaxHeaderLen is the largest encoded header: 2 bytes, an 8-byte extended
// length and a 4-byte masking key.
const MaxHeaderLen = 14

// MaxControlPayload is the largest payload of a control frame
// (RFC 6455, Section 5.5).
const MaxControlPayload = 125

// The reserved bits of a header's Rsv field, named as in RFC 6455, Section 5.2.
const (
	Rsv1 byte = 1 << 2 // permessage-deflate's "compressed" bit (RFC 7692)
	Rsv2 byte = 1 << 1
	Rsv3 byte = 1 << 0
)

// Header is a decoded frame header.
type Header struct {
	Fin    bool   // final fragment of a message
	Rsv    byte   // the reserved bits: a combination of Rsv1, Rsv2 and Rsv3
	Opcode Opcode // frame type
	Masked bool   // a masking key follows the length
	Key    [4]byte
	Length int64 // payload length, never negative in a parsed header
}

// Len returns the number of bytes h takes on the wire.
func (h Header) Len() int {
	n := 2
	switch {
	case h.Length > 0xFFFF:
		n += 8
	case h.Length > 125:
		n += 2
	}
	if h.Masked {
		n += 4
	}
	return n
}

// Check reports the first rule of RFC 6455, Section 5.2 that h breaks among
// those that need no connection state: a reserved opcode, a control frame
// longer than 125 bytes, or a fragmented control frame. It does not look at
// the reserved bits or the mask bit; their rules depend on the connection.
func (h Header) Check() error {
	if h.Length < 0 {
		return ErrNegativeLength
	}
	// RFC 6455, Section 5.2: "If an unknown opcode is received, the receiving
	// endpoint MUST _Fail the WebSocket Connection_."
	if h.Opcode.IsReserved() {
		return ErrReservedOpcode
	}
	if h.Opcode.IsControl() {
		// RFC 6455, Section 5.5: "All control frames MUST have a payload length
		// of 125 bytes or less and MUST NOT be fragmented."
		if h.Length > MaxControlPayload {
			return ErrControlTooLong
		}
		if !h.Fin {
			return ErrControlFragmented
		}
	}
	return nil
}

// AppendHeader appends the wire form of h to dst, using the shortest length
// encoding (RFC 6455, Section 5.2: "the minimal number of bytes MUST be used
// to encode the length"). A negative Length is encoded as 0; callers that
// build headers from untrusted values should call Check first.
func AppendHeader(dst []byte, h Header) []byte {
	b0 := byte(h.Opcode&0xF) | (h.Rsv&7)<<4
	if h.Fin {
		b0 |= 0x80
	}
	var b1 byte
	if h.Masked {
		b1 = 0x80
	}
	n := h.Length
	if n < 0 {
		n = 0
	}
	switch {
	case n <= 125:
		dst = append(dst, b0, b1|byte(n))
	case n <= 0xFFFF:
		dst = append(dst, b0, b1|126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, b0, b1|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	if h.Masked {
		dst = append(dst, h.Key[:]...)
	}
	return dst
}

// HeaderLen returns the length of the header that starts with b, which must
// hold at least its first 2 bytes; with fewer it returns 2.
func HeaderLen(b []byte) int {
	if len(b) < 2 {
		return 2
	}
	n := 2
	switch b[1] & 0x7F {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b[1]&0x80 != 0 {
		n += 4
	}
	return n
}

// ParseHeader decodes the header at the start of b and returns it with the
// number of bytes it took. When b holds only part of a header it returns
// io.ErrUnexpectedEOF and 0; [HeaderLen] tells how many bytes are needed.
// A 64-bit length with its most significant bit set returns
// ErrLengthOverflow (RFC 6455, Section 5.2). ParseHeader applies no other
// rule; see [Header.Check].
func ParseHeader(b []byte) (Header, int, error) {
	n := HeaderLen(b)
	if len(b) < n {
		return Header{}, 0, io.ErrUnexpectedEOF
	}
	h := Header{
		Fin:    b[0]&0x80 != 0,
		Rsv:    b[0] >> 4 & 7,
		Opcode: Opcode(b[0] & 0xF),
		Masked: b[1]&0x80 != 0,
	}
	p := 2
	switch l := b[1] & 0x7F; l {
	case 126:
		h.Length = int64(binary.BigEndian.Uint16(b[2:]))
		p += 2
	case 127:
		u := binary.BigEndian.Uint64(b[2:])
		// RFC 6455, Section 5.2: "the most significant bit MUST be 0".
		if u>>63 != 0 {
			return Header{}, 0, ErrLengthOverflow
		}
		h.Length = int64(u)
		p += 8
	default:
		h.Length = int64(l)
	}
	if h.Masked {
		copy(h.Key[:], b[p:p+4])
	}
	return h, n, nil
}

// ReadHeader reads one header from r. It reads exactly the header's bytes and
// no more. A stream that ends before the first byte returns io.EOF; one that
// ends inside the header returns io.ErrUnexpectedEOF.
func ReadHeader(r io.Reader) (Header, error) {
	var buf [MaxHeaderLen]byte
	if _, err := io.ReadFull(r, buf[:2]); err != nil {
		return Header{}, err
	}
	n := HeaderLen(buf[:2])
	if _, err := io.ReadFull(r, buf[2:n]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return Header{}, err
	}
	h, _, err := ParseHeader(buf[:n])
	return h, err
}

// WriteHeader writes the wire form of h to w in one Write call.
func WriteHeader(w io.Writer, h Header) error {
	var buf [MaxHeaderLen]byte
	_, err := w.Write(AppendHeader(buf[:0], h))
	return err
}
