package suite

import (
	"encoding/hex"
	"fmt"
	"unicode/utf8"

	"github.com/hybi-go/websocket/frame"
)

// helloUTF8 is "Hello-µ@ßöäüàá-UTF-8!!" and kosme the Greek word κόσμε, the
// two texts the UTF-8 cases cut at every position.
var (
	helloUTF8 = []byte("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!")
	kosme     = mustHex("cebae1bdb9cf83cebcceb5")
	// badText is κόσμε, a UTF-16 surrogate (ED A0 80), then "edited".
	badText = mustHex("cebae1bdb9cf83cebcceb5eda080656469746564")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err) // only ever called on constants of this file
	}
	return b
}

func hexAll(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = mustHex(s)
	}
	return out
}

// octetFrames cuts b into one frame per octet, then an empty final frame.
func octetFrames(b []byte) []Out {
	outs := make([]Out, 0, len(b)+1)
	for i := range b {
		op := frame.OpContinuation
		if i == 0 {
			op = frame.OpText
		}
		outs = append(outs, part(op, b[i:i+1]))
	}
	return append(outs, fin(frame.OpContinuation, nil))
}

// utf8Vectors are the payload groups of cases 6.5.* to 6.23.*, after Markus
// Kuhn's UTF-8 decoder stress test. A payload is valid exactly when
// utf8.Valid says so: RFC 3629 UTF-8, noncharacters included.
func utf8Vectors() [][][]byte {
	var prefixes [][]byte
	for i := 1; i <= len(kosme); i++ {
		prefixes = append(prefixes, kosme[:i])
	}
	var continuations []byte
	for c := byte(0x80); c < 0xbf; c++ {
		continuations = append(continuations, c)
	}
	var lonely [][]byte
	for _, r := range [][2]byte{{0xc0, 0xdf}, {0xe0, 0xef}, {0xf0, 0xf7}, {0xf8, 0xfb}, {0xfc, 0xfd}} {
		var s []byte
		for c := r[0]; c < r[1]; c++ {
			s = append(s, c, ' ')
		}
		lonely = append(lonely, s)
	}
	truncated := hexAll("c0", "e080", "f08080", "f8808080", "fc80808080", "df", "efbf", "f7bfbf", "fbbfbfbf", "fdbfbfbfbf")
	var concatenated []byte
	for _, t := range truncated {
		concatenated = append(concatenated, t...)
	}
	nonchars := hexAll("efbfbe", "efbfbf")
	for _, lead := range []byte{0xf0, 0xf1, 0xf2, 0xf3, 0xf4} {
		for _, second := range []byte{0x8f, 0x9f, 0xaf, 0xbf} {
			if lead == 0xf4 && second != 0x8f {
				continue // above U+10FFFF
			}
			for _, last := range []byte{0xbe, 0xbf} {
				if lead == 0xf0 && second == 0x8f {
					continue // overlong
				}
				nonchars = append(nonchars, []byte{lead, second, 0xbf, last})
			}
		}
	}
	return [][][]byte{
		{[]byte("hello$world"), []byte("hello\u00a2world"), []byte("hello\u20acworld"), []byte("hello\U00024b62world"), kosme},
		prefixes,
		hexAll("00", "c280", "e0a080", "f0908080"),
		hexAll("f888808080", "fc8480808080"),
		hexAll("7f", "dfbf", "efbfbf", "f48fbfbf"),
		hexAll("f7bfbfbf", "fbbfbfbfbf", "fdbfbfbfbfbf"),
		hexAll("ed9fbf", "ee8080", "efbfbd", "f48fbfbf", "f4908080"),
		append(hexAll("80", "bf", "80bf", "80bf80", "80bf80bf", "80bf80bf80", "80bf80bf80bf"), continuations),
		lonely,
		truncated,
		{concatenated},
		hexAll("fe", "ff", "fefeffff"),
		hexAll("c0af", "e080af", "f08080af", "f8808080af", "fc80808080af"),
		hexAll("c1bf", "e09fbf", "f08fbfbf", "f887bfbfbf", "fc83bfbfbfbf"),
		hexAll("c080", "e08080", "f0808080", "f880808080", "fc8080808080"),
		hexAll("eda080", "edadbf", "edae80", "edafbf", "edb080", "edbe80", "edbfbf"),
		hexAll("eda080edb080", "eda080edbfbf", "edadbfedb080", "edadbfedbfbf", "edae80edb080", "edae80edbfbf", "edafbfedb080", "edafbfedbfbf"),
		nonchars,
		hexAll("efbfb9", "efbfba", "efbfbb", "efbfbc", "efbfbd", "efbfbe", "efbfbf"),
	}
}

// invalidUTF8Close is how a peer must end a connection that carried
// invalid UTF-8 text: fail it with 1007.
func invalidUTF8Close() CloseExpectation {
	e := closeByPeer(frame.StatusInvalidFramePayloadData)
	e.WrongEndpointFatal = true
	return e
}

