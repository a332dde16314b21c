package suite

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/handshake"
)

// Server is the fuzzing server: an http.Handler that tests WebSocket
// clients with the same protocol as the official fuzzingserver. A client
// under test connects to
//
//	/getCaseCount                 receives the number of cases as a text message
//	/getCaseInfo?case=N           receives {"id": ..., "description": ...}
//	/runCase?case=N&agent=A       runs case N (1-based) against agent A
//	/getCaseStatus?case=N&agent=A receives {"behavior": ...} of that run
//	/updateReports?agent=A        waits for the verdicts of every case still
//	                              running, then writes the reports to OutDir,
//	                              if set
//
// and the server closes each connection once its part is done. Results
// collect in Report. ServeHTTP is safe for concurrent use.
type Server struct {
	// OutDir is where /updateReports writes the reports; empty: nowhere.
	OutDir string
	// OnUpdate, when set, is called after /updateReports with the agent.
	OnUpdate func(agent string)

	opts    *Options
	cases   []*Case
	report  *Report
	mu      sync.Mutex     // serialises report writing
	running sync.WaitGroup // runCase connections not yet judged
}

// NewServer returns a fuzzing server for the cases filter selects (see
// Select). A nil opts means the defaults.
func NewServer(filter string, opts *Options) (*Server, error) {
	cases, err := Select(Cases(), filter)
	if err != nil {
		return nil, err
	}
	return &Server{opts: opts, cases: cases, report: NewReport()}, nil
}

// Report returns the results recorded so far.
func (s *Server) Report() *Report { return s.report }

// CaseCount returns the number of selected cases.
func (s *Server) CaseCount() int { return len(s.cases) }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	agent := q.Get("agent")
	var c *Case
	index := 0
	if r.URL.Path == "/runCase" || r.URL.Path == "/getCaseInfo" || r.URL.Path == "/getCaseStatus" {
		n, err := strconv.Atoi(q.Get("case"))
		if err != nil || n < 1 || n > len(s.cases) {
			http.Error(w, fmt.Sprintf("case must be 1..%d", len(s.cases)), http.StatusBadRequest)
			return
		}
		c, index = s.cases[n-1], n
	}
	var script *Case
	switch r.URL.Path {
	case "/runCase":
		if agent == "" {
			http.Error(w, "agent is required", http.StatusBadRequest)
			return
		}
		script = c
	case "/getCaseCount":
		script = replyCase(strconv.Itoa(len(s.cases)))
	case "/getCaseInfo":
		b, _ := json.Marshal(map[string]string{"id": c.ID, "description": c.Description})
		script = replyCase(string(b))
	case "/getCaseStatus":
		status := map[string]any{"behavior": nil}
		for _, res := range s.report.Results(agent) {
			if res.ID == c.ID {
				status["behavior"] = res.Behavior
			}
		}
		b, _ := json.Marshal(status)
		script = replyCase(string(b))
	case "/updateReports":
		if err := s.updateReports(agent); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		script = replyCase("")
	default:
		http.NotFound(w, r)
		return
	}
	if script == c {
		// A client may ask for the reports as soon as its side of the
		// last case is done; updateReports waits for the verdicts.
		s.running.Add(1)
		defer s.running.Done()
	}
	hs, err := acceptWebSocket(w, r, script.Deflate)
	if err != nil {
		if index > 0 && script == c {
			s.report.Add(handshakeFailure(c, agent, index, true, hs.req, hs.resp, err))
		}
		return
	}
	p := newPeer(script, hs, true, s.opts)
	p.run(r.Context(), s.opts.caseTimeout())
	if script == c {
		res := p.judge(agent, index)
		res.HTTPRequest, res.HTTPResponse = hs.req, hs.resp
		s.report.Add(res)
	}
}

func (s *Server) updateReports(agent string) error {
	s.running.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.OutDir != "" {
		if err := s.report.WriteDir(s.OutDir); err != nil {
			return err
		}
	}
	if s.OnUpdate != nil {
		s.OnUpdate(agent)
	}
	return nil
}

// replyCase is the script of the service endpoints: send text (if any),
// then close normally.
func replyCase(text string) *Case {
	return &Case{ID: "service", Open: func(p *Peer) {
		p.ExpectClose(closeNormal())
		if text != "" {
			p.Frame(frame.OpText, []byte(text))
		}
		p.SendClose(int(frame.StatusNormalClosure))
		p.KillAfter(2)
	}}
}

// acceptWebSocket checks the upgrade request, answers the client's
// permessage-deflate offers by the case's rule (declining them all when the
// case has none), takes over the connection and writes the 101 response by
// hand (RFC 6455, Section 4.2.2).
func acceptWebSocket(w http.ResponseWriter, r *http.Request, d *Deflate) (opened, error) {
	var hs opened
	var sb strings.Builder
	_ = r.Write(&sb)
	hs.req = sb.String()
	key, err := handshake.CheckRequest(r, &handshake.ServerOptions{InsecureSkipOriginCheck: true})
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return hs, err
	}
	if d != nil && d.Accept != nil {
		if params, ok := d.Accept(parseOffers(r.Header.Values("Sec-WebSocket-Extensions"))); ok {
			hs.deflate = &params
		}
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return hs, err
	}
	hs.resp = "HTTP/1.1 101 Switching Protocols\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + handshake.AcceptKey(key) + "\r\n"
	if hs.deflate != nil {
		hs.resp += "Sec-WebSocket-Extensions: " + hs.deflate.String() + "\r\n"
	}
	hs.resp += "\r\n"
	if _, err := conn.Write([]byte(hs.resp)); err != nil {
		_ = conn.Close()
		return hs, err
	}
	hs.conn, hs.br = conn, rw.Reader
	return hs, nil
}
