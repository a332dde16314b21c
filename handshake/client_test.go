package handshake_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/handshake"
)

// response101 returns the response of RFC 6455, Section 1.2 for the key of
// Section 1.3.
func response101() *http.Response {
	return &http.Response{
		Status:     "101 Switching Protocols",
		StatusCode: http.StatusSwitchingProtocols,
		Header: http.Header{
			"Upgrade":              {"websocket"},
			"Connection":           {"Upgrade"},
			"Sec-Websocket-Accept": {rfcAccept},
		},
	}
}

func TestCheckResponse(t *testing.T) {
	offers := &handshake.ClientOptions{
		Subprotocols: []string{"chat", "superchat"},
		Extensions:   []handshake.Extension{{Name: "permessage-deflate"}, {Name: "x-other"}},
	}
	tests := []struct {
		name   string
		modify func(h http.Header)
		opts   *handshake.ClientOptions
		want   *handshake.Result
		err    error
	}{
		{"RFC 6455 Section 1.2", func(http.Header) {}, nil, &handshake.Result{}, nil},
		{"tokens in lists and any case", func(h http.Header) {
			h.Set("Upgrade", "WebSocket")
			h["Connection"] = []string{"keep-alive", "UPGRADE"}
		}, nil, &handshake.Result{}, nil},
		{"subprotocol and extensions", func(h http.Header) {
			h.Set("Sec-WebSocket-Protocol", "superchat")
			h.Set("Sec-WebSocket-Extensions", "Permessage-Deflate; server_max_window_bits=10")
		}, offers, &handshake.Result{Subprotocol: "superchat", Extensions: []handshake.Extension{
			{Name: "Permessage-Deflate", Params: []handshake.Param{{Name: "server_max_window_bits", Value: "10"}}},
		}}, nil},
		{"status 200", func(http.Header) {}, nil, nil, handshake.ErrBadStatus},
		{"no Upgrade", func(h http.Header) { h.Del("Upgrade") }, nil, nil, handshake.ErrBadUpgrade},
		{"no Connection", func(h http.Header) { h.Set("Connection", "close") }, nil, nil, handshake.ErrBadConnection},
		{"no Accept", func(h http.Header) { h.Del("Sec-WebSocket-Accept") }, nil, nil, handshake.ErrBadAccept},
		{"wrong Accept", func(h http.Header) { h.Set("Sec-WebSocket-Accept", handshake.AcceptKey("x")) }, nil, nil, handshake.ErrBadAccept},
		{"two Accepts", func(h http.Header) { h.Add("Sec-WebSocket-Accept", rfcAccept) }, nil, nil, handshake.ErrBadAccept},
		{"subprotocol not offered", func(h http.Header) { h.Set("Sec-WebSocket-Protocol", "chat") }, nil, nil, handshake.ErrBadSubprotocol},
		{"subprotocol other case", func(h http.Header) { h.Set("Sec-WebSocket-Protocol", "Chat") }, offers, nil, handshake.ErrBadSubprotocol},
		{"two subprotocols", func(h http.Header) { h.Set("Sec-WebSocket-Protocol", "chat, superchat") }, offers, nil, handshake.ErrBadSubprotocol},
		{"two subprotocol headers", func(h http.Header) { h["Sec-Websocket-Protocol"] = []string{"chat", "chat"} }, offers, nil, handshake.ErrBadSubprotocol},
		{"extension not offered", func(h http.Header) { h.Set("Sec-WebSocket-Extensions", "x-other, x-third") }, offers, nil, handshake.ErrBadExtension},
		{"extension when none offered", func(h http.Header) { h.Set("Sec-WebSocket-Extensions", "permessage-deflate") }, nil, nil, handshake.ErrBadExtension},
		{"extension header invalid", func(h http.Header) { h.Set("Sec-WebSocket-Extensions", "permessage-deflate;") }, offers, nil, handshake.ErrBadExtensions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := response101()
			if tt.name == "status 200" {
				resp.StatusCode, resp.Status = 200, "200 OK"
			}
			tt.modify(resp.Header)
			res, err := handshake.CheckResponse(resp, rfcKey, tt.opts)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Nil(t, res)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, res)
		})
	}
}

