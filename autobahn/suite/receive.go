package suite

import (
	"errors"
	"unicode/utf8"

	"github.com/hybi-go/websocket/frame"
)

// onFrame applies the official suite's checks to a frame from the peer and
// dispatches it. The lock is held.
func (p *Peer) onFrame(h frame.Header, raw, payload []byte) {
	if p.state == stateClosed || p.remoteClosed {
		return
	}
	p.rxFrames[int(h.Opcode)]++
	if p.wirelogOn {
		var key any
		if h.Masked {
			key = hexString(h.Key[:])
		}
		p.wirelog = append(p.wirelog, []any{"RF", logData(payload), int(h.Opcode), h.Fin, int(h.Rsv), h.Masked, key})
	}
	if p.failedByMe && h.Opcode != frame.OpClose {
		return
	}
	if reason := p.violation(h, raw); reason != "" {
		p.protocolViolation(reason)
		return
	}
	switch h.Opcode {
	case frame.OpClose:
		p.onClose(payload)
	case frame.OpPing:
		if p.state == stateOpen {
			p.Frame(frame.OpPong, payload)
		}
	case frame.OpPong:
		p.deliver(Pong(payload))
	default:
		p.onData(h, payload)
	}
}

// violation returns why h breaks a rule a receiver must enforce, or "".
func (p *Peer) violation(h frame.Header, raw []byte) string {
	switch {
	case h.Rsv != 0 && p.deflate == nil:
		return "RSV bits set but no extension negotiated"
	// RFC 7692, Section 6: permessage-deflate gives meaning to RSV1 on the
	// first frame of a data message, and to nothing else.
	case h.Rsv&^rsv1 != 0:
		return "RSV2 or RSV3 set, which permessage-deflate does not use"
	case h.Rsv != 0 && (h.Opcode.IsControl() || h.Opcode == frame.OpContinuation):
		return "RSV1 set on a control or continuation frame"
	case h.Opcode.IsReserved():
		return "reserved opcode " + h.Opcode.String()
	case p.isServer && !h.Masked:
		return "unmasked client-to-server frame"
	case !p.isServer && h.Masked:
		return "masked server-to-client frame"
	case h.Opcode.IsControl() && !h.Fin:
		return "fragmented control frame"
	case h.Opcode.IsControl() && h.Length > frame.MaxControlPayload:
		return "control frame payload longer than 125 octets"
	case raw[1]&0x7f == 126 && h.Length < 126, raw[1]&0x7f == 127 && h.Length < 1<<16:
		return "payload length not encoded in the minimal number of octets"
	case h.Opcode == frame.OpContinuation && !p.inMessage:
		return "continuation frame outside a fragmented message"
	case h.Opcode.IsData() && h.Opcode != frame.OpContinuation && p.inMessage:
		return "new data frame inside a fragmented message"
	}
	return ""
}

func (p *Peer) onData(h frame.Header, payload []byte) {
	if h.Opcode != frame.OpContinuation {
		p.inMessage, p.msgOp, p.msg, p.utf8Checked = true, h.Opcode, nil, 0
		p.msgCompressed = h.Rsv&rsv1 != 0
	}
	if int64(len(p.msg))+int64(len(payload)) > p.limit {
		p.failConnection(int(frame.StatusMessageTooBig), "message larger than the fuzzer's limit")
		return
	}
	p.msg = append(p.msg, payload...)
	if p.msgCompressed {
		if h.Fin {
			p.onCompressed()
		}
		return
	}
	if p.msgOp == frame.OpText {
		n, ok := validPrefix(p.msg, p.utf8Checked, h.Fin)
		if !ok {
			p.invalidPayload("text message is not valid UTF-8")
			return
		}
		p.utf8Checked = n
	}
	if h.Fin {
		msg := p.msg
		p.inMessage, p.msg = false, nil
		p.deliver(Message(msg, p.msgOp == frame.OpBinary))
	}
}

