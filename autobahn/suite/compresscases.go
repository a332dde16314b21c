package suite

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"strings"

	"github.com/hybi-go/websocket/frame"
)

// compressionSpec is what one compression case sends: count messages of
// size octets cut in turn from data, auto-fragmented at fragment octets (0:
// whole), within wait seconds.
type compressionSpec struct {
	data                  *DataSet
	size, count, fragment int
	wait                  float64
}

// compressionSizes are the official (size, count, wait, auto-fragment)
// rows of every compression group, in case order.
var compressionSizes = []compressionSpec{
	{size: 16, count: 1000, wait: 60},
	{size: 64, count: 1000, wait: 60},
	{size: 256, count: 1000, wait: 120},
	{size: 1024, count: 1000, wait: 240},
	{size: 4096, count: 1000, wait: 480},
	{size: 8192, count: 1000, wait: 480},
	{size: 16384, count: 1000, wait: 480},
	{size: 32768, count: 1000, wait: 480},
	{size: 65536, count: 1000, wait: 480},
	{size: 131072, count: 1000, wait: 480},
	{size: 8192, count: 1000, wait: 480, fragment: 256},
	{size: 16384, count: 1000, wait: 480, fragment: 256},
	{size: 32768, count: 1000, wait: 480, fragment: 256},
	{size: 65536, count: 1000, wait: 480, fragment: 256},
	{size: 131072, count: 1000, wait: 480, fragment: 256},
	{size: 131072, count: 1000, wait: 480, fragment: 1024},
	{size: 131072, count: 1000, wait: 480, fragment: 4096},
	{size: 131072, count: 1000, wait: 480, fragment: 32768},
}

// smallWindow is the smallest window the official suite asks for: 2^9
// bytes (zlib cannot make 2^8, so release 25.10.1 moved from 8 to 9).
const smallWindow = 9

// firstOffer accepts the client's first offer with the client's side as
// given.
func firstOffer(clientNoContext bool, clientBits int) func([]DeflateOffer) (DeflateParams, bool) {
	return func(offers []DeflateOffer) (DeflateParams, bool) {
		if len(offers) == 0 {
			return DeflateParams{}, false
		}
		return AcceptOffer(offers[0], clientNoContext, clientBits), true
	}
}

// windowOffer accepts the first offer that lets the server limit the
// client's window, asking for 2^clientBits; a client may always be asked not
// to keep context (RFC 7692, Section 7.1.1.2).
func windowOffer(clientNoContext bool, clientBits int) func([]DeflateOffer) (DeflateParams, bool) {
	return func(offers []DeflateOffer) (DeflateParams, bool) {
		for _, o := range offers {
			if o.ClientMaxWindowBits {
				return AcceptOffer(o, clientNoContext, clientBits), true
			}
		}
		return DeflateParams{}, false
	}
}

// firstOf tries each rule in turn.
func firstOf(rules ...func([]DeflateOffer) (DeflateParams, bool)) func([]DeflateOffer) (DeflateParams, bool) {
	return func(offers []DeflateOffer) (DeflateParams, bool) {
		for _, r := range rules {
			if d, ok := r(offers); ok {
				return d, true
			}
		}
		return DeflateParams{}, false
	}
}

// clientOffer is the fuzzer's offer asking the server for (no context
// takeover, window bits); it always lets the server limit the client.
func clientOffer(noContext bool, bits int) DeflateOffer {
	return DeflateOffer{ClientNoContextTakeover: true, ClientMaxWindowBits: true, ServerNoContextTakeover: noContext, ServerMaxWindowBits: bits}
}

