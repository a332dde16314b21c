package conn_test

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

func closePayload(code conn.StatusCode, reason string) []byte {
	p, _ := frame.AppendClose(nil, code, reason)
	return p
}

// We close first: the peer answers, Close returns nil, the status is clean.
func TestCloseHandshake(t *testing.T) {
	for _, client := range []bool{false, true} {
		c, peer := tcpPair(t, client, conn.Options{})
		done := make(chan error, 1)
		go func() { done <- c.Close(conn.StatusGoingAway, "restart") }()
		f, err := peer.recv()
		require.NoError(t, err)
		require.Equal(t, frame.OpClose, f.Opcode)
		assert.Equal(t, client, f.Masked)
		code, reason, err := frame.ParseClose(f.Payload)
		require.NoError(t, err)
		assert.Equal(t, conn.StatusGoingAway, code)
		assert.Equal(t, "restart", reason)
		// Data sent before the peer's answer is discarded by Close.
		peer.send(frame.Header{Fin: true, Opcode: frame.OpText}, []byte("late"))
		peer.send(frame.Header{Fin: true, Opcode: frame.OpClose}, closePayload(conn.StatusGoingAway, ""))
		if client {
			// RFC 6455, Section 7.1.1: the server closes TCP first; the
			// client waits for it.
			peer.nc.Close()
		} else {
			peer.expectEOF()
		}
		require.NoError(t, <-done)
		st, ok := c.CloseStatus()
		require.True(t, ok)
		assert.Equal(t, conn.CloseStatus{Code: conn.StatusGoingAway, WasClean: true}, st)
	}
}

// The peer closes first: Read returns its CloseError and the same code is
// echoed (RFC 6455, Section 5.5.1).
func TestPeerClose(t *testing.T) {
	for _, tc := range []struct {
		payload []byte
		code    conn.StatusCode
		reason  string
	}{
		{closePayload(4000, "app done"), 4000, "app done"},
		{nil, conn.StatusNoStatusReceived, ""},
		{closePayload(conn.StatusNormalClosure, ""), conn.StatusNormalClosure, ""},
	} {
		for _, client := range []bool{false, true} {
			c, peer := tcpPair(t, client, conn.Options{})
			peer.send(frame.Header{Fin: true, Opcode: frame.OpClose}, tc.payload)
			if client {
				go func() {
					// The server closes the stream after the exchange.
					for {
						f, err := peer.recv()
						if err != nil || f.Opcode == frame.OpClose {
							peer.nc.Close()
							return
						}
					}
				}()
			}
			_, _, err := c.Read(context.Background())
			var ce *conn.CloseError
			require.True(t, errors.As(err, &ce), "got %v", err)
			assert.Equal(t, tc.code, ce.Code)
			assert.Equal(t, tc.reason, ce.Reason)
			if !client {
				assert.Equal(t, tc.code, peer.expectClose())
				peer.expectEOF()
			}
			<-c.Done()
			st, _ := c.CloseStatus()
			assert.Equal(t, conn.CloseStatus{Code: tc.code, Reason: tc.reason, WasClean: true}, st)
			// Writes after the close fail; reads keep returning the close.
			assert.ErrorIs(t, c.Write(context.Background(), conn.MessageText, []byte("x")), conn.ErrClosed)
			_, _, err = c.Read(context.Background())
			assert.True(t, errors.As(err, &ce))
		}
	}
}

// A peer that never answers our Close: Close gives up after CloseTimeout.
func TestCloseTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := net.Pipe()
		defer b.Close()
		c := conn.New(a, &conn.Config{Options: conn.Options{CloseTimeout: 3 * time.Second}})
		go func() { // read and ignore everything
			buf := make([]byte, 256)
			for {
				if _, err := b.Read(buf); err != nil {
					return
				}
			}
		}()
		start := time.Now()
		err := c.Close(conn.StatusNormalClosure, "")
		assert.ErrorIs(t, err, conn.ErrCloseTimeout)
		assert.Equal(t, 3*time.Second, time.Since(start))
		st, _ := c.CloseStatus()
		assert.Equal(t, conn.CloseStatus{Code: conn.StatusAbnormalClosure}, st)
	})
}

// A peer that stops reading cannot block Close beyond CloseTimeout either.
func TestCloseTimeoutStuckWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := net.Pipe() // unbuffered: every write waits for a reader
		defer b.Close()
		c := conn.New(a, &conn.Config{Options: conn.Options{CloseTimeout: time.Second}})
		err := c.Close(conn.StatusNormalClosure, "")
		assert.ErrorIs(t, err, conn.ErrCloseTimeout)
	})
}

func TestPing(t *testing.T) {
	url := echoServer(t, nil, false)
	ctx := context.Background()
	pongs := make(chan []byte, 1)
	c, _, err := conn.Dial(ctx, url, &conn.DialOptions{Options: conn.Options{OnPong: func(p []byte) { pongs <- append([]byte(nil), p...) }}})
	require.NoError(t, err)
	defer c.CloseNow()
	readErr := make(chan error, 1)
	go func() {
		_, _, err := c.Read(ctx)
		readErr <- err
	}()
	require.NoError(t, c.Ping(ctx))
	assert.Len(t, <-pongs, 8)
	require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
	var ce *conn.CloseError
	assert.True(t, errors.As(<-readErr, &ce))
}

