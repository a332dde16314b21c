package suite

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hybi-go/websocket/frame"
)

// Cases returns the whole catalogue in official order: 1.* to 7.*, 9.*,
// 10.* and the compression groups 12.* and 13.* (groups 8 and 11 do not
// exist in the official suite). Each call returns fresh values.
func Cases() []*Case {
	var all []*Case
	for _, g := range []func() []*Case{
		framingCases, pingPongCases, reservedBitCases, opcodeCases,
		fragmentationCases, utf8Cases, closeCases, performanceCases, miscCases, compressionCases,
	} {
		all = append(all, g()...)
	}
	sort.SliceStable(all, func(i, j int) bool { return lessID(all[i].ID, all[j].ID) })
	return all
}

// lessID orders case ids numerically, part by part ("2.10" after "2.9").
func lessID(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

var (
	hello         = []byte("Hello, world!")
	smallBinary   = []byte{0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff}
	star          = []byte("*")
	fe            = []byte{0xfe}
	expectEchoMsg = "Receive echo'ed message (with payload as sent). Clean close with normal code."
	expectFail    = "The connection is failed immediately (1002/Protocol Error), as the frame breaks the protocol."
)

// sendMode is how a case cuts its octets into TCP writes.
type sendMode int

const (
	oneChop    sendMode = iota // everything in as few writes as possible
	frameChops                 // one write per frame
	octetChops                 // one write per octet
)

func (m sendMode) String() string {
	switch m {
	case frameChops:
		return " Octets are sent in frame-wise chops."
	case octetChops:
		return " Octets are sent in octet-wise chops."
	}
	return ""
}

// sendAll sends frames cut into writes as m says.
func (p *Peer) sendAll(m sendMode, outs ...Out) {
	for _, o := range outs {
		switch m {
		case frameChops:
			o.Sync = true
		case octetChops:
			o.Chop = 1
		}
		p.Send(o)
	}
}

func fin(op frame.Opcode, b []byte) Out { return Out{Opcode: op, Fin: true, Payload: b} }

func part(op frame.Opcode, b []byte) Out { return Out{Opcode: op, Payload: b} }

func typeName(op frame.Opcode) string {
	if op == frame.OpBinary {
		return "binary"
	}
	return "text"
}

// failCase builds a case whose traffic the peer must reject with code,
// failing the connection itself; ok lists the events allowed before that
// (a peer that fails before echoing them is NON-STRICT).
func failCase(id, desc string, code frame.StatusCode, m sendMode, ok []Event, outs ...Out) *Case {
	return &Case{
		ID: id, Description: desc + m.String(), Expectation: expectFail,
		Open: func(p *Peer) {
			p.Expect(VerdictOK, ok...)
			if len(ok) > 0 {
				p.Expect(VerdictNonStrict)
			}
			p.ExpectClose(closeByPeer(code))
			p.sendAll(m, outs...)
			p.KillAfter(1)
		},
	}
}

// echoCase builds a case whose traffic the peer must answer with events,
// after which the fuzzer closes normally; closeAfter bounds the wait.
func echoCase(id, desc, expect string, m sendMode, closeAfter float64, events []Event, outs ...Out) *Case {
	return &Case{
		ID: id, Description: desc + m.String(), Expectation: expect,
		Open: func(p *Peer) {
			p.Expect(VerdictOK, events...)
			p.ExpectClose(closeNormal())
			p.sendAll(m, outs...)
			p.CloseAfter(closeAfter)
		},
	}
}

// framingCases: group 1, messages of the lengths around each length encoding.
func framingCases() []*Case {
	var cs []*Case
	sizes := []int{0, 125, 126, 127, 128, 65535, 65536, 65536}
	for g, op := range []frame.Opcode{frame.OpText, frame.OpBinary} {
		pattern := star
		if op == frame.OpBinary {
			pattern = fe
		}
		for i, n := range sizes {
			payload := repeat(pattern, n)
			o := fin(op, payload)
			desc := fmt.Sprintf("Send a %s message with a payload of %d octets.", typeName(op), n)
			if i == len(sizes)-1 {
				o.Chop = 997
				desc += " Octets are sent in chops of 997."
			}
			kill := 1.0
			if n > 128 {
				kill = 10
			}
			binary := op == frame.OpBinary
			cs = append(cs, &Case{
				ID: fmt.Sprintf("1.%d.%d", g+1, i+1), Description: desc, Expectation: expectEchoMsg,
				Open: func(p *Peer) {
					p.Expect(VerdictOK, Message(payload, binary))
					p.ExpectClose(closeNormal())
					p.Send(o)
					p.KillAfter(kill)
				},
			})
		}
	}
	return cs
}

// pingPongCases: group 2, pings and unsolicited pongs.
func pingPongCases() []*Case {
	const expectPong = "Pong with the ping's payload. Clean close with normal code."
	ping := func(id, desc string, b []byte, chop int, wait float64) *Case {
		o := fin(frame.OpPing, b)
		o.Chop = chop
		return echoCase(id, desc, expectPong, oneChop, wait, []Event{Pong(b)}, o)
	}
	pong := func(id, desc string, b []byte) *Case {
		return &Case{
			ID: id, Description: desc, Expectation: "Nothing is sent back. Clean close with normal code.",
			Open: func(p *Peer) {
				p.Expect(VerdictOK)
				p.ExpectClose(closeNormal())
				p.Frame(frame.OpPong, b)
				p.SendClose(int(frame.StatusNormalClosure))
				p.CloseAfter(1)
			},
		}
	}
	tenPings := func(id string, m sendMode) *Case {
		var outs []Out
		var evs []Event
		for i := range 10 {
			b := fmt.Appendf(nil, "payload-%d", i)
			outs = append(outs, fin(frame.OpPing, b))
			evs = append(evs, Pong(b))
		}
		return echoCase(id, "Send 10 pings with payloads.", "A pong for every ping, in order (not required by the RFC, but checked). Clean close with normal code.", m, 3, evs, outs...)
	}
	unsolicited := []byte("unsolicited pong payload")
	pingPayload := []byte("ping payload")
	return []*Case{
		ping("2.1", "Send a ping without payload.", []byte{}, 0, 1),
		ping("2.2", "Send a ping with a small text payload.", hello, 0, 1),
		ping("2.3", "Send a ping with a small binary (not UTF-8) payload.", smallBinary, 0, 1),
		ping("2.4", "Send a ping with a binary payload of 125 octets.", repeat(fe, 125), 0, 1),
		failCase("2.5", "Send a ping with a binary payload of 126 octets (too long for a control frame).",
			frame.StatusProtocolError, oneChop, nil, fin(frame.OpPing, repeat(fe, 126))),
		ping("2.6", "Send a ping with a binary payload of 125 octets, in octet-wise chops.", repeat(fe, 125), 1, 2),
		pong("2.7", "Send an unsolicited pong without payload, then close.", []byte{}),
		pong("2.8", "Send an unsolicited pong with payload, then close.", unsolicited),
		echoCase("2.9", "Send an unsolicited pong with payload, then a ping with payload.", expectPong, oneChop, 1,
			[]Event{Pong(pingPayload)}, fin(frame.OpPong, unsolicited), fin(frame.OpPing, pingPayload)),
		tenPings("2.10", oneChop),
		tenPings("2.11", octetChops),
	}
}

// reservedBitCases: group 3, reserved bits set without an extension.
func reservedBitCases() []*Case {
	withRsv := func(o Out, rsv byte) Out { o.Rsv = rsv; return o }
	ping := fin(frame.OpPing, nil)
	after := func(id string, rsv byte, m sendMode) *Case {
		return failCase(id, fmt.Sprintf("Send a small text message, then the same with RSV = %d, then a ping.", rsv),
			frame.StatusProtocolError, m, []Event{Message(hello, false)},
			fin(frame.OpText, hello), withRsv(fin(frame.OpText, hello), rsv), ping)
	}
	return []*Case{
		failCase("3.1", "Send a small text message with RSV = 1.", frame.StatusProtocolError, oneChop, nil,
			withRsv(fin(frame.OpText, hello), 1)),
		after("3.2", 2, oneChop),
		after("3.3", 3, frameChops),
		after("3.4", 4, octetChops),
		failCase("3.5", "Send a small binary message with RSV = 5.", frame.StatusProtocolError, oneChop, nil,
			withRsv(fin(frame.OpBinary, smallBinary), 5)),
		failCase("3.6", "Send a small binary frame with RSV = 6 (the official suite's 'Ping with RSV = 6' sends this).",
			frame.StatusProtocolError, oneChop, nil, withRsv(fin(frame.OpBinary, hello), 6)),
		failCase("3.7", "Send a Close frame with RSV = 7.", frame.StatusProtocolError, oneChop, nil,
			withRsv(fin(frame.OpClose, nil), 7)),
	}
}

// opcodeCases: group 4, reserved opcodes, data (4.1.*) and control (4.2.*).
func opcodeCases() []*Case {
	var cs []*Case
	payload := []byte("reserved opcode payload")
	for g, first := range []frame.Opcode{3, 11} {
		kind := "non-control"
		if g == 1 {
			kind = "control"
		}
		id := func(i int) string { return fmt.Sprintf("4.%d.%d", g+1, i) }
		cs = append(cs,
			failCase(id(1), fmt.Sprintf("Send a frame with reserved %s opcode %d.", kind, first),
				frame.StatusProtocolError, oneChop, nil, fin(first, nil)),
			failCase(id(2), fmt.Sprintf("Send a frame with reserved %s opcode %d and a payload.", kind, first+1),
				frame.StatusProtocolError, oneChop, nil, fin(first+1, payload)))
		for i, m := range []sendMode{oneChop, oneChop, octetChops} {
			op := first + 2 + frame.Opcode(i)
			var b []byte
			if i > 0 {
				b = hello
			}
			cs = append(cs, failCase(id(i+3),
				fmt.Sprintf("Send a small text message, then a frame with reserved %s opcode %d, then a ping.", kind, op),
				frame.StatusProtocolError, m, []Event{Message(hello, false)},
				fin(frame.OpText, hello), fin(op, b), fin(frame.OpPing, nil)))
		}
	}
	return cs
}

// fragmentationCases: group 5.
func fragmentationCases() []*Case {
	f := func(i int) []byte { return fmt.Appendf(nil, "fragment%d", i) }
	const expectMsg = "Receive the echoed message. Clean close with normal code."
	frag12 := []byte("fragment1fragment2")
	cs := []*Case{
		failCase("5.1", "Send a ping fragmented into 2 fragments.", frame.StatusProtocolError, oneChop, nil,
			part(frame.OpPing, f(1)), fin(frame.OpContinuation, f(2))),
		failCase("5.2", "Send a pong fragmented into 2 fragments.", frame.StatusProtocolError, oneChop, nil,
			part(frame.OpPong, f(1)), fin(frame.OpContinuation, f(2))),
	}
	for i, m := range []sendMode{oneChop, frameChops, octetChops} {
		cs = append(cs, echoCase(fmt.Sprintf("5.%d", 3+i), "Send a text message fragmented into 2 fragments.", expectMsg, m, 1,
			[]Event{Message(frag12, false)}, part(frame.OpText, f(1)), fin(frame.OpContinuation, f(2))))
	}
	pingPayload := []byte("ping payload")
	for i, m := range []sendMode{oneChop, frameChops, octetChops} {
		cs = append(cs, echoCase(fmt.Sprintf("5.%d", 6+i),
			"Send a text message fragmented into 2 fragments, with a ping between them.",
			"A pong, then the echoed message. Clean close with normal code.", m, 1,
			[]Event{Pong(pingPayload), Message(frag12, false)},
			part(frame.OpText, f(1)), fin(frame.OpPing, pingPayload), fin(frame.OpContinuation, f(2))))
	}
	stray := []byte("non-continuation payload")
	for j, isFin := range []bool{true, false} {
		for i, m := range []sendMode{oneChop, frameChops, octetChops} {
			cs = append(cs, failCase(fmt.Sprintf("5.%d", 9+3*j+i),
				fmt.Sprintf("Send a continuation frame with FIN = %t where there is nothing to continue, then a text message.", isFin),
				frame.StatusProtocolError, m, nil,
				Out{Opcode: frame.OpContinuation, Fin: isFin, Payload: stray}, fin(frame.OpText, hello)))
		}
	}
	cs = append(cs, failCase("5.15",
		"Send a text message in 2 fragments, then a continuation frame with FIN = false where there is nothing to continue, then a text message.",
		frame.StatusProtocolError, oneChop, []Event{Message(frag12, false)},
		part(frame.OpText, f(1)), fin(frame.OpContinuation, f(2)), part(frame.OpContinuation, f(3)), fin(frame.OpText, f(4))))
	for i, isFin := range []bool{false, true} {
		three := []Out{{Opcode: frame.OpContinuation, Fin: isFin, Payload: f(1)}, part(frame.OpText, f(2)), fin(frame.OpContinuation, f(3))}
		cs = append(cs, failCase(fmt.Sprintf("5.%d", 16+i),
			fmt.Sprintf("Twice: a continuation frame with FIN = %t where there is nothing to continue, then a text message in 2 fragments.", isFin),
			frame.StatusProtocolError, oneChop, nil, append(three, three...)...))
	}
	cs = append(cs, failCase("5.18", "Send a text message in 2 fragments, both with the text opcode.",
		frame.StatusProtocolError, oneChop, nil, part(frame.OpText, f(1)), fin(frame.OpText, f(2))))
	for i, m := range []sendMode{oneChop, frameChops} {
		cs = append(cs, &Case{
			ID:          fmt.Sprintf("5.%d", 19+i),
			Description: "Send a text message in 5 fragments with a ping after the 2nd and after the 4th; wait 1 second after the first ping." + m.String(),
			Expectation: "Both pongs as soon as their ping arrives, then the echoed message. Clean close with normal code.",
			Open: func(p *Peer) {
				p.Expect(VerdictOK, Pong([]byte("pongme 1!")), Pong([]byte("pongme 2!")),
					Message([]byte("fragment1fragment2fragment3fragment4fragment5"), false))
				p.ExpectClose(closeNormal())
				p.sendAll(m, part(frame.OpText, f(1)), part(frame.OpContinuation, f(2)), fin(frame.OpPing, []byte("pongme 1!")))
				p.Later(1, "", func() {
					p.sendAll(m, part(frame.OpContinuation, f(3)), part(frame.OpContinuation, f(4)),
						fin(frame.OpPing, []byte("pongme 2!")), fin(frame.OpContinuation, f(5)))
					p.CloseAfter(1)
				})
			},
		})
	}
	return cs
}

// miscCases: group 10.
func miscCases() []*Case {
	payload := repeat(star, 65536)
	const size = 1300
	return []*Case{{
		ID:          "10.1.1",
		Description: "Send a text message of 65536 octets auto-fragmented into frames of 1300 octets.",
		Expectation: "Receive the echoed message. Clean close with normal code.",
		Open: func(p *Peer) {
			p.Expect(VerdictOK, Message(payload, false))
			p.ExpectClose(closeNormal())
			p.SetAutoFragment(size)
			p.SendMessage(frame.OpText, payload, 0)
			p.KillAfter(10)
		},
		Judge: func(r *Result) {
			cont, text := r.TxFrameStats[int(frame.OpContinuation)], r.TxFrameStats[int(frame.OpText)]
			if cont != len(payload)/size || text != 1 {
				r.Behavior = VerdictFailed
				r.Outcome = fmt.Sprintf("Sent %d continuation and %d text frames, expected %d and 1.", cont, text, len(payload)/size)
			}
		},
	}}
}
