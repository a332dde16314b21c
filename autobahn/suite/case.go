package suite

import (
	"bytes"
	"time"

	"github.com/hybi-go/websocket/frame"
)

// Verdict is the outcome of a case, as the official suite names it. A case
// has two: Behavior judges the events the peer produced (messages, pongs),
// BehaviorClose judges how the connection ended.
type Verdict string

// The verdicts of the official suite, spelt as it writes them in index.json.
const (
	VerdictOK             Verdict = "OK"
	VerdictNonStrict      Verdict = "NON-STRICT"
	VerdictInformational  Verdict = "INFORMATIONAL"
	VerdictUnimplemented  Verdict = "UNIMPLEMENTED"
	VerdictFailed         Verdict = "FAILED"
	VerdictWrongCode      Verdict = "WRONG CODE"
	VerdictUnclean        Verdict = "UNCLEAN"
	VerdictFailedByClient Verdict = "FAILED BY CLIENT"
)

// EventKind names what a case observed from the peer.
type EventKind string

// The events a case records.
const (
	EventMessage EventKind = "message" // a complete data message
	EventPong    EventKind = "pong"    // a Pong frame
	EventTimeout EventKind = "timeout" // a scripted pause of the case elapsed
)

// Event is one observation of a case: a message (Payload, Binary), a pong
// (Payload) or the end of a scripted pause (Tag).
type Event struct {
	Kind    EventKind
	Payload []byte
	Binary  bool
	Tag     string
}

// Message returns the event of receiving a text (binary false) or binary
// message with payload p.
func Message(p []byte, binary bool) Event {
	return Event{Kind: EventMessage, Payload: p, Binary: binary}
}

// Pong returns the event of receiving a Pong frame with payload p.
func Pong(p []byte) Event { return Event{Kind: EventPong, Payload: p} }

// Timeout returns the event a case records when its pause named tag ends.
func Timeout(tag string) Event { return Event{Kind: EventTimeout, Tag: tag} }

func (e Event) equal(o Event) bool {
	return e.Kind == o.Kind && e.Binary == o.Binary && e.Tag == o.Tag && bytes.Equal(e.Payload, o.Payload)
}

func eventsEqual(a, b []Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].equal(b[i]) {
			return false
		}
	}
	return true
}

// Outcome is one acceptable sequence of events and the verdict it earns.
type Outcome struct {
	Verdict Verdict
	Events  []Event
}

// CloseExpectation states how a case expects the connection to end.
type CloseExpectation struct {
	// ClosedByMe: the fuzzer, not the peer, sends the first Close frame.
	ClosedByMe bool
	// Codes lists the close codes the peer may send; an empty Close frame is
	// always accepted.
	Codes []frame.StatusCode
	// RequireClean: the closing handshake must complete on both sides.
	RequireClean bool
	// WrongEndpointFatal: when the wrong endpoint fails the connection,
	// the behaviour is FAILED too, not only the close.
	WrongEndpointFatal bool
}

func closeNormal() CloseExpectation {
	return CloseExpectation{ClosedByMe: true, Codes: []frame.StatusCode{frame.StatusNormalClosure}, RequireClean: true}
}

func closeByPeer(code frame.StatusCode) CloseExpectation {
	return CloseExpectation{Codes: []frame.StatusCode{code}}
}

// Case is one entry of the catalogue: its identity, what it sends (Open and
// the callbacks) and how it judges the outcome.
type Case struct {
	// ID is the official case id, such as "5.19".
	ID string
	// Description says what the case sends; Expectation what a conforming
	// peer does in return.
	Description string
	Expectation string
	// Open runs when the connection is open: it states the expected
	// outcomes, sends the traffic and arms the timers.
	Open func(p *Peer)
	// OnMessage, when set, replaces the default handling of a message
	// (record it, then close once every expected outcome matches).
	OnMessage func(p *Peer, ev Event)
	// SuppressClose stops the fuzzer from sending the normal Close frame
	// when the events match: the case sends its own Close frames.
	SuppressClose bool
	// Judge, when set, adjusts the verdicts after the standard rules.
	Judge func(r *Result)
	// ReportTime marks the performance cases, whose duration is the point.
	ReportTime bool
	// Deflate, when set, negotiates permessage-deflate for the case (12.*,
	// 13.*); the other cases neither offer nor accept it.
	Deflate *Deflate

	spec *compressionSpec // the parameters of a compression case
}

// seconds converts a delay of the official suite to a duration.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
