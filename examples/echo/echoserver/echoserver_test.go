package echoserver_test

import (
	"context"
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

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

func wsURL(srv *httptest.Server) string { return "ws" + strings.TrimPrefix(srv.URL, "http") }

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestServer_Echo(t *testing.T) {
	srv := httptest.NewServer(echoserver.New(nil))
	defer srv.Close()
	ctx := testContext(t)
	for _, compress := range []bool{false, true} {
		opts := &conn.DialOptions{}
		if compress {
			opts.Compression = &conn.CompressionOptions{}
		}
		c, resp, err := conn.Dial(ctx, wsURL(srv), opts)
		require.NoError(t, err)
		assert.Equal(t, compress, resp.Header.Get("Sec-WebSocket-Extensions") != "", "compression negotiated")

		typ, msg, err := c.Read(ctx)
		require.NoError(t, err)
		assert.Equal(t, conn.MessageText, typ)
		assert.Equal(t, echoserver.Welcome, string(msg))

		cases := []struct {
			typ conn.MessageType
			msg string
		}{
			{conn.MessageText, "Hello from client!"},
			{conn.MessageText, ""},
			{conn.MessageText, "héllo, 世界 🌍"},
			{conn.MessageBinary, "\x00\x01\xff"},
			{conn.MessageText, strings.Repeat("long ", 100_000)},
		}
		for _, tc := range cases {
			require.NoError(t, c.Write(ctx, tc.typ, []byte(tc.msg)))
			typ, msg, err := c.Read(ctx)
			require.NoError(t, err)
			assert.Equal(t, tc.typ, typ)
			assert.Equal(t, "Hello, you sent -> "+tc.msg, string(msg))
		}
		require.NoError(t, c.Close(conn.StatusNormalClosure, "bye"))
		st, ok := c.CloseStatus()
		require.True(t, ok)
		assert.Equal(t, conn.CloseStatus{Code: conn.StatusNormalClosure, WasClean: true}, st, "the server echoes the code only")
	}
}

func TestServer_Page(t *testing.T) {
	srv := httptest.NewServer(echoserver.New(nil))
	defer srv.Close()
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{http.MethodGet, "/", http.StatusOK, "new WebSocket(url)"},
		{http.MethodHead, "/", http.StatusOK, ""},
		{http.MethodGet, "/missing", http.StatusNotFound, "404"},
		{http.MethodPost, "/", http.StatusMethodNotAllowed, "method not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequestWithContext(testContext(t), tc.method, srv.URL+tc.path, nil)
			require.NoError(t, err)
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Contains(t, string(body), tc.body)
			if tc.status == http.StatusOK {
				assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestServer_Origin(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		origin   string
		ok       bool
	}{
		{"no origin (not a browser)", nil, "", true},
		{"same origin", nil, "http://{host}", true},
		{"foreign origin refused", nil, "http://evil.example", false},
		{"foreign origin allowed by pattern", []string{"*.example"}, "http://evil.example", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(echoserver.New(&echoserver.Options{OriginPatterns: tc.patterns}))
			defer srv.Close()
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", strings.ReplaceAll(tc.origin, "{host}", srv.Listener.Addr().String()))
			}
			c, resp, err := conn.Dial(testContext(t), wsURL(srv), &conn.DialOptions{Header: h})
			if !tc.ok {
				require.Error(t, err)
				require.NotNil(t, resp)
				assert.Equal(t, http.StatusForbidden, resp.StatusCode)
				return
			}
			require.NoError(t, err)
			assert.NoError(t, c.Close(conn.StatusNormalClosure, ""))
		})
	}
}

func TestServer_Subprotocol(t *testing.T) {
	srv := httptest.NewServer(echoserver.New(&echoserver.Options{Subprotocols: []string{"echo.v1"}}))
	defer srv.Close()
	c, _, err := conn.Dial(testContext(t), wsURL(srv), &conn.DialOptions{Subprotocols: []string{"other", "echo.v1"}})
	require.NoError(t, err)
	assert.Equal(t, "echo.v1", c.Subprotocol())
	assert.NoError(t, c.Close(conn.StatusNormalClosure, ""))
}

// TestServer_Shutdown checks that connections are closed with 1001 when the
// server's base context ends, and that Wait returns once they have.
func TestServer_Shutdown(t *testing.T) {
	base, stop := context.WithCancel(context.Background())
	defer stop()
	s := echoserver.New(nil)
	srv := httptest.NewUnstartedServer(s)
	srv.Config.BaseContext = func(net.Listener) context.Context { return base }
	srv.Start()
	defer srv.Close()

	ctx := testContext(t)
	c, _, err := conn.Dial(ctx, wsURL(srv), nil)
	require.NoError(t, err)
	_, _, err = c.Read(ctx) // the welcome
	require.NoError(t, err)

	stop()
	_, _, err = c.Read(ctx)
	var ce *conn.CloseError
	require.True(t, errors.As(err, &ce), "got %v", err)
	assert.Equal(t, conn.StatusGoingAway, ce.Code)
	assert.Equal(t, "server shutting down", ce.Reason)

	waited := make(chan struct{})
	go func() { s.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-ctx.Done():
		t.Fatal("Wait did not return after the connection closed")
	}
}

func TestReply(t *testing.T) {
	assert.Equal(t, "Hello, you sent -> hi", string(echoserver.Reply([]byte("hi"))))
	assert.Equal(t, "Hello, you sent -> ", string(echoserver.Reply(nil)))
}
