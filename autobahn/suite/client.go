package suite

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hybi-go/websocket/handshake"
)

// RunServerTests runs the selected cases against the WebSocket server at
// rawURL (ws:// or wss://), one connection per case, in catalogue order, as
// the official fuzzingclient does, and returns their results under agent.
// filter selects cases (see Select; "" means all). It blocks until every
// case is done or ctx ends; cases not run by then are missing from the
// report. Each case is bounded by Options.CaseTimeout.
func RunServerTests(ctx context.Context, rawURL, agent, filter string, opts *Options) (*Report, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("suite: bad server URL: %w", err)
	}
	if u.Scheme != "ws" && u.Scheme != "wss" {
		return nil, fmt.Errorf("suite: URL scheme %q is not ws or wss", u.Scheme)
	}
	cases, err := Select(Cases(), filter)
	if err != nil {
		return nil, err
	}
	rep := NewReport()
	for i, c := range cases {
		if ctx.Err() != nil {
			break
		}
		rep.Add(runAgainstServer(ctx, u, c, agent, i+1, opts))
	}
	return rep, ctx.Err()
}

func runAgainstServer(ctx context.Context, u *url.URL, c *Case, agent string, index int, o *Options) *Result {
	conn, br, req, resp, err := dialWebSocket(ctx, u, o.handshakeTimeout())
	if err != nil {
		return handshakeFailure(c, agent, index, false, req, resp, err)
	}
	p := newPeer(c, conn, br, false, o)
	p.run(ctx, o.caseTimeout())
	r := p.judge(agent, index)
	r.HTTPRequest, r.HTTPResponse = req, resp
	return r
}

// dialWebSocket opens TCP (and TLS for wss) and performs the opening
// handshake by hand, returning the connection, the reader that holds any
// bytes after the response, and both handshake texts for the report.
func dialWebSocket(ctx context.Context, u *url.URL, timeout time.Duration) (net.Conn, *bufio.Reader, string, string, error) {
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), map[string]string{"ws": "80", "wss": "443"}[u.Scheme])
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, nil, "", "", err
	}
	if u.Scheme == "wss" {
		conn = tls.Client(conn, &tls.Config{ServerName: u.Hostname()})
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	key, err := handshake.NewKey()
	if err != nil {
		_ = conn.Close()
		return nil, nil, "", "", err
	}
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\n" +
		"User-Agent: hybi-autobahn\r\n" +
		"Host: " + u.Host + "\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\n" +
		"Sec-WebSocket-Version: 13\r\n\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		_ = conn.Close()
		return nil, nil, req, "", err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		_ = conn.Close()
		return nil, nil, req, "", err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "HTTP/%d.%d %s\r\n", resp.ProtoMajor, resp.ProtoMinor, resp.Status)
	_ = resp.Header.Write(&sb)
	sb.WriteString("\r\n")
	// RFC 6455, Section 4.1: the client checks the status and the accept key.
	switch {
	case resp.StatusCode != http.StatusSwitchingProtocols:
		err = fmt.Errorf("status %s, not 101", resp.Status)
	case resp.Header.Get("Sec-WebSocket-Accept") != handshake.AcceptKey(key):
		err = errors.New("Sec-WebSocket-Accept does not match the key")
	}
	if err != nil {
		_ = conn.Close()
		return nil, nil, req, sb.String(), err
	}
	_ = conn.SetDeadline(time.Time{})
	return conn, br, req, sb.String(), nil
}

// handshakeFailure is the result of a case whose connection never opened.
func handshakeFailure(c *Case, agent string, index int, isServer bool, req, resp string, err error) *Result {
	reason := "opening handshake failed: " + err.Error()
	return &Result{
		Agent: agent, ID: c.ID, Index: index, Description: c.Description, Expectation: c.Expectation,
		Behavior: VerdictFailed, BehaviorClose: VerdictFailed,
		Outcome: reason, OutcomeClose: reason,
		Expected: map[Verdict][]Event{}, Received: []Event{}, IsServer: isServer,
		Started:           time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		WasNotCleanReason: &reason, WasOpenHandshakeTimeout: errors.Is(err, context.DeadlineExceeded) || isTimeout(err),
		HTTPRequest: req, HTTPResponse: resp,
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
