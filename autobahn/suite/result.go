package suite

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/hybi-go/websocket/frame"
)

// Result is the record of one case run, with the fields and JSON names of
// the official suite's per-case report, so tools that read one read the
// other.
type Result struct {
	Agent         string              `json:"agent"`
	ID            string              `json:"id"`
	Index         int                 `json:"case"` // 1-based position in the run
	Description   string              `json:"description"`
	Expectation   string              `json:"expectation"`
	Behavior      Verdict             `json:"behavior"`
	BehaviorClose Verdict             `json:"behaviorClose"`
	Outcome       string              `json:"result"`
	OutcomeClose  string              `json:"resultClose"`
	Expected      map[Verdict][]Event `json:"expected"`
	ExpectedClose CloseExpectation    `json:"expectedClose"`
	Received      []Event             `json:"received"`
	Started       string              `json:"started"`
	Duration      int64               `json:"duration"` // milliseconds
	ReportTime    bool                `json:"reportTime"`
	IsServer      bool                `json:"isServer"` // the fuzzer played the server

	ClosedByMe               bool    `json:"closedByMe"`
	FailedByMe               bool    `json:"failedByMe"`
	DroppedByMe              bool    `json:"droppedByMe"`
	WasClean                 bool    `json:"wasClean"`
	WasNotCleanReason        *string `json:"wasNotCleanReason"`
	WasServerDropTimeout     bool    `json:"wasServerConnectionDropTimeout"`
	WasOpenHandshakeTimeout  bool    `json:"wasOpenHandshakeTimeout"`
	WasCloseHandshakeTimeout bool    `json:"wasCloseHandshakeTimeout"`
	LocalCloseCode           *int    `json:"localCloseCode"`
	LocalCloseReason         *string `json:"localCloseReason"`
	RemoteCloseCode          *int    `json:"remoteCloseCode"`
	RemoteCloseReason        *string `json:"remoteCloseReason"`

	CreateStats   bool        `json:"createStats"`
	CreateWirelog bool        `json:"createWirelog"`
	RxOctetStats  map[int]int `json:"rxOctetStats"`
	RxFrameStats  map[int]int `json:"rxFrameStats"`
	TxOctetStats  map[int]int `json:"txOctetStats"`
	TxFrameStats  map[int]int `json:"txFrameStats"`
	Wirelog       []any       `json:"wirelog"`
	HTTPRequest   string      `json:"httpRequest"`
	HTTPResponse  string      `json:"httpResponse"`
}

// Passed reports whether the case counts as passed: no FAILED or
// UNIMPLEMENTED behaviour and a close that was not judged wrong.
func (r *Result) Passed() bool {
	return verdictPasses(r.Behavior, r.BehaviorClose)
}

func verdictPasses(b, c Verdict) bool {
	switch b {
	case VerdictFailed, VerdictUnimplemented:
		return false
	}
	switch c {
	case VerdictFailed, VerdictWrongCode, VerdictUnclean:
		return false
	}
	return true
}

// MarshalJSON writes an event as the official suite does: ["message",
// payload, binary], ["pong", payload] or ["timeout", tag].
func (e Event) MarshalJSON() ([]byte, error) {
	switch e.Kind {
	case EventMessage:
		return json.Marshal([]any{e.Kind, logText(e.Payload, maxEventData), e.Binary})
	case EventTimeout:
		return json.Marshal([]any{e.Kind, e.Tag})
	}
	return json.Marshal([]any{e.Kind, logText(e.Payload, maxEventData)})
}

// MarshalJSON writes the expectation with the official field names.
func (c CloseExpectation) MarshalJSON() ([]byte, error) {
	codes := make([]int, len(c.Codes))
	for i, code := range c.Codes {
		codes[i] = int(code)
	}
	m := map[string]any{"closedByMe": c.ClosedByMe, "closeCode": codes, "requireClean": c.RequireClean}
	if c.WrongEndpointFatal {
		m["closedByWrongEndpointIsFatal"] = true
	}
	return json.Marshal(m)
}

