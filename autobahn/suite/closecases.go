package suite

import (
	"fmt"

	"github.com/hybi-go/websocket/frame"
)

// closeCases: group 7, the closing handshake.
func closeCases() []*Case {
	const normal = int(frame.StatusNormalClosure)
	helloWorld := []byte("Hello World!")
	closing := func(id, desc, expect string, e CloseExpectation, open func(p *Peer)) *Case {
		return &Case{
			ID: id, Description: desc, Expectation: expect, SuppressClose: true, Judge: failOnWrongCode,
			Open: func(p *Peer) {
				p.Expect(VerdictOK)
				p.ExpectClose(e)
				open(p)
				p.KillAfter(1)
			},
		}
	}
	protocolError := CloseExpectation{ClosedByMe: true, Codes: []frame.StatusCode{frame.StatusProtocolError}}
	const ignored = "Clean close with normal code; what follows our Close frame is ignored."
	cs := []*Case{
		{
			ID: "7.1.1", Description: "Send a text message, then (once it is echoed) a Close frame.",
			Expectation: "Receive the echoed message. Clean close with normal code.",
			Open: func(p *Peer) {
				p.Expect(VerdictOK, Message(helloWorld, false))
				p.ExpectClose(closeNormal())
				p.Frame(frame.OpText, helloWorld)
				p.KillAfter(1)
			},
		},
		closing("7.1.2", "Send two Close frames.", ignored, closeNormal(), func(p *Peer) {
			p.SendClose(normal)
			p.Frame(frame.OpClose, nil)
		}),
		closing("7.1.3", "Send a ping after a Close frame.", ignored, closeNormal(), func(p *Peer) {
			p.SendClose(normal)
			p.Frame(frame.OpPing, nil)
		}),
		closing("7.1.4", "Send a text message after a Close frame.", ignored, closeNormal(), func(p *Peer) {
			p.SendClose(normal)
			p.Frame(frame.OpText, helloWorld)
		}),
		closing("7.1.5", "Send the first fragment of a message, a Close frame, then the last fragment.", ignored, closeNormal(), func(p *Peer) {
			p.Send(part(frame.OpText, []byte("fragment1")))
			p.SendClose(normal)
			p.Send(fin(frame.OpContinuation, []byte("fragment2")))
		}),
		{
			ID: "7.1.6", Description: "Send a 256 KiB text message, a small text message, a Close frame and a ping, back to back.",
			Expectation:   "Depends on how the peer orders writing the echo and processing the Close frame: informational only.",
			SuppressClose: true, Judge: informational(""),
			Open: func(p *Peer) {
				p.Expect(VerdictOK, Message(helloWorld, false))
				p.Expect(VerdictNonStrict)
				p.ExpectClose(closeNormal())
				p.Send(Out{Opcode: frame.OpText, Fin: true, Payload: []byte("BAsd7&jh23"), RepeatTo: 256 << 10})
				p.Frame(frame.OpText, helloWorld)
				p.SendClose(normal)
				p.Frame(frame.OpPing, nil)
				p.KillAfter(1)
			},
		},
	}
	payloads := []struct {
		desc   string
		code   int
		reason []byte
		expect CloseExpectation
	}{
		{"payload length 0 (no code, no reason)", noCode, nil, closeNormal()},
		{"payload length 1", noCode, []byte("a"), protocolError},
		{"payload length 2 (a code)", normal, nil, closeNormal()},
		{"a code and a reason", normal, helloWorld, closeNormal()},
		{"a code and a reason of the maximum length, 123 octets", normal, repeat(star, 123), closeNormal()},
		{"a code and a reason of 124 octets (payload 126 octets, too long)", normal, repeat(star, 124), protocolError},
	}
	for i, c := range payloads {
		expect := "Clean close with normal code."
		if c.expect.Codes[0] == frame.StatusProtocolError {
			expect = "Close with a protocol error, or a dropped TCP connection."
		}
		cs = append(cs, closing(fmt.Sprintf("7.3.%d", i+1), "Send a Close frame with "+c.desc+".", expect, c.expect,
			func(p *Peer) { p.SendCloseFrame(c.code, c.reason) }))
	}
	badReason := CloseExpectation{ClosedByMe: true, Codes: []frame.StatusCode{frame.StatusProtocolError, frame.StatusInvalidFramePayloadData}}
	cs = append(cs, closing("7.5.1", "Send a Close frame whose reason is not valid UTF-8.",
		"Close with a protocol error or invalid payload code, or a dropped TCP connection.", badReason,
		func(p *Peer) { p.SendCloseFrame(normal, badText) }))
	for i, code := range []int{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999} {
		e := CloseExpectation{ClosedByMe: true, Codes: []frame.StatusCode{frame.StatusNormalClosure, frame.StatusCode(code)}, RequireClean: true}
		cs = append(cs, closing(fmt.Sprintf("7.7.%d", i+1), fmt.Sprintf("Send a Close frame with the valid code %d.", code),
			"Clean close with the normal or the echoed code.", e, func(p *Peer) { p.SendCloseFrame(code, nil) }))
	}
	for i, code := range []int{0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999} {
		cs = append(cs, closing(fmt.Sprintf("7.9.%d", i+1), fmt.Sprintf("Send a Close frame with the invalid code %d.", code),
			"Close with a protocol error, or a dropped TCP connection.", protocolError,
			func(p *Peer) { p.SendCloseFrame(code, nil) }))
	}
	for i, code := range []int{5000, 65535} {
		e := CloseExpectation{ClosedByMe: true, Codes: []frame.StatusCode{frame.StatusNormalClosure, frame.StatusCode(code), frame.StatusProtocolError}}
		c := closing(fmt.Sprintf("7.13.%d", i+1), fmt.Sprintf("Send a Close frame with the code %d.", code),
			"Undefined by the RFC: informational only.", e, func(p *Peer) { p.SendCloseFrame(code, nil) })
		c.Judge = informational("Actual events are undefined by the spec.")
		cs = append(cs, c)
	}
	return cs
}
