package protocol

import "github.com/hybi-go/websocket/frame"

// Outbound orders the frames one endpoint sends: the fragments of one data
// message at a time, and nothing after a Close frame. The zero value is the
// state of a new connection.
type Outbound struct {
	op        frame.Opcode // opcode of the message in progress; OpContinuation when none
	inMessage bool
	closeSent bool
}

// DataFrame returns the opcode for the next data frame of a message of type
// op (OpText or OpBinary) and records whether it ends the message: the
// message's own opcode first, then OpContinuation (RFC 6455, Section 5.4).
// A frame of another type while a message is in progress, or any data frame
// after Close, is an error.
func (o *Outbound) DataFrame(op frame.Opcode, fin bool) (frame.Opcode, error) {
	// RFC 6455, Section 5.5.1: after sending a Close frame, the endpoint MUST
	// NOT send any more data frames.
	if o.closeSent {
		return 0, ErrCloseSent
	}
	wire := op
	if o.inMessage {
		if op != o.op {
			return 0, ErrMessageInProgress
		}
		wire = frame.OpContinuation
	}
	o.op, o.inMessage = op, !fin
	return wire, nil
}

// ControlFrame checks that a control frame may be sent now: anything before
// Close, and nothing after it. Sending Close moves the machine to its end.
func (o *Outbound) ControlFrame(op frame.Opcode) error {
	if o.closeSent {
		return ErrCloseSent
	}
	if op == frame.OpClose {
		o.closeSent = true
	}
	return nil
}

// InMessage reports whether a fragmented message is in progress.
func (o *Outbound) InMessage() bool { return o.inMessage }

// CloseSent reports whether a Close frame has been sent.
func (o *Outbound) CloseSent() bool { return o.closeSent }