// describeOffers writes offers as the case descriptions do.
func describeOffers(offers []DeflateOffer) string {
	s := make([]string, len(offers))
	for i, o := range offers {
		s[i] = fmt.Sprintf("(%t, %d)", o.ServerNoContextTakeover, o.ServerMaxWindowBits)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// compressionCases: groups 12 (five data sets, the default offer) and 13
// (the JSON data set, seven ways to negotiate).
func compressionCases() []*Case {
	var cs []*Case
	defaultDeflate := &Deflate{Offers: []DeflateOffer{clientOffer(false, 0)}, Accept: firstOffer(false, 0)}
	for g, data := range []*DataSet{DataJSON, DataImage, DataText, DataHTML, DataPDF} {
		for i, s := range compressionSizes {
			s.data = data
			cs = append(cs, compressionCase(fmt.Sprintf("12.%d.%d", g+1, i+1), s, defaultDeflate, "the default permessage-deflate offer"))
		}
	}
	negotiations := []struct {
		offers []DeflateOffer
		accept func([]DeflateOffer) (DeflateParams, bool)
		rule   string
	}{
		{[]DeflateOffer{clientOffer(false, 0)}, firstOffer(false, 0), "[(false, 0)]"},
		{[]DeflateOffer{clientOffer(true, 0)}, firstOffer(true, 0), "[(true, 0)]"},
		{[]DeflateOffer{clientOffer(false, smallWindow)}, windowOffer(false, smallWindow), "[(false, 9)]"},
		{[]DeflateOffer{clientOffer(false, 15)}, windowOffer(false, 15), "[(false, 15)]"},
		{[]DeflateOffer{clientOffer(true, smallWindow)}, windowOffer(true, smallWindow), "[(true, 9)]"},
		{[]DeflateOffer{clientOffer(true, 15)}, windowOffer(true, 15), "[(true, 15)]"},
		{
			[]DeflateOffer{clientOffer(true, smallWindow), clientOffer(true, 0), clientOffer(false, 0)},
			firstOf(windowOffer(true, smallWindow), firstOffer(true, 0), firstOffer(false, 0)),
			"[(true, 9), (true, 0), (false, 0)]",
		},
	}
	for g, n := range negotiations {
		d := &Deflate{Offers: n.offers, Accept: n.accept}
		how := fmt.Sprintf("the client offers (server_no_context_takeover, server_max_window_bits) %s; the server answers "+
			"(client_no_context_takeover, client_max_window_bits) %s", describeOffers(n.offers), n.rule)
		for i, s := range compressionSizes {
			s.data = DataJSON
			cs = append(cs, compressionCase(fmt.Sprintf("13.%d.%d", g+1, i+1), s, d, how))
		}
	}
	return cs
}

// compressionCase sends the spec's messages one at a time, each after the
// echo of the one before, compressed, and checks every echo octet for octet.
func compressionCase(id string, s compressionSpec, d *Deflate, how string) *Case {
	kind := "text"
	op := frame.OpText
	if s.data.Binary {
		kind, op = "binary", frame.OpBinary
	}
	return &Case{
		ID: id, ReportTime: true, Deflate: d, spec: &s,
		Description: fmt.Sprintf("Send %d %s messages of %d octets cut in turn from %s, each compressed with permessage-deflate "+
			"and auto-fragmented to %d octets (0: not fragmented), each after the echo of the one before; %s.",
			s.count, kind, s.size, s.data.Description, s.fragment, how),
		Expectation: fmt.Sprintf("Receive every message echoed (with the payload as sent) within %g seconds.", s.wait),
		Open: func(p *Peer) {
			p.Wirelog(false)
			p.ExpectClose(closeNormal())
			p.SetAutoFragment(s.fragment)
			if p.deflate == nil {
				p.SetBehavior(VerdictUnimplemented, "The peer did not agree to permessage-deflate.")
				p.SendClose(int(frame.StatusNormalClosure))
				return
			}
			p.SetBehavior(VerdictFailed, fmt.Sprintf("Case did not finish within %g seconds.", s.wait))
			p.CloseAfter(s.wait)
			p.sendSlice(op, s.data.Bytes(), s.size)
		},
		OnMessage: func(p *Peer, ev Event) {
			switch {
			case ev.Binary != s.data.Binary:
				p.SetBehavior(VerdictFailed, fmt.Sprintf("Echoed message type differs from what was sent (binary %t, sent binary %t).", ev.Binary, s.data.Binary))
			case len(ev.Payload) != len(p.lastSent):
				p.SetBehavior(VerdictFailed, fmt.Sprintf("Echoed message length differs from what was sent (%d octets, sent %d).", len(ev.Payload), len(p.lastSent)))
			case !bytes.Equal(ev.Payload, p.lastSent):
				p.SetBehavior(VerdictFailed, fmt.Sprintf("Echoed message content differs from what was sent (SHA-1 %x, sent %x).", sha1.Sum(ev.Payload), sha1.Sum(p.lastSent)))
			case p.sent < p.messages:
				p.sendSlice(op, s.data.Bytes(), s.size)
				return
			default:
				p.SetBehavior(VerdictOK, fmt.Sprintf("Received all %d echoed messages in time.", p.sent))
			}
			p.Wirelog(true)
			p.SendClose(int(frame.StatusNormalClosure))
		},
	}
}

// sendSlice sends the next n octets of data as one message, wrapping
// around at its end, and remembers them for the echo.
func (p *Peer) sendSlice(op frame.Opcode, data []byte, n int) {
	from := p.dataPos
	to := (from + n) % len(data)
	var msg []byte
	if to > from {
		msg = data[from:to:to]
	} else {
		msg = append(append(make([]byte, 0, n), data[from:]...), data[:to]...)
	}
	p.dataPos, p.lastSent = to, msg
	p.SendMessage(op, msg, 0)
	p.sent++
}