// judge applies the official suite's rules to the finished connection.
// The lock must not be held: the case is over.
func (p *Peer) judge(agent string, index int) *Result {
	r := &Result{
		Agent: agent, ID: p.c.ID, Index: index,
		Description: p.c.Description, Expectation: p.c.Expectation,
		Behavior: p.behavior, Outcome: p.result,
		Expected:      map[Verdict][]Event{},
		ExpectedClose: p.expectedClose,
		Received:      p.received,
		Started:       p.started.UTC().Format("2006-01-02T15:04:05.000Z"),
		Duration:      p.duration.Milliseconds(),
		ReportTime:    p.c.ReportTime,
		IsServer:      p.isServer,
		ClosedByMe:    p.closedByMe, FailedByMe: p.failedByMe, DroppedByMe: p.droppedByMe,
		WasClean:                 p.wasClean,
		WasServerDropTimeout:     p.wasServerDropTimeout,
		WasCloseHandshakeTimeout: p.wasCloseHandshakeTimeout,
		LocalCloseCode:           codePtr(p.localCode), LocalCloseReason: p.localReason,
		RemoteCloseCode: codePtr(p.remoteCode), RemoteCloseReason: p.remoteReason,
		CreateStats: true, CreateWirelog: true,
		RxOctetStats: p.rxOctets, RxFrameStats: p.rxFrames,
		TxOctetStats: p.txOctets, TxFrameStats: p.txFrames,
		Wirelog: p.wirelog,
	}
	if r.Received == nil {
		r.Received = []Event{}
	}
	if p.wasNotCleanReason != "" && !p.wasClean {
		s := p.wasNotCleanReason
		r.WasNotCleanReason = &s
	}
	for _, o := range p.expected {
		r.Expected[o.Verdict] = o.Events
	}
	for _, o := range p.expected {
		if eventsEqual(p.received, o.Events) {
			r.Behavior, r.Outcome = o.Verdict, "Actual events match at least one expected."
			break
		}
	}
	ec := p.expectedClose
	switch {
	case ec.ClosedByMe != p.closedByMe:
		r.BehaviorClose, r.OutcomeClose = VerdictFailed, "The connection was failed by the wrong endpoint"
		// The official suite fails the behaviour too when the case says so
		// (the peer had to fail the connection itself), whatever the events.
		if ec.WrongEndpointFatal {
			r.Behavior = VerdictFailed
		}
	case ec.RequireClean && !p.wasClean:
		r.BehaviorClose, r.OutcomeClose = VerdictUnclean, "The spec requires the connection to be failed cleanly here"
	case p.remoteCode != noCode && !slices.Contains(ec.Codes, frame.StatusCode(p.remoteCode)):
		r.BehaviorClose, r.OutcomeClose = VerdictWrongCode, "The close code should have been "+joinCodes(ec.Codes)+" or empty"
	case !p.isServer && p.droppedByMe:
		r.BehaviorClose, r.OutcomeClose = VerdictFailedByClient, "It is preferred that the server close the TCP connection"
	default:
		r.BehaviorClose, r.OutcomeClose = VerdictOK, "Connection was properly closed"
	}
	if p.c.Judge != nil {
		p.c.Judge(r)
	}
	return r
}

func codePtr(c int) *int {
	if c == noCode {
		return nil
	}
	return &c
}

func joinCodes(codes []frame.StatusCode) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = itoa(int(c))
	}
	return strings.Join(s, ",")
}

// failOnWrongCode is the Judge of the close cases (7.*): a wrong close code
// fails the behaviour too.
func failOnWrongCode(r *Result) {
	if r.BehaviorClose == VerdictWrongCode {
		r.Behavior, r.Outcome = VerdictFailed, r.OutcomeClose
	}
}

// informational is the Judge of cases whose outcome the RFC leaves open.
func informational(result string) func(r *Result) {
	return func(r *Result) {
		r.Behavior, r.BehaviorClose = VerdictInformational, VerdictInformational
		if result != "" {
			r.Outcome = result
		}
	}
}
