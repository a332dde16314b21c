package handshake

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
)

// Plain ws:// through an HTTP proxy. net/http forwards a plain-HTTP request
// to a proxy in absolute form, and proxies do not carry an Upgrade that way;
// WebSocket clients tunnel with CONNECT instead (RFC 6455, Section 4.1:
// "the client SHOULD ... ask it to connect to host/port via CONNECT"). The
// default client's transport therefore never proxies plain requests itself:
// Dial asks the environment for a proxy, and the transport's dialer opens a
// CONNECT tunnel through it when Dial asked for one. wss:// is tunnelled by
// net/http as usual.

type tunnelKey struct{}

// withTunnel marks the request context of a plain request that must go
// through proxy p.
func withTunnel(ctx context.Context, p *url.URL) context.Context {
	return context.WithValue(ctx, tunnelKey{}, p)
}

// plainProxyOff wraps a Proxy function so that plain-HTTP requests are
// never forwarded: they are tunnelled by tunnelDialer.
func plainProxyOff(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		if r.URL.Scheme == "http" {
			return nil, nil
		}
		return proxy(r)
	}
}

// tunnelDialer dials through the CONNECT proxy named in ctx, if any.
func tunnelDialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		p, _ := ctx.Value(tunnelKey{}).(*url.URL)
		if p == nil {
			return dial(ctx, network, addr)
		}
		return dialTunnel(ctx, dial, p, addr)
	}
}

func dialTunnel(ctx context.Context, dial func(ctx context.Context, network, addr string) (net.Conn, error), p *url.URL, addr string) (net.Conn, error) {
	proxyAddr := p.Host
	if p.Port() == "" {
		port := "80"
		if p.Scheme == "https" {
			port = "443"
		}
		proxyAddr = net.JoinHostPort(p.Hostname(), port)
	}
	c, err := dial(ctx, "tcp", proxyAddr)
	if err != nil {
		return nil, err
	}
	if p.Scheme == "https" {
		tc := tls.Client(c, &tls.Config{ServerName: p.Hostname()})
		if err := tc.HandshakeContext(ctx); err != nil {
			c.Close()
			return nil, err
		}
		c = tc
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{}}
	if u := p.User; u != nil {
		pw, _ := u.Password()
		req.Header.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
	}
	if err := req.Write(c); err != nil {
		c.Close()
		return nil, err
	}
	// Read the answer byte by byte's worth of buffering only: nothing past
	// the response may be swallowed, it belongs to the tunnel.
	br := bufio.NewReaderSize(c, 1)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		c.Close()
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		c.Close()
		return nil, fmt.Errorf("handshake: proxy %s refused CONNECT %s: %s", p.Redacted(), addr, resp.Status)
	}
	if ctx.Err() != nil {
		c.Close()
		return nil, ctx.Err()
	}
	return c, nil
}

// environmentProxy is the proxy the environment names for a request;
// a variable so tests can set it without touching the process environment.
var environmentProxy = http.ProxyFromEnvironment