// echoServer upgrades every request with opts and echoes the stream,
// leftover first, until the client closes.
func echoServer(t *testing.T, opts *handshake.ServerOptions, tlsServer bool) *httptest.Server {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, leftover, _, err := handshake.Upgrade(w, r, opts)
		if err != nil {
			return
		}
		defer c.Close()
		if _, err := c.Write(leftover); err == nil {
			_, _ = io.Copy(c, c)
		}
	})
	var srv *httptest.Server
	if tlsServer {
		srv = httptest.NewTLSServer(handler)
	} else {
		srv = httptest.NewServer(handler)
	}
	t.Cleanup(srv.Close)
	return srv
}

func wsURL(srv *httptest.Server) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// echo writes msg to rwc and checks that it comes back.
func echo(t *testing.T, rwc io.ReadWriter, msg string) {
	t.Helper()
	_, err := io.WriteString(rwc, msg)
	require.NoError(t, err)
	got := make([]byte, len(msg))
	_, err = io.ReadFull(rwc, got)
	require.NoError(t, err)
	assert.Equal(t, msg, string(got))
}

func TestDial_Negotiation(t *testing.T) {
	srv := echoServer(t, &handshake.ServerOptions{
		Subprotocols: []string{"v2", "v1"},
		Extensions: func(offers []handshake.Extension) ([]handshake.Extension, error) {
			return []handshake.Extension{{Name: offers[1].Name, Params: []handshake.Param{{Name: "agreed"}}}}, nil
		},
	}, false)
	rwc, resp, res, err := handshake.Dial(context.Background(), wsURL(srv)+"/chat#frag", &handshake.ClientOptions{
		Header:       http.Header{"Origin": {srv.URL}},
		Subprotocols: []string{"v1", "v2"},
		Extensions:   []handshake.Extension{{Name: "x-a"}, {Name: "x-b", Params: []handshake.Param{{Name: "p", Value: "1"}}}},
	})
	require.NoError(t, err)
	defer rwc.Close()
	assert.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
	assert.Equal(t, &handshake.Result{
		Subprotocol: "v2",
		Extensions:  []handshake.Extension{{Name: "x-b", Params: []handshake.Param{{Name: "agreed"}}}},
	}, res)
	echo(t, rwc, "hello")
}

func TestDial_NetConn(t *testing.T) {
	srv := echoServer(t, nil, false)
	rwc, _, _, err := handshake.Dial(context.Background(), srv.URL, nil)
	require.NoError(t, err)
	defer rwc.Close()
	c, ok := rwc.(net.Conn)
	require.True(t, ok, "%T is not a net.Conn", rwc)
	assert.Equal(t, srv.Listener.Addr().String(), c.RemoteAddr().String())
	cw, ok := rwc.(interface{ CloseWrite() error })
	require.True(t, ok)
	_, err = io.WriteString(c, "bye")
	require.NoError(t, err)
	require.NoError(t, cw.CloseWrite())
	// The echo server sees EOF, echoes what it got and closes.
	got, err := io.ReadAll(c)
	require.NoError(t, err)
	assert.Equal(t, "bye", string(got))
}

func TestDial_CancelAfterDial(t *testing.T) {
	srv := echoServer(t, nil, false)
	ctx, cancel := context.WithCancel(context.Background())
	rwc, _, _, err := handshake.Dial(ctx, wsURL(srv), nil)
	require.NoError(t, err)
	defer rwc.Close()
	cancel()
	echo(t, rwc, "still open")
}

// rawServer runs serve for one connection accepted on loopback, after
// reading its request.
func rawServer(t *testing.T, serve func(c net.Conn, r *http.Request)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		serve(c, r)
	}()
	return "ws://" + ln.Addr().String() + "/"
}

