package protocol_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/protocol"
)

// Every failure maps to the close code RFC 6455 Section 7.4.1 names, also
// when wrapped, and anything unknown is an internal error.
func TestCodeOf(t *testing.T) {
	want := map[error]frame.StatusCode{
		protocol.ErrInvalidUTF8:       1007,
		frame.ErrInvalidCloseReason:   1007,
		protocol.ErrBadCompressedData: 1007,
		protocol.ErrMessageTooBig:     1009,
		protocol.ErrTooManyFrames:     1009,
	}
	for _, err := range protocol.Errors() {
		code := protocol.CodeOf(fmt.Errorf("wrapped: %w", err))
		if w, ok := want[err]; ok {
			assert.Equal(t, w, code, "%v", err)
		} else {
			assert.Equal(t, frame.StatusProtocolError, code, "%v", err)
		}
		assert.True(t, code.IsSendable(), "%v maps to unsendable %d", err, code)
	}
	assert.Equal(t, frame.StatusInternalError, protocol.CodeOf(errors.New("disk on fire")))
	// Every error the inbound machine and the frame codec produce is in the table.
	for _, err := range []error{
		frame.ErrReservedOpcode, frame.ErrControlTooLong, frame.ErrControlFragmented, frame.ErrLengthOverflow,
		frame.ErrNegativeLength, frame.ErrCloseTooShort, frame.ErrInvalidCloseCode, frame.ErrInvalidCloseReason,
		protocol.ErrUnmaskedFrame, protocol.ErrMaskedFrame, protocol.ErrReservedBits, protocol.ErrUnexpectedContinuation,
		protocol.ErrExpectedContinuation, protocol.ErrInvalidUTF8, protocol.ErrMessageTooBig, protocol.ErrTooManyFrames,
		protocol.ErrBadCompressedData,
	} {
		assert.Contains(t, protocol.Errors(), err)
	}
}

func hdr(fin bool, op frame.Opcode, n int64) frame.Header {
	return frame.Header{Fin: fin, Opcode: op, Masked: true, Length: n}
}

func TestInboundSequence(t *testing.T) {
	in := protocol.Inbound{ReadLimit: 10, MaxFrames: 3}
	require.NoError(t, in.Header(hdr(false, frame.OpText, 2)))
	require.NoError(t, in.Data([]byte("ab")))
	// A ping in the middle leaves the message alone.
	require.NoError(t, in.Header(hdr(true, frame.OpPing, 0)))
	assert.True(t, in.InMessage())
	require.ErrorIs(t, in.Header(hdr(true, frame.OpBinary, 1)), protocol.ErrExpectedContinuation)

	in = protocol.Inbound{ReadLimit: 10, MaxFrames: 3}
	require.NoError(t, in.Header(hdr(false, frame.OpText, 2)))
	require.NoError(t, in.Header(hdr(false, frame.OpContinuation, 2)))
	require.NoError(t, in.Header(hdr(true, frame.OpContinuation, 2)))
	require.NoError(t, in.End())
	assert.False(t, in.InMessage())
	require.ErrorIs(t, in.Header(hdr(true, frame.OpContinuation, 1)), protocol.ErrUnexpectedContinuation)

	in = protocol.Inbound{MaxFrames: 2}
	require.NoError(t, in.Header(hdr(false, frame.OpBinary, 0)))
	require.NoError(t, in.Header(hdr(false, frame.OpContinuation, 0)))
	require.ErrorIs(t, in.Header(hdr(false, frame.OpContinuation, 0)), protocol.ErrTooManyFrames)
}

func TestInboundLimit(t *testing.T) {
	in := protocol.Inbound{ReadLimit: 10}
	require.ErrorIs(t, in.Header(hdr(true, frame.OpBinary, 11)), protocol.ErrMessageTooBig)
	in = protocol.Inbound{ReadLimit: 10}
	require.NoError(t, in.Header(hdr(false, frame.OpBinary, 6)))
	require.NoError(t, in.Data(make([]byte, 6)))
	require.ErrorIs(t, in.Header(hdr(true, frame.OpContinuation, 5)), protocol.ErrMessageTooBig)
	// Compressed data counts as it inflates.
	in = protocol.Inbound{ReadLimit: 10, Compression: true}
	h := hdr(true, frame.OpBinary, 3)
	h.Rsv = frame.Rsv1
	require.NoError(t, in.Header(h))
	assert.True(t, in.Compressed())
	require.NoError(t, in.Data(make([]byte, 10)))
	require.ErrorIs(t, in.Data(make([]byte, 1)), protocol.ErrMessageTooBig)
	// No limit.
	in = protocol.Inbound{}
	require.NoError(t, in.Header(hdr(true, frame.OpBinary, 1<<62)))
}

