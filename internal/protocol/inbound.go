package protocol

import (
	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/utf8valid"
)

// Inbound judges received frames for one connection. Set the configuration
// fields before the first frame; the zero value of the rest is the state
// between messages.
type Inbound struct {
	Client      bool  // this endpoint is the client: server frames arrive unmasked
	Compression bool  // permessage-deflate was negotiated: RSV1 may mark a message
	ReadLimit   int64 // largest message in bytes after decompression; <= 0 means no limit
	MaxFrames   int   // most frames in one message; <= 0 means no limit
	inMessage   bool
	text        bool
	compressed  bool
	frames      int
	size        int64
	wire        int64 // compressed bytes received in this message
	utf8        utf8valid.Validator
}

// Header judges the header of the next frame. For a data frame it starts or
// continues a message; control frames leave the message state alone
// (RFC 6455, Section 5.4: control frames may be injected between fragments).
func (in *Inbound) Header(h frame.Header) error {
	if err := h.Check(); err != nil {
		return err
	}
	// RFC 6455, Section 5.1: a server MUST fail on an unmasked client frame and
	// a client MUST fail on a masked server frame.
	if in.Client && h.Masked {
		return ErrMaskedFrame
	}
	if !in.Client && !h.Masked {
		return ErrUnmaskedFrame
	}
	// RFC 6455, Section 5.2: non-zero reserved bits without a negotiated
	// meaning MUST fail the connection. RFC 7692, Section 6: RSV1 marks a
	// compressed message on its first frame only, never on control frames.
	rsv := h.Rsv
	if in.Compression && rsv == frame.Rsv1 && !h.Opcode.IsControl() && h.Opcode != frame.OpContinuation {
		rsv = 0
	}
	if rsv != 0 {
		return ErrReservedBits
	}
	if h.Opcode.IsControl() {
		return nil
	}
	// RFC 6455, Section 5.4: fragments of one message arrive in order, and no
	// other data message may start before its final fragment.
	if h.Opcode == frame.OpContinuation {
		if !in.inMessage {
			return ErrUnexpectedContinuation
		}
	} else {
		if in.inMessage {
			return ErrExpectedContinuation
		}
		in.inMessage = true
		in.text = h.Opcode == frame.OpText
		in.compressed = h.Rsv&frame.Rsv1 != 0
		in.frames = 0
		in.size = 0
		in.wire = 0
		in.utf8.Reset()
	}
	in.frames++
	if in.MaxFrames > 0 && in.frames > in.MaxFrames {
		return ErrTooManyFrames
	}
	// Refuse before reading a byte when the declared length alone breaks
	// the limit. Compressed data is counted as it inflates; its wire size
	// is bounded too, with room for deflate's worst-case expansion, so a
	// stream of empty blocks cannot go on forever.
	if in.ReadLimit > 0 {
		if !in.compressed && h.Length > in.ReadLimit-in.size {
			return ErrMessageTooBig
		}
		if in.compressed {
			in.wire += h.Length
			if in.wire > in.ReadLimit+in.ReadLimit/16+1024 || in.wire < 0 {
				return ErrMessageTooBig
			}
		}
	}
	return nil
}

// Compressed reports whether the current message is compressed.
func (in *Inbound) Compressed() bool { return in.compressed }

// Text reports whether the current message is a text message.
func (in *Inbound) Text() bool { return in.text }

// InMessage reports whether a data message has started and not ended.
func (in *Inbound) InMessage() bool { return in.inMessage }

// Data accounts for message bytes as the application will see them:
// unmasked, and inflated when the message is compressed. It enforces the
// read limit and, for text, validates UTF-8 as it goes, failing at the first
// chunk that cannot be the start of valid text (RFC 6455, Section 8.1).
func (in *Inbound) Data(p []byte) error {
	in.size += int64(len(p))
	if in.ReadLimit > 0 && in.size > in.ReadLimit {
		return ErrMessageTooBig
	}
	if in.text && !in.utf8.Write(p) {
		return ErrInvalidUTF8
	}
	return nil
}

// End marks the end of the message's bytes (the final frame's payload, or
// the end of the inflated stream) and checks that text ended on a whole
// character. The machine is then between messages.
func (in *Inbound) End() error {
	in.inMessage = false
	if in.text && !in.utf8.Done() {
		return ErrInvalidUTF8
	}
	return nil
}

// Close parses a received Close frame's payload; failures map to close codes
// through [CodeOf] (RFC 6455, Sections 5.5.1 and 7.4).
func (in *Inbound) Close(payload []byte) (frame.StatusCode, string, error) {
	return frame.ParseClose(payload)
}