// onCompressed inflates a whole compressed message and delivers it; its
// text is checked once inflated.
func (p *Peer) onCompressed() {
	msg, err := p.deflate.in.decompress(p.msg, p.limit)
	p.inMessage, p.msg = false, nil
	switch {
	case errors.Is(err, errInflatedTooBig):
		p.failConnection(int(frame.StatusMessageTooBig), "inflated message larger than the fuzzer's limit")
	case err != nil:
		p.invalidPayload("compressed message does not inflate: " + err.Error())
	case p.msgOp == frame.OpText && !utf8.Valid(msg):
		p.invalidPayload("text message is not valid UTF-8")
	default:
		p.deliver(Message(msg, p.msgOp == frame.OpBinary))
	}
}

func (p *Peer) onClose(payload []byte) {
	code, reason, err := frame.ParseClose(payload)
	if err != nil {
		if errors.Is(err, frame.ErrInvalidCloseReason) {
			// The official suite records a valid code before it looks at
			// the reason, so a wrong code still counts.
			if c, _, err := frame.ParseClose(payload[:2]); err == nil {
				p.remoteCode = int(c)
			}
			p.invalidPayload("close reason is not valid UTF-8")
		} else {
			p.protocolViolation("invalid close payload: " + err.Error())
		}
		return
	}
	p.remoteClosed = true
	if code != frame.StatusNoStatusReceived {
		p.remoteCode = int(code)
	}
	if len(payload) > 2 {
		p.remoteReason = &reason
	}
	if p.closeTimer != nil {
		p.closeTimer.Stop()
	}
	p.wasClean = true
	switch p.state {
	case stateClosing:
		if p.isServer {
			p.dropLocked(true)
			return
		}
	case stateOpen:
		p.sendCloseFrame(int(frame.StatusNormalClosure), nil, true)
		if p.isServer {
			return // the client closes TCP; KillAfter bounds the wait
		}
	}
	// RFC 6455, Section 7.1.1: the server closes TCP first; a client waits.
	p.afterFunc(serverDropTimeout, func() {
		p.wasServerDropTimeout = true
		if p.state != stateClosed {
			p.wasClean = false
			p.wasNotCleanReason = "server did not drop TCP connection (in time)"
			p.dropLocked(true)
		}
	})
}

// deliver hands an event to the case: by default it is recorded, and once
// it matches every expected outcome the fuzzer starts the close.
func (p *Peer) deliver(ev Event) {
	if ev.Kind == EventMessage && p.c.OnMessage != nil {
		p.c.OnMessage(p, ev)
		return
	}
	p.received = append(p.received, ev)
	for _, o := range p.expected {
		if !eventsEqual(p.received, o.Events) {
			return
		}
	}
	if p.expectedClose.ClosedByMe && !p.c.SuppressClose {
		p.SendClose(int(frame.StatusNormalClosure))
	}
}

// validPrefix validates b[from:], where b[:from] is known valid and ends on
// a code point boundary. It returns the new boundary and whether b can still
// be (final: is) valid UTF-8, so invalid text fails on the frame that
// breaks it rather than at the end of the message.
func validPrefix(b []byte, from int, final bool) (int, bool) {
	i := from
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if !final && incompleteButValid(b[i:]) {
				return i, true
			}
			return i, false
		}
		i += n
	}
	return i, true
}

// incompleteButValid reports whether t (at most 3 bytes) is the start of a
// valid UTF-8 sequence cut short.
func incompleteButValid(t []byte) bool {
	if len(t) == 0 || len(t) > 3 {
		return false
	}
	var need int
	lo, hi := byte(0x80), byte(0xbf)
	switch c := t[0]; {
	case c >= 0xc2 && c <= 0xdf:
		need = 2
	case c == 0xe0:
		need, lo = 3, 0xa0
	case c == 0xed:
		need, hi = 3, 0x9f
	case c >= 0xe1 && c <= 0xef:
		need = 3
	case c == 0xf0:
		need, lo = 4, 0x90
	case c >= 0xf1 && c <= 0xf3:
		need = 4
	case c == 0xf4:
		need, hi = 4, 0x8f
	default:
		return false
	}
	if len(t) >= need {
		return false
	}
	for k := 1; k < len(t); k++ {
		if k == 1 && (t[k] < lo || t[k] > hi) || k > 1 && (t[k] < 0x80 || t[k] > 0xbf) {
			return false
		}
	}
	return true
}