func TestDial_Request(t *testing.T) {
	requests := make(chan *http.Request, 1)
	u := rawServer(t, func(c net.Conn, r *http.Request) { requests <- r })
	_, _, _, err := handshake.Dial(context.Background(), u+"chat?x=1#frag", &handshake.ClientOptions{
		Header: http.Header{
			"Host":              {"virtual.example"},
			"Authorization":     {"Bearer t"},
			"Sec-Websocket-Key": {"forged"},
		},
		Subprotocols: []string{"a", "b"},
		Extensions:   []handshake.Extension{{Name: "x", Params: []handshake.Param{{Name: "p", Value: "1"}}}, {Name: "y"}},
	})
	require.Error(t, err) // the server hangs up without answering
	r := <-requests
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "/chat?x=1", r.RequestURI)
	assert.Equal(t, "virtual.example", r.Host)
	assert.Equal(t, "Bearer t", r.Header.Get("Authorization"))
	_, err = handshake.CheckRequest(r, nil)
	require.NoError(t, err, "Dial's request must pass the server's checks")
	assert.Equal(t, []string{"a, b"}, r.Header.Values("Sec-WebSocket-Protocol"))
	assert.Equal(t, []string{"x; p=1, y"}, r.Header.Values("Sec-WebSocket-Extensions"))
}

func TestDial_BytesAfter101(t *testing.T) {
	u := rawServer(t, func(c net.Conn, r *http.Request) {
		accept := handshake.AcceptKey(r.Header.Get("Sec-WebSocket-Key"))
		// One write, so the early bytes land in the transport's buffer.
		_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
			"Sec-WebSocket-Accept: "+accept+"\r\n\r\nearly bytes")
	})
	rwc, _, _, err := handshake.Dial(context.Background(), u, nil)
	require.NoError(t, err)
	defer rwc.Close()
	got, err := io.ReadAll(rwc)
	require.NoError(t, err)
	assert.Equal(t, "early bytes", string(got))
}

func TestDial_InvalidResponse(t *testing.T) {
	u := rawServer(t, func(c net.Conn, r *http.Request) {
		_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
			"Sec-WebSocket-Accept: "+rfcAccept+"\r\n\r\n")
		_, _ = io.Copy(io.Discard, c) // until the client gives up
	})
	rwc, resp, res, err := handshake.Dial(context.Background(), u, nil)
	assert.ErrorIs(t, err, handshake.ErrBadAccept)
	assert.Nil(t, rwc)
	assert.Nil(t, res)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
}

func TestDial_CancelDuringHandshake(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	u := rawServer(t, func(c net.Conn, r *http.Request) {
		cancel()
		_, _ = io.Copy(io.Discard, c) // never answer
	})
	rwc, resp, _, err := handshake.Dial(ctx, u, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, rwc)
	assert.Nil(t, resp)
}

func TestDial_Refused(t *testing.T) {
	big := strings.Repeat("x", 20<<10)
	mux := http.NewServeMux()
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { http.Error(w, big, http.StatusTeapot) })
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ws", http.StatusFound) })
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) { _, _, _, _ = handshake.Upgrade(w, r, nil) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	tests := []struct {
		name   string
		path   string
		header http.Header
		status int
		body   string
	}{
		{"body bounded", "/big", nil, http.StatusTeapot, big[:16<<10]},
		{"redirect not followed", "/redirect", nil, http.StatusFound, ""},
		{"origin refused", "/ws", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden,
			`handshake: Origin not allowed: "https://evil.example"` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rwc, resp, res, err := handshake.Dial(context.Background(), wsURL(srv)+tt.path, &handshake.ClientOptions{Header: tt.header})
			assert.ErrorIs(t, err, handshake.ErrBadStatus)
			assert.Nil(t, rwc)
			assert.Nil(t, res)
			require.NotNil(t, resp)
			assert.Equal(t, tt.status, resp.StatusCode)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			if tt.body != "" {
				assert.Equal(t, tt.body, string(body))
			}
		})
	}
}

