package keepalive_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/heartbeat/keepalive"
	"github.com/hybi-go/websocket/handshake"
)

// serve runs a Server on ln until the returned function is called, which
// shuts it down as the command does on Ctrl-C: connections are closed with
// 1001 (Going Away).
func serve(t *testing.T, ln net.Listener, opts *keepalive.ServerOptions) (stop func()) {
	base, cancel := context.WithCancel(context.Background())
	s := keepalive.New(opts)
	hs := &http.Server{Handler: s, BaseContext: func(net.Listener) context.Context { return base }}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		assert.NoError(t, hs.Close())
		assert.ErrorIs(t, <-served, http.ErrServerClosed)
		s.Wait()
	}
	t.Cleanup(stop)
	return stop
}

// retry is one call of ClientOptions.OnRetry.
type retry struct {
	failures int
	wait     time.Duration
	err      error
}

// client runs RunClient against url until the test ends, reporting its
// connections and retries on the returned channels.
func client(t *testing.T, url string, opts keepalive.ClientOptions) (<-chan *conn.Conn, <-chan retry) {
	ctx, cancel := context.WithCancel(context.Background())
	connects := make(chan *conn.Conn, 8)
	retries := make(chan retry, 64)
	opts.OnConnect = func(c *conn.Conn) { connects <- c }
	opts.OnRetry = func(n int, wait time.Duration, err error) {
		select {
		case retries <- retry{n, wait, err}:
		default:
		}
	}
	done := make(chan error, 1)
	go func() { done <- keepalive.RunClient(ctx, url, &opts) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	return connects, retries
}

func next[T any](ctx context.Context, t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		require.FailNow(t, "timed out waiting for "+what)
	}
	var zero T
	return zero
}

// checkWait asserts that r's wait is in the upper half of the backoff for
// its failure count.
func checkWait(t *testing.T, r retry, lo, hi time.Duration) {
	t.Helper()
	d := lo
	for i := 1; i < r.failures; i++ {
		d = min(2*d, hi)
	}
	assert.GreaterOrEqual(t, r.wait, d/2, "failure %d", r.failures)
	assert.LessOrEqual(t, r.wait, d, "failure %d", r.failures)
}

// TestRunClient_Reconnect stops the server under a connected client, lets
// the client fail to reconnect a few times, and starts the server again on
// the same address: the client is back.
func TestRunClient_Reconnect(t *testing.T) {
	const lo, hi = 20 * time.Millisecond, 160 * time.Millisecond
	ctx := testContext(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	lines := make(logLines, 16)
	stop := serve(t, ln, &keepalive.ServerOptions{Logger: lines.logger()})
	connects, retries := client(t, "ws://"+addr+"/", keepalive.ClientOptions{MinBackoff: lo, MaxBackoff: hi})
	next(ctx, t, connects, "the first connection")

	begin := time.Now()
	stop()
	assert.Contains(t, lines.await(ctx, t, "left"), "code 1001, reason \"\", clean true", "the server's log of the shutdown")
	r := next(ctx, t, retries, "the retry after the server left")
	var ce *conn.CloseError
	require.True(t, errors.As(r.err, &ce), "got %v", r.err)
	assert.Equal(t, conn.StatusGoingAway, ce.Code)
	assert.Equal(t, 1, r.failures)
	checkWait(t, r, lo, hi)
	for want := 2; want <= 3; want++ {
		r := next(ctx, t, retries, "a failed dial")
		assert.Equal(t, want, r.failures)
		assert.Error(t, r.err)
		checkWait(t, r, lo, hi)
	}

	ln, err = net.Listen("tcp", addr)
	require.NoError(t, err)
	serve(t, ln, nil)
	c := next(ctx, t, connects, "the reconnection")
	t.Logf("reconnected %v after the server stopped", time.Since(begin))
	assert.NoError(t, c.Write(ctx, conn.MessageText, []byte("back")))
	for len(retries) > 0 {
		checkWait(t, <-retries, lo, hi)
	}
}

// TestRunClient_DeadServer has a server that completes the handshake and
// then freezes: the client's heartbeat notices and it reconnects.
func TestRunClient_DeadServer(t *testing.T) {
	ctx := testContext(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	accepted := make(chan net.Conn, 8)
	go func() {
		defer close(accepted)
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- nc
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		for nc := range accepted {
			_ = nc.Close()
		}
	})
	connects, retries := client(t, "ws://"+ln.Addr().String()+"/", keepalive.ClientOptions{
		MinBackoff:        time.Millisecond,
		HeartbeatInterval: interval,
		HeartbeatTimeout:  timeout,
	})

	nc := next(ctx, t, accepted, "the client's connection")
	defer nc.Close()
	br := bufio.NewReader(nc)
	req, err := http.ReadRequest(br)
	require.NoError(t, err)
	_, err = nc.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + handshake.AcceptKey(req.Header.Get("Sec-WebSocket-Key")) + "\r\n\r\n"))
	require.NoError(t, err)
	next(ctx, t, connects, "the connection")
	start := time.Now()

	r := next(ctx, t, retries, "the retry")
	t.Logf("dead server noticed after %v (interval %v, timeout %v)", time.Since(start), interval, timeout)
	assert.ErrorIs(t, r.err, conn.ErrHeartbeatTimeout)
	assert.Less(t, time.Since(start), interval+timeout+slack)
	next(ctx, t, accepted, "the reconnection").Close()
}

// TestRunClient_Stop checks that ending the context closes the connection
// with 1000.
func TestRunClient_Stop(t *testing.T) {
	ctx := testContext(t)
	lines := make(logLines, 16)
	srv := startServer(t, &keepalive.ServerOptions{Logger: lines.logger()})
	runCtx, cancel := context.WithCancel(ctx)
	connected := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- keepalive.RunClient(runCtx, "ws"+strings.TrimPrefix(srv.URL, "http"), &keepalive.ClientOptions{
			OnConnect: func(*conn.Conn) { close(connected) },
		})
	}()
	next(ctx, t, connected, "the connection")
	cancel()
	assert.NoError(t, next(ctx, t, done, "RunClient to return"))
	assert.Contains(t, lines.await(ctx, t, "left"), `code 1000, reason "client stopping", clean true`)
}