func TestInboundMaskingAndReservedBits(t *testing.T) {
	server := protocol.Inbound{}
	require.ErrorIs(t, server.Header(frame.Header{Fin: true, Opcode: frame.OpText}), protocol.ErrUnmaskedFrame)
	client := protocol.Inbound{Client: true}
	require.ErrorIs(t, client.Header(hdr(true, frame.OpText, 0)), protocol.ErrMaskedFrame)

	for _, tc := range []struct {
		compression bool
		h           frame.Header
		err         error
	}{
		{false, frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpText, Masked: true}, protocol.ErrReservedBits},
		{true, frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpText, Masked: true}, nil},
		{true, frame.Header{Fin: true, Rsv: frame.Rsv1 | frame.Rsv2, Opcode: frame.OpText, Masked: true}, protocol.ErrReservedBits},
		{true, frame.Header{Fin: true, Rsv: frame.Rsv1, Opcode: frame.OpPing, Masked: true}, protocol.ErrReservedBits},
		{true, frame.Header{Fin: true, Rsv: frame.Rsv3, Opcode: frame.OpBinary, Masked: true}, protocol.ErrReservedBits},
	} {
		in := protocol.Inbound{Compression: tc.compression}
		err := in.Header(tc.h)
		if tc.err == nil {
			assert.NoError(t, err)
		} else {
			assert.ErrorIs(t, err, tc.err)
		}
	}
	// RSV1 on a continuation frame is an error even with compression.
	in := protocol.Inbound{Compression: true}
	h := hdr(false, frame.OpText, 0)
	h.Rsv = frame.Rsv1
	require.NoError(t, in.Header(h))
	c := hdr(true, frame.OpContinuation, 0)
	c.Rsv = frame.Rsv1
	require.ErrorIs(t, in.Header(c), protocol.ErrReservedBits)
}

func TestInboundUTF8(t *testing.T) {
	in := protocol.Inbound{}
	require.NoError(t, in.Header(hdr(false, frame.OpText, 2)))
	require.NoError(t, in.Data([]byte{0xe2, 0x82})) // a character split across frames
	require.NoError(t, in.Header(hdr(true, frame.OpContinuation, 1)))
	require.NoError(t, in.Data([]byte{0xac}))
	require.NoError(t, in.End())

	require.NoError(t, in.Header(hdr(true, frame.OpText, 2)))
	require.NoError(t, in.Data([]byte{0xe2, 0x82}))
	require.ErrorIs(t, in.End(), protocol.ErrInvalidUTF8)

	in = protocol.Inbound{}
	require.NoError(t, in.Header(hdr(false, frame.OpText, 2)))
	require.ErrorIs(t, in.Data([]byte{'a', 0xff}), protocol.ErrInvalidUTF8)

	in = protocol.Inbound{}
	require.NoError(t, in.Header(hdr(true, frame.OpBinary, 1)))
	require.NoError(t, in.Data([]byte{0xff}))
	require.NoError(t, in.End())
}

func TestOutbound(t *testing.T) {
	var out protocol.Outbound
	op, err := out.DataFrame(frame.OpText, false)
	require.NoError(t, err)
	assert.Equal(t, frame.OpText, op)
	require.NoError(t, out.ControlFrame(frame.OpPing))
	_, err = out.DataFrame(frame.OpBinary, true)
	require.ErrorIs(t, err, protocol.ErrMessageInProgress)
	op, err = out.DataFrame(frame.OpText, true)
	require.NoError(t, err)
	assert.Equal(t, frame.OpContinuation, op)
	assert.False(t, out.InMessage())
	require.NoError(t, out.ControlFrame(frame.OpClose))
	assert.True(t, out.CloseSent())
	_, err = out.DataFrame(frame.OpBinary, true)
	require.ErrorIs(t, err, protocol.ErrCloseSent)
	require.ErrorIs(t, out.ControlFrame(frame.OpPong), protocol.ErrCloseSent)
}

func TestCloseParse(t *testing.T) {
	var in protocol.Inbound
	code, reason, err := in.Close([]byte{0x03, 0xe8, 'o', 'k'})
	require.NoError(t, err)
	assert.Equal(t, frame.StatusNormalClosure, code)
	assert.Equal(t, "ok", reason)
	_, _, err = in.Close([]byte{0x03})
	assert.Equal(t, frame.StatusProtocolError, protocol.CodeOf(err))
}

// FuzzInbound drives the machine with arbitrary header sequences: it never
// panics, and a message it accepts never exceeds the limit.
func FuzzInbound(f *testing.F) {
	f.Add([]byte{0x01, 0x80, 0x89, 0x00, 0x80, 0x05})
	f.Fuzz(func(t *testing.T, b []byte) {
		in := protocol.Inbound{ReadLimit: 100, MaxFrames: 4, Compression: len(b)%2 == 0}
		for len(b) >= 2 {
			h := frame.Header{Fin: b[0]&0x80 != 0, Rsv: b[0] >> 4 & 7, Opcode: frame.Opcode(b[0] & 0xF), Masked: true, Length: int64(b[1])}
			b = b[2:]
			if err := in.Header(h); err != nil {
				if protocol.CodeOf(err) == frame.StatusInternalError {
					t.Fatalf("unmapped error %v", err)
				}
				return
			}
			if !h.Opcode.IsControl() {
				if err := in.Data(make([]byte, h.Length)); err != nil {
					return
				}
				if h.Fin {
					_ = in.End()
				}
			}
		}
	})
}

// A compressed message's wire size is bounded too: inflating nothing from
// an endless stream of bytes still ends.
func TestInboundCompressedWireLimit(t *testing.T) {
	in := protocol.Inbound{ReadLimit: 1 << 16, Compression: true}
	h := hdr(false, frame.OpBinary, 1<<16)
	h.Rsv = frame.Rsv1
	require.NoError(t, in.Header(h))
	require.NoError(t, in.Header(hdr(false, frame.OpContinuation, 1<<12)))
	require.ErrorIs(t, in.Header(hdr(false, frame.OpContinuation, 1<<12)), protocol.ErrMessageTooBig)
}
