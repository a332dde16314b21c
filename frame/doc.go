// Package frame encodes and decodes WebSocket frames (RFC 6455, Section 5).
//
// # Headers
//
// A frame starts with a header of 2 to 14 bytes: the FIN bit, three reserved
// bits, the opcode, the mask bit, a 7-, 16- or 64-bit payload length and an
// optional 4-byte masking key. [ParseHeader] decodes one from a byte slice
// (it reports how many bytes it used, or [io.ErrUnexpectedEOF] when the slice
// is too short), [ReadHeader] from an [io.Reader], and [AppendHeader] encodes
// one with the shortest length encoding, as the RFC requires.
//
//	h, n, err := frame.ParseHeader(buf)
//	if err != nil { ... }
//	if err := h.Check(); err != nil { ... } // reserved opcode, control frame rules
//	payload := buf[n : n+int(h.Length)]
//
// # Rules checked here
//
// Everything of Section 5.2 that needs no connection state: a reserved opcode
// ([ErrReservedOpcode]), a control frame longer than 125 bytes
// ([ErrControlTooLong]) or fragmented ([ErrControlFragmented]), and a 64-bit
// length with its most significant bit set ([ErrLengthOverflow]), which is
// always an error here, never a negative length. Rules that depend on the
// connection (which side must mask, which reserved bits an extension allows,
// the order of fragments) belong to the caller.
//
// # Close payloads
//
// A Close frame's payload is empty or a 2-byte status code followed by a UTF-8
// reason (Section 5.5.1). [ParseClose] decodes one and rejects codes that may
// not appear on the wire (Section 7.4) and reasons that are not valid UTF-8;
// [AppendClose] encodes one and refuses what a peer would reject.
//
// # Whole frames
//
// [ReadFrame], [WriteFrame] and [AppendFrame] handle a header and its payload
// together, masking and unmasking as the header says. They suit tools and
// tests; package conn parses straight from its own buffers instead.
package frame