func TestDial_BadURL(t *testing.T) {
	for _, u := range []string{"ftp://example.com/", "example.com/chat", "ws://%zz"} {
		rwc, resp, _, err := handshake.Dial(context.Background(), u, nil)
		assert.Error(t, err, u)
		assert.Nil(t, rwc)
		assert.Nil(t, resp)
	}
	_, _, _, err := handshake.Dial(context.Background(), "ftp://example.com/", nil)
	assert.ErrorIs(t, err, handshake.ErrBadScheme)
	for _, u := range []string{"ws:///chat", "wss://:443/", "ws://"} {
		_, _, _, err = handshake.Dial(context.Background(), u, nil)
		assert.ErrorIs(t, err, handshake.ErrBadURL, u)
	}
}

// RFC 6455, Section 4.1: the subprotocols a client offers are distinct
// non-empty tokens; anything else is refused before a byte is sent.
func TestDial_BadSubprotocolOffer(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { requests.Add(1) }))
	defer srv.Close()
	for _, offer := range [][]string{{""}, {"chat v1"}, {"chat,v1"}, {"a", "b", "a"}, {"caf\u00e9"}, {"x\x7f"}, {"(x)"}} {
		_, _, _, err := handshake.Dial(context.Background(), srv.URL, &handshake.ClientOptions{Subprotocols: offer})
		assert.ErrorIs(t, err, handshake.ErrBadOffer, "%q", offer)
	}
	assert.Zero(t, requests.Load())
}

func TestDial_TLS(t *testing.T) {
	srv := echoServer(t, nil, true)
	u := "wss" + strings.TrimPrefix(srv.URL, "https")
	rwc, resp, _, err := handshake.Dial(context.Background(), u, &handshake.ClientOptions{HTTPClient: srv.Client()})
	require.NoError(t, err)
	defer rwc.Close()
	require.NotNil(t, resp.TLS)
	assert.True(t, resp.TLS.HandshakeComplete)
	echo(t, rwc, "over TLS")
}

// connectProxy is an HTTP CONNECT proxy on loopback that counts tunnels.
func connectProxy(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var tunnels atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		upstream, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer upstream.Close()
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer c.Close()
		tunnels.Add(1)
		if _, err := io.WriteString(c, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
			return
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = io.Copy(upstream, brw)
			upstream.(*net.TCPConn).CloseWrite()
		}()
		_, _ = io.Copy(c, upstream)
		c.Close()
		<-done
	}))
	t.Cleanup(proxy.Close)
	return proxy, &tunnels
}

func TestDial_Proxy(t *testing.T) {
	srv := echoServer(t, nil, true)
	proxy, tunnels := connectProxy(t)
	proxyURL, err := url.Parse(proxy.URL)
	require.NoError(t, err)
	transport := &http.Transport{
		Proxy:           http.ProxyURL(proxyURL),
		TLSClientConfig: srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone(),
	}
	t.Cleanup(transport.CloseIdleConnections)
	u := "wss" + strings.TrimPrefix(srv.URL, "https")
	rwc, _, _, err := handshake.Dial(context.Background(), u, &handshake.ClientOptions{HTTPClient: &http.Client{Transport: transport}})
	require.NoError(t, err)
	echo(t, rwc, "through the proxy")
	require.NoError(t, rwc.Close())
	assert.Equal(t, int32(1), tunnels.Load())
}

// Plain ws:// through a proxy from the environment goes through a CONNECT
// tunnel, never as a forwarded absolute-form request.
func TestDial_PlainThroughEnvironmentProxy(t *testing.T) {
	srv := echoServer(t, nil, false)
	proxy, tunnels := connectProxy(t)
	proxyURL, err := url.Parse(proxy.URL)
	require.NoError(t, err)
	proxyURL.User = url.UserPassword("user", "secret")
	defer handshake.SetEnvironmentProxy(func(*http.Request) (*url.URL, error) { return proxyURL, nil })()
	u := "ws" + strings.TrimPrefix(srv.URL, "http")
	rwc, _, _, err := handshake.Dial(context.Background(), u, nil)
	require.NoError(t, err)
	echo(t, rwc, "through the tunnel")
	require.NoError(t, rwc.Close())
	assert.Equal(t, int32(1), tunnels.Load())
}