// utf8Cases: group 6.
func utf8Cases() []*Case {
	const expectEcho = "Receive the echoed message. Clean close with normal code."
	const expectInvalid = "The connection is failed immediately (1007), since the payload is not valid UTF-8."
	echo := func(id, desc string, msg []byte, outs ...Out) *Case {
		return echoCase(id, desc, expectEcho, oneChop, 1, []Event{Message(msg, false)}, outs...)
	}
	invalid := func(id, desc string, outs ...Out) *Case {
		return &Case{
			ID: id, Description: desc, Expectation: expectInvalid,
			Open: func(p *Peer) {
				p.Expect(VerdictOK)
				p.ExpectClose(invalidUTF8Close())
				p.sendAll(oneChop, outs...)
				p.KillAfter(1)
			},
		}
	}
	middle := []byte("middle frame payload")
	cs := []*Case{
		echo("6.1.1", "Send a text message of length 0.", []byte{}, fin(frame.OpText, nil)),
		echo("6.1.2", "Send a text message in 3 fragments, each of length 0.", []byte{},
			part(frame.OpText, nil), part(frame.OpContinuation, nil), fin(frame.OpContinuation, nil)),
		echo("6.1.3", "Send a text message in 3 fragments, the first and last of length 0.", middle,
			part(frame.OpText, nil), part(frame.OpContinuation, middle), fin(frame.OpContinuation, nil)),
		echo("6.2.1", "Send valid UTF-8 text in one frame: "+string(helloUTF8), helloUTF8, fin(frame.OpText, helloUTF8)),
		echo("6.2.2", "Send valid UTF-8 text in two frames split on a code point boundary.", helloUTF8,
			part(frame.OpText, helloUTF8[:15]), fin(frame.OpContinuation, helloUTF8[15:])),
		echo("6.2.3", "Send valid UTF-8 text in frames of 1 octet, splitting code points.", helloUTF8, octetFrames(helloUTF8)...),
		echo("6.2.4", "Send the valid UTF-8 text κόσμε in frames of 1 octet, splitting code points.", kosme, octetFrames(kosme)...),
		invalid("6.3.1", "Send invalid UTF-8 text in one frame: 0x"+hex.EncodeToString(badText), fin(frame.OpText, badText)),
		invalid("6.3.2", "Send invalid UTF-8 text in frames of 1 octet.", octetFrames(badText)...),
	}
	cs = append(cs, failFastCases()...)
	for g, vectors := range utf8Vectors() {
		for i, b := range vectors {
			id := fmt.Sprintf("6.%d.%d", g+5, i+1)
			desc := "Send a text message whose payload is not valid UTF-8, in one frame. Payload: 0x" + hex.EncodeToString(b)
			if utf8.Valid(b) {
				desc = "Send a text message whose payload is valid UTF-8, in one frame. Payload: 0x" + hex.EncodeToString(b)
			}
			cs = append(cs, vectorCase(id, desc, b))
		}
	}
	return cs
}

func vectorCase(id, desc string, b []byte) *Case {
	valid := utf8.Valid(b)
	expect := "The connection is failed immediately (1007), since the payload is not valid UTF-8."
	if valid {
		expect = "Receive the echoed message. Clean close with normal code."
	}
	return &Case{
		ID: id, Description: desc, Expectation: expect,
		Open: func(p *Peer) {
			if valid {
				p.Expect(VerdictOK, Message(b, false))
				p.ExpectClose(closeNormal())
			} else {
				p.Expect(VerdictOK)
				p.ExpectClose(invalidUTF8Close())
			}
			p.Frame(frame.OpText, b)
			p.KillAfter(0.5)
		},
	}
}

// failFastCases: 6.4.*, invalid UTF-8 that a peer must reject on the
// frame (or the octets) that make it invalid, not at the end of the message.
func failFastCases() []*Case {
	const expect = "The first part is accepted (we time out on the first pause); the part that makes the text invalid fails the connection at once. Failing only after the second pause is NON-STRICT."
	type parts struct{ a, b, c []byte }
	frames := []parts{
		{kosme, mustHex("f4908080"), []byte("edited")},
		{mustHex("cebae1bdb9cf83cebcceb5f4"), mustHex("90"), mustHex("8080656469746564")},
	}
	var cs []*Case
	for i, pp := range frames {
		cs = append(cs, pauseCase(fmt.Sprintf("6.4.%d", i+1),
			fmt.Sprintf("Send invalid UTF-8 text in 3 frames with a pause after the 1st and the 2nd: 0x%x | 0x%x | 0x%x", pp.a, pp.b, pp.c), expect,
			func(p *Peer) { p.Send(part(frame.OpText, pp.a)) },
			func(p *Peer) { p.Send(part(frame.OpContinuation, pp.b)) },
			func(p *Peer) { p.Send(fin(frame.OpContinuation, pp.c)) }))
	}
	for i, pp := range frames {
		var maskPart func([]byte) []byte
		cs = append(cs, pauseCase(fmt.Sprintf("6.4.%d", i+3),
			fmt.Sprintf("Send invalid UTF-8 text as one frame whose octets go out in 3 chops with pauses between: 0x%x | 0x%x | 0x%x", pp.a, pp.b, pp.c), expect,
			func(p *Peer) {
				var hdr []byte
				n := len(pp.a) + len(pp.b) + len(pp.c)
				hdr, maskPart = p.MaskedHeader(frame.Header{Opcode: frame.OpText, Length: int64(n)})
				p.SendOctets(append(hdr, maskPart(pp.a)...))
			},
			func(p *Peer) { p.SendOctets(maskPart(pp.b)) },
			func(p *Peer) {
				p.SendOctets(maskPart(pp.c))
				p.Send(fin(frame.OpContinuation, nil))
			}))
	}
	return cs
}

// pauseCase sends a, pauses (event "A"), sends b, pauses (event "B"), sends c.
func pauseCase(id, desc, expect string, a, b, c func(p *Peer)) *Case {
	return &Case{
		ID: id, Description: desc, Expectation: expect,
		Open: func(p *Peer) {
			p.Expect(VerdictOK, Timeout("A"))
			p.Expect(VerdictNonStrict, Timeout("A"), Timeout("B"))
			p.ExpectClose(invalidUTF8Close())
			a(p)
			p.Later(1, "A", func() {
				p.Record(Timeout("A"))
				b(p)
				p.Later(1, "B", func() {
					p.Record(Timeout("B"))
					c(p)
					p.KillAfter(1)
				})
			})
		},
	}
}
