package conn_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/handshake"
)

// wss:// through the standard TLS stack on both sides.
func TestDialTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: conn.Options{Compression: &conn.CompressionOptions{}}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		typ, p, err := c.Read(r.Context())
		if err != nil {
			return
		}
		_ = c.Write(r.Context(), typ, p)
		_, _, _ = c.Read(r.Context())
	}))
	defer srv.Close()
	ctx := context.Background()
	url := "wss" + strings.TrimPrefix(srv.URL, "https")
	c, _, err := conn.Dial(ctx, url, &conn.DialOptions{HTTPClient: srv.Client(), Options: conn.Options{Compression: &conn.CompressionOptions{}}})
	require.NoError(t, err)
	msg := []byte(strings.Repeat("secure ", 1000))
	require.NoError(t, c.Write(ctx, conn.MessageText, msg))
	_, got, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, msg, got)
	require.NoError(t, c.Close(conn.StatusNormalClosure, ""))

	// Without the test server's certificate the TLS handshake fails.
	_, _, err = conn.Dial(ctx, url, nil)
	require.Error(t, err)
}

// A refused handshake returns the response, so the caller can see why.
func TestDialRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "members only", http.StatusForbidden)
	}))
	defer srv.Close()
	_, resp, err := conn.Dial(context.Background(), srv.URL, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, handshake.ErrBadStatus)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

// A server that never answers the upgrade cannot hang Dial.
func TestDialHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			defer nc.Close() // hold it open, say nothing
		}
	}()
	start := time.Now()
	_, _, err = conn.Dial(context.Background(), "ws://"+ln.Addr().String(), &conn.DialOptions{HandshakeTimeout: 200 * time.Millisecond})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
	assert.Less(t, time.Since(start), 5*time.Second)
}

// A cross-origin browser request is refused by default.
func TestAcceptOrigin(t *testing.T) {
	url := echoServer(t, nil, false)
	h := http.Header{"Origin": {"https://evil.example"}}
	_, resp, err := conn.Dial(context.Background(), url, &conn.DialOptions{Header: h})
	require.Error(t, err)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	url = echoServer(t, &conn.AcceptOptions{OriginPatterns: []string{"*.example"}}, false)
	c, _, err := conn.Dial(context.Background(), url, &conn.DialOptions{Header: h})
	require.NoError(t, err)
	c.CloseNow()
}

// Dial keeps to one handshake at a time per host (RFC 6455, Section 4.1)
// unless DialOptions.ConcurrentHandshakes says otherwise.
func TestDialOneHandshakeAtATime(t *testing.T) {
	var active, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(30 * time.Millisecond)
		active.Add(-1)
		if c, err := conn.Accept(w, r, nil); err == nil {
			c.CloseNow()
		}
	}))
	defer srv.Close()
	for _, concurrent := range []bool{false, true} {
		peak.Store(0)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, _, err := conn.Dial(context.Background(), srv.URL, &conn.DialOptions{ConcurrentHandshakes: concurrent})
				if assert.NoError(t, err) {
					c.CloseNow()
				}
			}()
		}
		wg.Wait()
		if concurrent {
			assert.Greater(t, peak.Load(), int32(1))
		} else {
			assert.Equal(t, int32(1), peak.Load())
		}
	}
}
