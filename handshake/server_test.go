package handshake_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/handshake"
)

// upgradeRequest returns the request of RFC 6455, Section 1.2 with the key of
// Section 1.3.
func upgradeRequest() *http.Request {
	r := httptest.NewRequest(http.MethodGet, "http://server.example.com/chat", nil)
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-WebSocket-Key", rfcKey)
	r.Header.Set("Sec-WebSocket-Version", "13")
	return r
}

func TestCheckRequest_Valid(t *testing.T) {
	tests := []struct {
		name   string
		modify func(r *http.Request)
		opts   *handshake.ServerOptions
	}{
		{"RFC 6455 Section 1.2", func(*http.Request) {}, nil},
		{"tokens in lists and any case", func(r *http.Request) {
			r.Header.Set("Upgrade", "h2c, WebSocket")
			r.Header.Set("Connection", "keep-alive,\tupgrade")
		}, nil},
		{"tokens on several lines", func(r *http.Request) {
			r.Header["Upgrade"] = []string{"foo", "websocket"}
			r.Header["Connection"] = []string{"keep-alive", "Upgrade"}
		}, nil},
		{"HTTP/2 style proto", func(r *http.Request) { r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/2.0", 2, 0 }, nil},
		{"same origin", func(r *http.Request) { r.Header.Set("Origin", "http://server.example.com") }, nil},
		{"same origin other case", func(r *http.Request) { r.Header.Set("Origin", "https://SERVER.example.COM") }, nil},
		{"origin pattern", func(r *http.Request) { r.Header.Set("Origin", "https://App.Example.org:8443") },
			&handshake.ServerOptions{OriginPatterns: []string{"nope", "*.EXAMPLE.org:*"}}},
		{"origin check skipped", func(r *http.Request) { r.Header.Set("Origin", "null") },
			&handshake.ServerOptions{InsecureSkipOriginCheck: true}},
		{"extensions", func(r *http.Request) {
			r.Header.Add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := upgradeRequest()
			tt.modify(r)
			key, err := handshake.CheckRequest(r, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, rfcKey, key)
		})
	}
}

// refusals lists requests every server must refuse, with the status and the
// reason.
var refusals = []struct {
	name   string
	modify func(r *http.Request)
	opts   *handshake.ServerOptions
	status int
	err    error
}{
	{"POST", func(r *http.Request) { r.Method = http.MethodPost }, nil, 405, handshake.ErrBadMethod},
	{"HTTP/1.0", func(r *http.Request) { r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.0", 1, 0 }, nil, 400, handshake.ErrBadProtocol},
	{"no Host", func(r *http.Request) { r.Host = "" }, nil, 400, handshake.ErrBadHost},
	{"no Upgrade", func(r *http.Request) { r.Header.Del("Upgrade") }, nil, 400, handshake.ErrBadUpgrade},
	{"Upgrade as substring", func(r *http.Request) { r.Header.Set("Upgrade", "websocketx") }, nil, 400, handshake.ErrBadUpgrade},
	{"no Connection", func(r *http.Request) { r.Header.Del("Connection") }, nil, 400, handshake.ErrBadConnection},
	{"Connection without Upgrade", func(r *http.Request) { r.Header.Set("Connection", "keep-alive, upgraded") }, nil, 400, handshake.ErrBadConnection},
	{"no key", func(r *http.Request) { r.Header.Del("Sec-WebSocket-Key") }, nil, 400, handshake.ErrBadKey},
	{"two keys", func(r *http.Request) { r.Header.Add("Sec-WebSocket-Key", rfcKey) }, nil, 400, handshake.ErrBadKey},
	{"key not base64", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=!") }, nil, 400, handshake.ErrBadKey},
	{"key of 15 bytes", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25j") }, nil, 400, handshake.ErrBadKey},
	{"key of 17 bytes", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZTE=") }, nil, 400, handshake.ErrBadKey},
	{"no version", func(r *http.Request) { r.Header.Del("Sec-WebSocket-Version") }, nil, 426, handshake.ErrBadVersion},
	{"version 8", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Version", "8") }, nil, 426, handshake.ErrBadVersion},
	{"two versions", func(r *http.Request) { r.Header.Add("Sec-WebSocket-Version", "13") }, nil, 426, handshake.ErrBadVersion},
	{"foreign origin", func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") }, nil, 403, handshake.ErrBadOrigin},
	{"origin with other port", func(r *http.Request) { r.Header.Set("Origin", "http://server.example.com:8080") }, nil, 403, handshake.ErrBadOrigin},
	{"null origin", func(r *http.Request) { r.Header.Set("Origin", "null") }, nil, 403, handshake.ErrBadOrigin},
	{"two origins", func(r *http.Request) {
		r.Header.Add("Origin", "http://server.example.com")
		r.Header.Add("Origin", "http://server.example.com")
	}, nil, 403, handshake.ErrBadOrigin},
	{"origin not matching pattern", func(r *http.Request) { r.Header.Set("Origin", "https://example.org.evil") },
		&handshake.ServerOptions{OriginPatterns: []string{"*.example.org"}}, 403, handshake.ErrBadOrigin},
	{"malformed origin pattern", func(r *http.Request) { r.Header.Set("Origin", "https://example.org") },
		&handshake.ServerOptions{OriginPatterns: []string{"[a-"}}, 500, nil},
	{"bad extensions", func(r *http.Request) { r.Header.Set("Sec-WebSocket-Extensions", "permessage-deflate; x=\"\"") },
		nil, 400, handshake.ErrBadExtensions},
}

func TestCheckRequest_Refusals(t *testing.T) {
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := upgradeRequest()
			tt.modify(r)
			key, err := handshake.CheckRequest(r, tt.opts)
			require.Error(t, err)
			assert.Empty(t, key)
			var re *handshake.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.status, re.Status)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			}
		})
	}
}

func TestUpgrade_Refusals(t *testing.T) {
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := upgradeRequest()
			tt.modify(r)
			w := httptest.NewRecorder()
			c, leftover, res, err := handshake.Upgrade(w, r, tt.opts)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Nil(t, leftover)
			assert.Nil(t, res)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			}
			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, "text/plain; charset=utf-8", w.Header().Get("Content-Type"))
			var re *handshake.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, re.Err.Error()+"\n", w.Body.String())
			switch tt.status {
			case http.StatusUpgradeRequired:
				assert.Equal(t, "13", w.Header().Get("Sec-WebSocket-Version"))
			case http.StatusMethodNotAllowed:
				assert.Equal(t, "GET", w.Header().Get("Allow"))
			}
		})
	}
}

