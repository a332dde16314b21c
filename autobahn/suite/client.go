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
	var offers []DeflateOffer
	if c.Deflate != nil {
		offers = c.Deflate.Offers
	}
	hs, err := dialWebSocket(ctx, u, offers, o.handshakeTimeout())
	if err != nil {
		return handshakeFailure(c, agent, index, false, hs.req, hs.resp, err)
	}
	p := newPeer(c, hs, false, o)
	p.run(ctx, o.caseTimeout())
	r := p.judge(agent, index)
	r.HTTPRequest, r.HTTPResponse = hs.req, hs.resp
	return r
}

// opened is a connection after the opening handshake: the reader holds any
// bytes that followed the handshake, req and resp are the handshake texts
// for the report, and deflate the agreed permessage-deflate, if any.
type opened struct {
	conn      net.Conn
	br        *bufio.Reader
	req, resp string
	deflate   *DeflateParams
}

// dialWebSocket opens TCP (and TLS for wss) and performs the opening
// handshake by hand, offering permessage-deflate when offers is not empty.
// On failure the handshake texts seen so far are still returned.
func dialWebSocket(ctx context.Context, u *url.URL, offers []DeflateOffer, timeout time.Duration) (opened, error) {
	var hs opened
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), map[string]string{"ws": "80", "wss": "443"}[u.Scheme])
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return hs, err
	}
	if u.Scheme == "wss" {
		conn = tls.Client(conn, &tls.Config{ServerName: u.Hostname()})
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	key, err := handshake.NewKey()
	if err != nil {
		_ = conn.Close()
		return hs, err
	}
	hs.req = "GET " + u.RequestURI() + " HTTP/1.1\r\n" +
		"User-Agent: hybi-autobahn\r\n" +
		"Host: " + u.Host + "\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\n" +
		"Sec-WebSocket-Version: 13\r\n"
	if len(offers) > 0 {
		hs.req += "Sec-WebSocket-Extensions: " + formatOffers(offers) + "\r\n"
	}
	hs.req += "\r\n"
	if _, err := conn.Write([]byte(hs.req)); err != nil {
		_ = conn.Close()
		return hs, err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		_ = conn.Close()
		return hs, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "HTTP/%d.%d %s\r\n", resp.ProtoMajor, resp.ProtoMinor, resp.Status)
	_ = resp.Header.Write(&sb)
	sb.WriteString("\r\n")
	hs.resp = sb.String()
	// RFC 6455, Section 4.1: the client checks the status and the accept key.
	switch {
	case resp.StatusCode != http.StatusSwitchingProtocols:
		err = fmt.Errorf("status %s, not 101", resp.Status)
	case resp.Header.Get("Sec-WebSocket-Accept") != handshake.AcceptKey(key):
		err = errors.New("Sec-WebSocket-Accept does not match the key")
	case len(offers) == 0 && len(resp.Header.Values("Sec-WebSocket-Extensions")) > 0:
		// RFC 6455, Section 4.1: an extension that was not offered fails the connection.
		err = errors.New("server accepted an extension that was not offered")
	default:
		hs.deflate, err = parseResponse(resp.Header.Values("Sec-WebSocket-Extensions"))
	}
	if err != nil {
		_ = conn.Close()
		return hs, err
	}
	_ = conn.SetDeadline(time.Time{})
	hs.conn, hs.br = conn, br
	return hs, nil
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