// A Ping inside a fragmented message is answered at once and the message
// arrives whole (RFC 6455, Section 5.4).
func TestPingBetweenFragments(t *testing.T) {
	var seen []byte
	c, peer := tcpPair(t, false, conn.Options{OnPing: func(p []byte) { seen = append(seen, p...) }})
	peer.send(frame.Header{Opcode: frame.OpText}, []byte("frag"))
	peer.send(frame.Header{Fin: true, Opcode: frame.OpPing}, []byte("are you there"))
	got := make(chan []byte, 1)
	go func() {
		_, p, _ := c.Read(context.Background())
		got <- p
	}()
	f, err := peer.recv()
	require.NoError(t, err)
	assert.Equal(t, frame.OpPong, f.Opcode)
	assert.Equal(t, "are you there", string(f.Payload))
	peer.send(frame.Header{Fin: true, Opcode: frame.OpContinuation}, []byte("ment"))
	assert.Equal(t, "fragment", string(<-got))
	assert.Equal(t, "are you there", string(seen))
}

func TestPingContext(t *testing.T) {
	c, peer := tcpPair(t, false, conn.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		f, err := peer.recv()
		if err == nil && f.Opcode == frame.OpPing {
			cancel() // and never answer
		}
	}()
	assert.ErrorIs(t, c.Ping(ctx), context.Canceled)
	_, ok := c.CloseStatus()
	assert.False(t, ok, "an unanswered ping leaves the connection open")
}

func TestHeartbeat(t *testing.T) {
	t.Run("dead peer", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			a, b := net.Pipe()
			defer b.Close()
			c := conn.New(a, &conn.Config{Options: conn.Options{HeartbeatInterval: 10 * time.Second, HeartbeatTimeout: 5 * time.Second}})
			pings := 0
			go func() { // swallow pings, answer nothing
				for {
					f, err := frame.ReadFrame(b, 1<<20)
					if err != nil {
						return
					}
					if f.Opcode == frame.OpPing {
						pings++
					}
				}
			}()
			start := time.Now()
			_, _, err := c.Read(context.Background())
			assert.ErrorIs(t, err, conn.ErrHeartbeatTimeout)
			assert.Equal(t, 15*time.Second, time.Since(start))
			synctest.Wait()
			assert.Equal(t, 1, pings)
			st, _ := c.CloseStatus()
			assert.Equal(t, conn.StatusAbnormalClosure, st.Code)
		})
	})
	t.Run("live peer", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			a, b := net.Pipe()
			c := conn.New(a, &conn.Config{Options: conn.Options{HeartbeatInterval: 10 * time.Second}})
			go func() { // answer every ping, as a live peer does
				for {
					f, err := frame.ReadFrame(b, 1<<20)
					if err != nil {
						return
					}
					if f.Opcode == frame.OpPing {
						_, _ = b.Write(frame.AppendFrame(nil, frame.Header{Fin: true, Opcode: frame.OpPong, Masked: true}, f.Payload))
					}
				}
			}()
			go func() { _, _, _ = c.Read(context.Background()) }()
			time.Sleep(10 * time.Minute)
			_, ended := c.CloseStatus()
			assert.False(t, ended, "a peer that answers pings must stay connected")
			c.CloseNow()
			b.Close()
		})
	})
}

// Close while another goroutine reads: the reader sees the close, the
// handshake completes, and nothing races (run with -race).
func TestCloseWhileReading(t *testing.T) {
	url := echoServer(t, nil, true)
	ctx := context.Background()
	for range 20 {
		c, _, err := conn.Dial(ctx, url, nil)
		require.NoError(t, err)
		readErr := make(chan error, 1)
		go func() {
			for {
				if _, r, err := c.Reader(ctx); err != nil {
					readErr <- err
					return
				} else if _, err := io.Copy(io.Discard, r); err != nil {
					readErr <- err
					return
				}
			}
		}()
		for range 5 {
			require.NoError(t, c.Write(ctx, conn.MessageBinary, make([]byte, 3000)))
		}
		require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
		err = <-readErr
		var ce *conn.CloseError
		assert.True(t, errors.As(err, &ce) || errors.Is(err, conn.ErrClosed), "reader got %v", err)
	}
}

// holdClose is a server stream whose Write of our Close frame returns only
// once the server's reading goroutine has returned, so that goroutine has
// consumed the peer's answer before Close waits for it.
type holdClose struct {
	net.Conn
	readerDone <-chan struct{}
}

func (h holdClose) Write(p []byte) (int, error) {
	n, err := h.Conn.Write(p)
	if len(p) > 0 && p[0] == 0x88 {
		<-h.readerDone
	}
	return n, err
}

// When a reading goroutine has already received the peer's answer, Close
// must not go on to read for one (found by the chat example's tests: Close
// then waited the whole CloseTimeout).
func TestCloseAfterReaderTookTheAnswer(t *testing.T) {
	const closeTimeout = time.Second
	for i := range 20 {
		a, b := net.Pipe()
		readerDone := make(chan struct{})
		srv := conn.New(holdClose{a, readerDone}, &conn.Config{Options: conn.Options{CloseTimeout: closeTimeout}})
		cli := conn.New(b, &conn.Config{Client: true, Options: conn.Options{CloseTimeout: closeTimeout}})
		go func() {
			defer close(readerDone)
			_, _, _ = srv.Read(context.Background())
		}()
		go func() { _, _, _ = cli.Read(context.Background()) }()
		start := time.Now()
		err := srv.Close(conn.StatusGoingAway, "")
		took := time.Since(start)
		_ = cli.CloseNow()
		require.NoError(t, err, "run %d", i)
		require.Less(t, took, closeTimeout/2, "run %d: Close waited for an answer already read", i)
	}
}