func TestUpgrade_NotHijackable(t *testing.T) {
	w := httptest.NewRecorder()
	_, _, _, err := handshake.Upgrade(w, upgradeRequest(), nil)
	assert.ErrorIs(t, err, handshake.ErrNotHijackable)
	assert.ErrorIs(t, err, http.ErrNotSupported)
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.Contains(t, w.Body.String(), "cannot be hijacked")
}

func TestUpgrade_ExtensionHook(t *testing.T) {
	errHook := errors.New("no thanks")
	tests := []struct {
		name   string
		hook   func([]handshake.Extension) ([]handshake.Extension, error)
		status int
		err    error
	}{
		{"hook error", func([]handshake.Extension) ([]handshake.Extension, error) { return nil, errHook }, 400, errHook},
		{"hook accepts what was not offered", func([]handshake.Extension) ([]handshake.Extension, error) {
			return []handshake.Extension{{Name: "x-other"}}, nil
		}, 500, handshake.ErrBadExtension},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := upgradeRequest()
			r.Header.Set("Sec-WebSocket-Extensions", "x-mine")
			w := httptest.NewRecorder()
			_, _, _, err := handshake.Upgrade(w, r, &handshake.ServerOptions{Extensions: tt.hook})
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.status, w.Code)
		})
	}
}

// rawUpgrade sends raw request bytes to a server running handler and
// returns the connection and a reader positioned after the response header.
func rawUpgrade(t *testing.T, handler http.HandlerFunc, request string) (net.Conn, *bufio.Reader, *http.Response) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = io.WriteString(c, request)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	return c, br, resp
}

func TestUpgrade_Response(t *testing.T) {
	type outcome struct {
		leftover []byte
		res      *handshake.Result
		err      error
	}
	done := make(chan outcome, 1)
	opts := &handshake.ServerOptions{
		Subprotocols: []string{"v2.chat", "chat"},
		Extensions: func(offers []handshake.Extension) ([]handshake.Extension, error) {
			return offers[1:], nil
		},
		Header: http.Header{"Set-Cookie": {"a=b"}, "Sec-Websocket-Accept": {"forged"}, "upgrade": {"h2c"}},
	}
	handler := func(w http.ResponseWriter, r *http.Request) {
		c, leftover, res, err := handshake.Upgrade(w, r, opts)
		if err == nil {
			// Lost leftover bytes would leave CopyN waiting forever.
			err = c.SetDeadline(time.Now().Add(10 * time.Second))
		}
		if err == nil {
			// Echo what follows the leftover so the client sees the
			// stream arrive whole.
			_, err = c.Write(leftover)
			if err == nil {
				_, err = io.CopyN(c, c, int64(len("hello, server")-len(leftover)))
			}
			c.Close()
		}
		done <- outcome{leftover, res, err}
	}
	request := "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + rfcKey + "\r\nSec-WebSocket-Version: 13\r\n" +
		"Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: v2.chat, superchat\r\n" +
		"Sec-WebSocket-Extensions: a; x=1, b; y=\"2\"\r\nSec-WebSocket-Extensions: c\r\n\r\n" +
		"hello, server"
	_, br, resp := rawUpgrade(t, handler, request)

	assert.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
	assert.Equal(t, []string{rfcAccept}, resp.Header.Values("Sec-WebSocket-Accept"))
	assert.Equal(t, []string{"websocket"}, resp.Header.Values("Upgrade"))
	assert.Equal(t, []string{"Upgrade"}, resp.Header.Values("Connection"))
	assert.Equal(t, []string{"v2.chat"}, resp.Header.Values("Sec-WebSocket-Protocol"))
	assert.Equal(t, []string{"b; y=2, c"}, resp.Header.Values("Sec-WebSocket-Extensions"))
	assert.Equal(t, []string{"a=b"}, resp.Header.Values("Set-Cookie"))

	echo, err := io.ReadAll(br)
	require.NoError(t, err)
	assert.Equal(t, "hello, server", string(echo))
	out := <-done
	require.NoError(t, out.err)
	assert.Equal(t, "v2.chat", out.res.Subprotocol)
	assert.Equal(t, []handshake.Extension{
		{Name: "b", Params: []handshake.Param{{Name: "y", Value: "2"}}},
		{Name: "c"},
	}, out.res.Extensions)
	assert.NotEmpty(t, out.leftover, "one write on loopback should arrive with the request")
	assert.True(t, strings.HasPrefix("hello, server", string(out.leftover)))
}

func BenchmarkCheckRequest(b *testing.B) {
	r := upgradeRequest()
	r.Header.Set("Origin", "http://server.example.com")
	r.Header.Set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := handshake.CheckRequest(r, nil); err != nil {
			b.Fatal(err)
		}
	}
}
