package frame

import "strconv"

// Opcode is the 4-bit frame type of RFC 6455, Section 5.2.
type Opcode byte

// The opcodes defined by RFC 6455, Section 11.8.
const (
	OpContinuation Opcode = 0x0
	OpText         Opcode = 0x1
	OpBinary       Opcode = 0x2
	OpClose        Opcode = 0x8
	OpPing         Opcode = 0x9
	OpPong         Opcode = 0xA
)

// IsControl reports whether op is a control opcode (Close, Ping, Pong or a
// reserved control opcode): those with the most significant bit set
// (RFC 6455, Section 5.5).
func (op Opcode) IsControl() bool { return op&0x8 != 0 }

// IsData reports whether op carries message data: Continuation, Text or Binary.
func (op Opcode) IsData() bool { return op <= OpBinary }

// IsReserved reports whether op is one of the opcodes RFC 6455 reserves for
// future use (0x3-0x7 and 0xB-0xF), or not a 4-bit value at all.
func (op Opcode) IsReserved() bool {
	switch op {
	case OpContinuation, OpText, OpBinary, OpClose, OpPing, OpPong:
		return false
	}
	return true
}

// String returns the opcode's name, or its number for a reserved opcode.
func (op Opcode) String() string {
	switch op {
	case OpContinuation:
		return "continuation"
	case OpText:
		return "text"
	case OpBinary:
		return "binary"
	case OpClose:
		return "close"
	case OpPing:
		return "ping"
	case OpPong:
		return "pong"
	}
	return "opcode(" + strconv.Itoa(int(op)) + ")"
}
