package suite

import (
	"fmt"

	"github.com/hybi-go/websocket/frame"
)

// sizeName writes a size the way the case descriptions do: 64K, 4M.
func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dK", n>>10)
	}
	return fmt.Sprint(n)
}

// echoLength builds a performance case: open sends one message, the echo
// must come back whole with the same type and length within wait seconds.
func echoLength(id, desc string, op frame.Opcode, size int, wait float64, send func(p *Peer)) *Case {
	binary := op == frame.OpBinary
	return &Case{
		ID: id, Description: desc, ReportTime: true,
		Expectation: fmt.Sprintf("Receive the echoed %s message (with the payload as sent) within %g seconds.", typeName(op), wait),
		Open: func(p *Peer) {
			p.wirelogOn = false // silently, as the official 9.1-9.6 do
			p.ExpectClose(closeNormal())
			p.SetBehavior(VerdictFailed, fmt.Sprintf("Did not receive the message within %g seconds.", wait))
			send(p)
			p.CloseAfter(wait)
		},
		OnMessage: func(p *Peer, ev Event) {
			switch {
			case ev.Binary != binary:
				p.SetBehavior(VerdictFailed, "Received a message of the wrong type.")
			case len(ev.Payload) != size:
				p.SetBehavior(VerdictFailed, fmt.Sprintf("Expected a message of %d octets, got %d.", size, len(ev.Payload)))
			default:
				p.SetBehavior(VerdictOK, fmt.Sprintf("Received a %s message of %d octets.", typeName(op), size))
			}
			p.wirelogOn = true
			p.SendClose(int(frame.StatusNormalClosure))
		},
	}
}

// performanceCases: group 9, large messages, many fragments, small writes,
// and round trips.
func performanceCases() []*Case {
	var cs []*Case
	text, bin := []byte("BAsd7&jh23"), fe
	ops := []struct {
		op      frame.Opcode
		pattern []byte
	}{{frame.OpText, text}, {frame.OpBinary, bin}}
	sizes := []int{64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20}
	for g, o := range ops {
		for i, n := range sizes {
			wait := 100.0
			if i < 2 || o.op == frame.OpBinary && i < 4 {
				wait = 10
			}
			pattern, op := o.pattern, o.op
			cs = append(cs, echoLength(fmt.Sprintf("9.%d.%d", g+1, i+1),
				fmt.Sprintf("Send a %s message of %s octets.", typeName(op), sizeName(n)), op, n, wait,
				func(p *Peer) { p.Send(Out{Opcode: op, Fin: true, Payload: pattern, RepeatTo: n}) }))
		}
	}
	const message = 4 << 20
	fragments := []int{64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20}
	for g, o := range ops {
		payload := repeat(o.pattern, message)
		for i, n := range fragments {
			op := o.op
			cs = append(cs, echoLength(fmt.Sprintf("9.%d.%d", g+3, i+1),
				fmt.Sprintf("Send a %s message of %s octets in fragments of %s.", typeName(op), sizeName(message), sizeName(n)), op, message, 100,
				func(p *Peer) { p.SendMessage(op, payload, n) }))
		}
	}
	const chopped = 1 << 20
	for g, o := range ops {
		for i, n := range []int{64, 128, 256, 512, 1024, 2048} {
			pattern, op := o.pattern, o.op
			cs = append(cs, echoLength(fmt.Sprintf("9.%d.%d", g+5, i+1),
				fmt.Sprintf("Send a %s message of %s octets whose octets go out in chops of %d.", typeName(op), sizeName(chopped), n), op, chopped, 1000,
				func(p *Peer) { p.Send(Out{Opcode: op, Fin: true, Payload: pattern, RepeatTo: chopped, Chop: n}) }))
		}
	}
	rounds := []struct {
		size int
		wait float64
	}{{0, 60}, {16, 60}, {64, 60}, {256, 120}, {1024, 240}, {4096, 480}}
	for g, o := range []struct {
		op      frame.Opcode
		pattern []byte
	}{{frame.OpText, star}, {frame.OpBinary, fe}} {
		for i, r := range rounds {
			cs = append(cs, roundTrips(fmt.Sprintf("9.%d.%d", g+7, i+1), o.op, repeat(o.pattern, r.size), 1000, r.wait))
		}
	}
	return cs
}

// roundTrips sends count messages one at a time, each after the echo of
// the one before, to measure latency.
func roundTrips(id string, op frame.Opcode, payload []byte, count int, wait float64) *Case {
	binary := op == frame.OpBinary
	return &Case{
		ID: id, ReportTime: true,
		Description: fmt.Sprintf("Send %d %s messages of %d octets, each after the echo of the one before, to measure round-trip time.", count, typeName(op), len(payload)),
		Expectation: fmt.Sprintf("Receive every message echoed (with the payload as sent) within %g seconds.", wait),
		Open: func(p *Peer) {
			p.Wirelog(false)
			p.ExpectClose(closeNormal())
			p.SetBehavior(VerdictFailed, fmt.Sprintf("Case did not finish within %g seconds.", wait))
			p.CloseAfter(wait)
			p.Frame(op, payload)
			p.sent++
		},
		OnMessage: func(p *Peer, ev Event) {
			switch {
			case ev.Binary != binary || len(ev.Payload) != len(payload):
				p.SetBehavior(VerdictFailed, fmt.Sprintf("Echoed message type or length differs (binary %t, %d octets).", ev.Binary, len(ev.Payload)))
			case p.sent < count:
				p.Frame(op, payload)
				p.sent++
				return
			default:
				p.SetBehavior(VerdictOK, "Received every echoed message in time.")
			}
			p.Wirelog(true)
			p.SendClose(int(frame.StatusNormalClosure))
		},
	}
}
