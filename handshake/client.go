package handshake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// ClientOptions configures the client side of the handshake. A nil
// *ClientOptions means the zero value: the default HTTP client, no extra
// header, no subprotocol, no extension.
type ClientOptions struct {
	// HTTPClient sends the upgrade request, so its Transport decides
	// proxies, TLS configuration and dialing. Its Transport must speak
	// HTTP/1.1 to the server (HTTP/2 has no Upgrade) and return the 101
	// body as an io.ReadWriteCloser, as http.Transport does. Its redirect
	// policy applies. Default (nil): a shared client whose transport is a
	// clone of http.DefaultTransport limited to HTTP/1.1, with Proxy from
	// the environment, that follows no redirect.
	HTTPClient *http.Client

	// Header holds extra request headers (Origin, Cookie, Authorization...).
	// A Host entry sets the request's Host. The headers the handshake owns
	// (Upgrade, Connection, Sec-WebSocket-Key, -Version, -Protocol and
	// -Extensions) are overwritten. Default: none.
	Header http.Header

	// Subprotocols are offered in Sec-WebSocket-Protocol, in preference
	// order. Default: none, and the server must then choose none.
	Subprotocols []string

	// Extensions are offered in Sec-WebSocket-Extensions, in preference
	// order. Default: none, and the server must then accept none.
	Extensions []Extension

	// ConcurrentHandshakes lets this handshake run while another one to the
	// same host and port is in progress. By default Dial waits for it, as
	// RFC 6455 (Section 4.1) requires of clients: one connection in the
	// CONNECTING state per host. Setting it breaks that rule; it is for load
	// generators and tests that open many connections at once.
	ConcurrentHandshakes bool
}

// maxErrorBody bounds how much of a refusal's body Dial keeps for the caller.
const maxErrorBody = 16 << 10

var defaultClient = sync.OnceValue(func() *http.Client {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{}
	}
	t.Proxy = plainProxyOff(http.ProxyFromEnvironment)
	dial := t.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	t.DialContext = tunnelDialer(dial)
	// HTTP/2 has no Upgrade mechanism: never negotiate it through ALPN.
	t.Protocols = new(http.Protocols)
	t.Protocols.SetHTTP1(true)
	return &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
})

