package keepalive_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/heartbeat/keepalive"
	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/handshake"
)

// Short heartbeats keep the tests fast; the bounds below leave room for a
// loaded machine.
const (
	interval = 50 * time.Millisecond
	timeout  = 50 * time.Millisecond
	slack    = 2 * time.Second
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// logLines is a log destination that hands each line to the test.
type logLines chan string

func (l logLines) Write(p []byte) (int, error) {
	select {
	case l <- string(p):
	default: // the test has seen enough
	}
	return len(p), nil
}

func (l logLines) logger() *log.Logger { return log.New(l, "", 0) }

// await returns the first line containing substr.
func (l logLines) await(ctx context.Context, t *testing.T, substr string) string {
	t.Helper()
	for {
		select {
		case line := <-l:
			if strings.Contains(line, substr) {
				return line
			}
		case <-ctx.Done():
			require.FailNow(t, "no log line", "containing %q", substr)
		}
	}
}

func startServer(t *testing.T, opts *keepalive.ServerOptions) *httptest.Server {
	s := keepalive.New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		srv.Close()
		s.Wait()
	})
	return srv
}

// silentPeer completes the opening handshake over raw TCP and then never
// writes again: a client that froze. It returns the connection and a
// reader positioned at the first frame.
func silentPeer(ctx context.Context, t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = nc.Close() })
	key, err := handshake.NewKey()
	require.NoError(t, err)
	_, err = fmt.Fprintf(nc, "GET / HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", addr, key)
	require.NoError(t, err)
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusSwitchingProtocols, resp.StatusCode)
	require.Equal(t, handshake.AcceptKey(key), resp.Header.Get("Sec-WebSocket-Accept"))
	return nc, br
}

// TestServer_DeadClient has a peer that reads but never answers: the
// server pings it after the interval and drops it after the timeout.
func TestServer_DeadClient(t *testing.T) {
	ctx := testContext(t)
	lines := make(logLines, 16)
	srv := startServer(t, &keepalive.ServerOptions{Interval: interval, Timeout: timeout, Logger: lines.logger()})
	nc, br := silentPeer(ctx, t, srv.Listener.Addr().String())
	start := time.Now()
	require.NoError(t, nc.SetReadDeadline(start.Add(interval+timeout+slack)))

	var ops []frame.Opcode
	var pingAt time.Duration
	for {
		f, err := frame.ReadFrame(br, 1<<10)
		if err != nil {
			var ne net.Error
			require.False(t, errors.As(err, &ne) && ne.Timeout(), "still connected after %v", time.Since(start))
			break // the server hung up
		}
		if f.Header.Opcode == frame.OpPing && pingAt == 0 {
			pingAt = time.Since(start)
		}
		ops = append(ops, f.Header.Opcode)
	}
	dropped := time.Since(start)
	t.Logf("ping after %v, dropped after %v (interval %v, timeout %v)", pingAt, dropped, interval, timeout)
	assert.Equal(t, []frame.Opcode{frame.OpText, frame.OpPing}, ops, "the welcome, one ping, no Close frame")
	// Measured from after the handshake, which the server's clock
	// started a little earlier.
	assert.Greater(t, pingAt, interval/2)
	assert.Greater(t, dropped, pingAt)
	assert.Less(t, dropped, interval+timeout+slack)
	line := lines.await(ctx, t, "dropped as dead")
	assert.Contains(t, line, "silent for 50ms after a ping (heartbeat every 50ms)")
}

// TestServer_LiveClient checks that a client that answers pings stays
// connected through several of them.
func TestServer_LiveClient(t *testing.T) {
	ctx := testContext(t)
	lines := make(logLines, 16)
	srv := startServer(t, &keepalive.ServerOptions{Interval: interval, Timeout: timeout, Logger: lines.logger()})
	const pings = 5
	pinged := make(chan struct{}, pings)
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &conn.DialOptions{Options: conn.Options{
		OnPing: func([]byte) {
			select {
			case pinged <- struct{}{}:
			default:
			}
		},
	}})
	require.NoError(t, err)
	// Reading answers the pings.
	reads := make(chan error, 1)
	go func() {
		_, msg, err := c.Read(ctx)
		if err == nil && string(msg) == keepalive.Welcome {
			_, _, err = c.Read(ctx)
		}
		reads <- err
	}()
	for range pings {
		select {
		case <-pinged:
		case err := <-reads:
			require.FailNow(t, "connection ended", "%v", err)
		case <-ctx.Done():
			require.FailNow(t, "no ping")
		}
	}
	assert.NoError(t, c.Err())
	require.NoError(t, c.Close(conn.StatusNormalClosure, "bye"))
	<-reads
	assert.Contains(t, lines.await(ctx, t, "left"), `code 1000, reason "bye", clean true`)
}

// TestServer_Echo checks the welcome and the echo.
func TestServer_Echo(t *testing.T) {
	ctx := testContext(t)
	srv := startServer(t, nil)
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/any/path", nil)
	require.NoError(t, err)
	_, msg, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, keepalive.Welcome, string(msg))
	require.NoError(t, c.Write(ctx, conn.MessageBinary, []byte{1, 2}))
	typ, msg, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, conn.MessageBinary, typ)
	assert.Equal(t, []byte{1, 2}, msg)
	require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
}
