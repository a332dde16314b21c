package conn_test

import (
	"context"
	"errors"
	"log"
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
)

// handlerServer serves h and closes returned once ServeHTTP has returned
// for the first request.
func handlerServer(t *testing.T, h http.Handler) (url string, returned chan struct{}) {
	returned = make(chan struct{})
	var once atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if once.CompareAndSwap(false, true) {
			close(returned)
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http"), returned
}

// The connection outlives ServeHTTP, and the request's context does too.
func TestHandler_ServesAfterReturn(t *testing.T) {
	url, returned := handlerServer(t, conn.Handler(nil, func(c *conn.Conn, r *http.Request) {
		ctx := r.Context()
		for {
			typ, msg, err := c.Read(ctx)
			if err != nil {
				return
			}
			reply := append([]byte(r.URL.Path+" "), msg...)
			if ctx.Err() != nil {
				reply = []byte("request context ended")
			}
			if err := c.Write(ctx, typ, reply); err != nil {
				return
			}
		}
	}))
	ctx := context.Background()
	c, _, err := conn.Dial(ctx, url+"/room", nil)
	require.NoError(t, err)
	defer c.CloseNow()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("ServeHTTP did not return after the upgrade")
	}
	for _, m := range []string{"one", "two"} {
		require.NoError(t, c.Write(ctx, conn.MessageText, []byte(m)))
		_, got, err := c.Read(ctx)
		require.NoError(t, err)
		assert.Equal(t, "/room "+m, string(got))
	}
	require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
}

// A refused request gets its HTTP error and serve never runs.
func TestHandler_Refused(t *testing.T) {
	var called atomic.Bool
	url, _ := handlerServer(t, conn.Handler(nil, func(c *conn.Conn, r *http.Request) { called.Store(true) }))
	h := http.Header{"Origin": {"https://evil.example"}}
	_, resp, err := conn.Dial(context.Background(), url, &conn.DialOptions{Header: h})
	require.Error(t, err)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.False(t, called.Load())
}

// When serve returns without closing, the connection is closed for it.
func TestHandler_ClosesWhenServeReturns(t *testing.T) {
	url, _ := handlerServer(t, conn.Handler(nil, func(c *conn.Conn, r *http.Request) {}))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := conn.Dial(ctx, url, nil)
	require.NoError(t, err)
	defer c.CloseNow()
	_, _, err = c.Read(ctx)
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.DeadlineExceeded), "the connection was left open: %v", err)
}

// A panic in serve is logged to the server's ErrorLog and drops the
// connection; the server goes on serving.
func TestHandler_Panic(t *testing.T) {
	var logged strings.Builder
	var mu sync.Mutex
	h := conn.Handler(nil, func(c *conn.Conn, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		_ = c.Write(r.Context(), conn.MessageText, []byte("fine"))
		_ = c.Close(conn.StatusNormalClosure, "")
	})
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logged.Write(p)
	}), "", 0)
	srv.Start()
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	c, _, err := conn.Dial(ctx, url+"/panic", nil)
	require.NoError(t, err)
	_, _, err = c.Read(ctx)
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.DeadlineExceeded), "the connection was left open: %v", err)
	c.CloseNow()
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(logged.String(), "panic serving WebSocket") && strings.Contains(logged.String(), "boom")
	}, 5*time.Second, 10*time.Millisecond)

	c, _, err = conn.Dial(ctx, url+"/ok", nil)
	require.NoError(t, err)
	defer c.CloseNow()
	_, msg, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, "fine", string(msg))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