// Dial performs the client side of the handshake (RFC 6455, Section 4.1)
// through an *http.Client, so proxies, TLS configuration and custom dialers
// configured on its transport apply. The URL scheme is ws, wss, http or
// https; a fragment is dropped.
//
// ctx bounds the handshake only: cancelling it after Dial returns does not
// affect the returned connection. The caller owns rwc and must Close it;
// bytes the server sent right after its 101 are delivered by rwc first.
// When the transport reports the connection through httptrace, as
// http.Transport does, rwc also implements net.Conn (deadlines and
// addresses are those of the underlying connection) and CloseWrite.
//
// While another Dial to the same host and port is in its handshake, Dial
// waits for it to end (see ClientOptions.ConcurrentHandshakes).
//
// On a response other than a valid 101 Dial returns an error together with
// resp, whose Body holds up to 16 KiB of what the server sent and needs no
// Close. A non-101 status matches ErrBadStatus; the other checks are those
// of CheckResponse. Transport failures are returned with a nil resp.
func Dial(ctx context.Context, rawURL string, opts *ClientOptions) (rwc io.ReadWriteCloser, resp *http.Response, res *Result, err error) {
	if opts == nil {
		opts = &ClientOptions{}
	}
	req, key, err := newRequest(rawURL, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	if !opts.ConcurrentHandshakes {
		done, err := waitTurn(ctx, hostKey(req.URL))
		if err != nil {
			return nil, nil, nil, fmt.Errorf("handshake: dial %s: waiting for another handshake to the host: %w", req.URL.Redacted(), err)
		}
		defer done()
	}
	client := opts.HTTPClient
	tunnel := ctx
	if client == nil {
		client = defaultClient()
		if req.URL.Scheme == "http" {
			if p, err := environmentProxy(req); err != nil {
				return nil, nil, nil, fmt.Errorf("handshake: proxy from the environment: %w", err)
			} else if p != nil {
				tunnel = withTunnel(ctx, p)
			}
		}
	}

	// A RoundTripper may tie the connection to the request's context even
	// after a 101, so the request gets a context of its own: it follows ctx
	// until the handshake ends, then lives until rwc is closed.
	reqCtx, cancel := context.WithCancel(context.WithoutCancel(tunnel))
	stop := context.AfterFunc(ctx, cancel)
	var conn net.Conn
	reqCtx = httptrace.WithClientTrace(reqCtx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { conn = info.Conn },
	})
	resp, err = client.Do(req.WithContext(reqCtx))
	if err != nil {
		cancel()
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, nil, nil, fmt.Errorf("handshake: dial %s: %w", req.URL.Redacted(), err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		// Read while ctx still bounds the body, then release the connection.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		cancel()
		return nil, resp, nil, fmt.Errorf("%w: %s", ErrBadStatus, resp.Status)
	}
	body, ok := resp.Body.(io.ReadWriteCloser)
	if !ok {
		resp.Body.Close()
		resp.Body = http.NoBody
		cancel()
		return nil, resp, nil, ErrNotUpgraded
	}
	res, err = CheckResponse(resp, key, opts)
	if err == nil && !stop() {
		err = fmt.Errorf("handshake: dial %s: %w", req.URL.Redacted(), ctx.Err())
	}
	if err != nil {
		body.Close()
		resp.Body = http.NoBody
		cancel()
		return nil, resp, nil, err
	}
	resp.Body = http.NoBody
	uc := upgraded{ReadWriteCloser: body, cancel: cancel}
	if conn != nil {
		return &upgradedConn{upgraded: uc, conn: conn}, resp, res, nil
	}
	return &uc, resp, res, nil
}

// newRequest builds the upgrade request of RFC 6455, Section 4.1.
func newRequest(rawURL string, opts *ClientOptions) (*http.Request, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", fmt.Errorf("handshake: dial: %w", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "http":
		u.Scheme = "http"
	case "wss", "https":
		u.Scheme = "https"
	default:
		return nil, "", fmt.Errorf("%w: %q", ErrBadScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, "", fmt.Errorf("%w: %q", ErrBadURL, rawURL)
	}
	// RFC 6455, Section 4.1: each subprotocol a non-empty token (printable
	// ASCII without separators), all distinct.
	for i, p := range opts.Subprotocols {
		if !isToken(p) || slices.Contains(opts.Subprotocols[:i], p) {
			return nil, "", fmt.Errorf("%w: %q", ErrBadOffer, p)
		}
	}
	// RFC 6455, Section 3: fragment identifiers MUST NOT be used.
	u.Fragment, u.RawFragment = "", ""
	key, err := NewKey()
	if err != nil {
		return nil, "", err
	}
	req := &http.Request{
		Method:     http.MethodGet,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     opts.Header.Clone(),
		Host:       u.Host,
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
		req.Header.Del("Host")
	}
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Key", key)
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Del("Sec-WebSocket-Protocol")
	if len(opts.Subprotocols) > 0 {
		req.Header.Set("Sec-WebSocket-Protocol", strings.Join(opts.Subprotocols, ", "))
	}
	req.Header.Del("Sec-WebSocket-Extensions")
	if len(opts.Extensions) > 0 {
		req.Header.Set("Sec-WebSocket-Extensions", FormatExtensions(opts.Extensions))
	}
	return req, key, nil
}

// CheckResponse validates the server's answer to an upgrade request sent
// with key and opts (RFC 6455, Section 4.1, client requirements 1 to 6) and
// returns what was agreed. It only reads resp's status and header.
//
// Errors match, with errors.Is: ErrBadStatus (not 101), ErrBadUpgrade,
// ErrBadConnection, ErrBadAccept, ErrBadSubprotocol (several, or one not
// offered), ErrBadExtensions (a header that does not parse) and
// ErrBadExtension (a name that was not offered). Extension parameters are
// not checked: that is the negotiated extension's job.
func CheckResponse(resp *http.Response, key string, opts *ClientOptions) (*Result, error) {
	if opts == nil {
		opts = &ClientOptions{}
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, fmt.Errorf("%w: %s", ErrBadStatus, resp.Status)
	}
	if !hasToken(resp.Header.Values("Upgrade"), "websocket") {
		return nil, ErrBadUpgrade
	}
	if !hasToken(resp.Header.Values("Connection"), "Upgrade") {
		return nil, ErrBadConnection
	}
	if a := resp.Header.Values("Sec-WebSocket-Accept"); len(a) != 1 || a[0] != AcceptKey(key) {
		return nil, ErrBadAccept
	}
	res := &Result{}
	// RFC 6455, Section 4.1, client requirement 6.
	if protos := resp.Header.Values("Sec-WebSocket-Protocol"); len(protos) > 0 {
		if len(protos) > 1 || !slices.Contains(opts.Subprotocols, protos[0]) {
			return nil, fmt.Errorf("%w: %q", ErrBadSubprotocol, protos)
		}
		res.Subprotocol = protos[0]
	}
	// RFC 6455, Section 4.1, client requirement 5.
	exts, err := ParseExtensions(resp.Header.Values("Sec-WebSocket-Extensions"))
	if err != nil {
		return nil, err
	}
	for _, e := range exts {
		if !hasOffer(opts.Extensions, e.Name) {
			return nil, fmt.Errorf("%w: %q", ErrBadExtension, e.Name)
		}
	}
	res.Extensions = exts
	return res, nil
}

// upgraded is the connection Dial returns: the 101 response body, which
// drains the transport's read buffer before reading the socket.
type upgraded struct {
	io.ReadWriteCloser
	cancel context.CancelFunc
}

// Close closes the connection and releases the request's context.
func (u *upgraded) Close() error {
	err := u.ReadWriteCloser.Close()
	u.cancel()
	return err
}

// CloseWrite shuts down the writing side when the connection supports it.
func (u *upgraded) CloseWrite() error {
	if cw, ok := u.ReadWriteCloser.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}

// upgradedConn is upgraded when the underlying net.Conn is known.
type upgradedConn struct {
	upgraded
	conn net.Conn
}

var _ net.Conn = (*upgradedConn)(nil)

func (u *upgradedConn) LocalAddr() net.Addr                { return u.conn.LocalAddr() }
func (u *upgradedConn) RemoteAddr() net.Addr               { return u.conn.RemoteAddr() }
func (u *upgradedConn) SetDeadline(t time.Time) error      { return u.conn.SetDeadline(t) }
func (u *upgradedConn) SetReadDeadline(t time.Time) error  { return u.conn.SetReadDeadline(t) }
func (u *upgradedConn) SetWriteDeadline(t time.Time) error { return u.conn.SetWriteDeadline(t) }
