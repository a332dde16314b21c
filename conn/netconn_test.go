package conn_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
)

// ncPipe returns the two ends of a connection over net.Pipe, usable inside
// a synctest bubble.
func ncPipe(t *testing.T) (client, server *conn.Conn) {
	a, b := net.Pipe()
	client = conn.New(a, &conn.Config{Client: true})
	server = conn.New(b, &conn.Config{})
	t.Cleanup(func() {
		_ = client.CloseNow()
		_ = server.CloseNow()
	})
	return client, server
}

// ncDialAccept returns the two ends of a connection over loopback TCP, made by
// Dial and Accept.
func ncDialAccept(t *testing.T, opts *conn.Options) (client, server *conn.Conn) {
	if opts == nil {
		opts = &conn.Options{}
	}
	accepted := make(chan *conn.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: *opts})
		if err == nil {
			accepted <- c
		}
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	client, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &conn.DialOptions{Options: *opts})
	require.NoError(t, err)
	select {
	case server = <-accepted:
	case <-ctx.Done():
		t.Fatal("no connection accepted")
	}
	t.Cleanup(func() {
		_ = client.CloseNow()
		_ = server.CloseNow()
	})
	return client, server
}

// ncNetPair returns both ends of a loopback connection as net.Conns
// carrying binary messages.
func ncNetPair(t *testing.T, opts *conn.Options) (a, b net.Conn) {
	client, server := ncDialAccept(t, opts)
	return conn.NetConn(t.Context(), client, conn.MessageBinary), conn.NetConn(t.Context(), server, conn.MessageBinary)
}

func ncAssertTimeout(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var ne net.Error
	if assert.ErrorAs(t, err, &ne) {
		assert.True(t, ne.Timeout(), "Timeout() of %v", err)
	}
}

func TestNetConn_Stream(t *testing.T) {
	a, b := ncNetPair(t, &conn.Options{Compression: &conn.CompressionOptions{}})
	data := make([]byte, 1<<20+17)
	for i := range data {
		data[i] = byte(i*7 + i>>11)
	}
	errc := make(chan error, 1)
	go func() {
		// Writes of assorted sizes, each one message.
		rest := data
		for n := 1; len(rest) > 0; n = n*3 + 1 {
			n = min(n, len(rest))
			if _, err := a.Write(rest[:n]); err != nil {
				errc <- err
				return
			}
			rest = rest[n:]
		}
		errc <- a.Close()
	}()
	// Reads through a small buffer cross message boundaries.
	var got bytes.Buffer
	buf := make([]byte, 1000)
	for {
		n, err := b.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	require.NoError(t, <-errc)
	assert.Equal(t, data, got.Bytes())
}

func TestNetConn_ConcurrentWrites(t *testing.T) {
	a, b := ncNetPair(t, nil)
	const writers, each = 8, 200
	msg := []byte("0123456789")
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				if _, err := a.Write(msg); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	go func() { wg.Wait(); _ = a.Close() }()
	got, err := io.ReadAll(b)
	require.NoError(t, err)
	assert.Equal(t, bytes.Repeat(msg, writers*each), got, "messages interleaved whole")
}

func TestNetConn_EmptyRead(t *testing.T) {
	a, _ := ncNetPair(t, nil)
	n, err := a.Read(nil)
	assert.Equal(t, 0, n)
	assert.NoError(t, err)
}

func TestNetConn_PastDeadline(t *testing.T) {
	a, b := ncNetPair(t, nil)
	require.NoError(t, a.SetDeadline(time.Now().Add(-time.Second)))
	_, err := a.Read(make([]byte, 1))
	ncAssertTimeout(t, err)
	_, err = a.Write([]byte("x"))
	ncAssertTimeout(t, err)

	// Nothing was blocked, so the connection is still usable once the
	// deadline is lifted.
	require.NoError(t, a.SetDeadline(time.Time{}))
	_, err = a.Write([]byte("ping"))
	require.NoError(t, err)
	buf := make([]byte, 4)
	_, err = io.ReadFull(b, buf)
	require.NoError(t, err)
	assert.Equal(t, "ping", string(buf))
	_, err = b.Write([]byte("pong"))
	require.NoError(t, err)
	_, err = io.ReadFull(a, buf)
	require.NoError(t, err)
	assert.Equal(t, "pong", string(buf))
}

func TestNetConn_ReadDeadlineWhileBlocked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := ncPipe(t)
		a := conn.NetConn(t.Context(), client, conn.MessageBinary)
		require.NoError(t, a.SetReadDeadline(time.Now().Add(time.Second)))
		start := time.Now()
		_, err := a.Read(make([]byte, 1))
		ncAssertTimeout(t, err)
		assert.Equal(t, time.Second, time.Since(start))

		// The blocked read ended the connection, as documented.
		<-client.Done()
		_, err = a.Read(make([]byte, 1))
		ncAssertTimeout(t, err)
		_, _, err = server.Read(context.Background())
		assert.Error(t, err)
		st, _ := server.CloseStatus()
		assert.Equal(t, conn.StatusAbnormalClosure, st.Code)
	})
}

func TestNetConn_DeadlineMovedWhileBlocked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := ncPipe(t)
		a := conn.NetConn(t.Context(), client, conn.MessageBinary)
		require.NoError(t, a.SetReadDeadline(time.Now().Add(time.Second)))
		type result struct {
			n   int
			err error
			at  time.Duration
		}
		start := time.Now()
		done := make(chan result, 1)
		go func() {
			n, err := a.Read(make([]byte, 10))
			done <- result{n, err, time.Since(start)}
		}()
		time.Sleep(500 * time.Millisecond) // fake time inside the bubble
		require.NoError(t, a.SetReadDeadline(time.Now().Add(time.Hour)))
		time.Sleep(time.Minute)
		require.NoError(t, server.Write(context.Background(), conn.MessageBinary, []byte("late")))
		r := <-done
		require.NoError(t, r.err)
		assert.Equal(t, 4, r.n)
		assert.Equal(t, time.Minute+500*time.Millisecond, r.at)

		// Cleared deadline: no timer remains to end a later read.
		require.NoError(t, a.SetReadDeadline(time.Time{}))
		go func() { _ = server.Write(context.Background(), conn.MessageBinary, []byte("x")) }()
		time.Sleep(2 * time.Hour)
		_, err := a.Read(make([]byte, 1))
		assert.NoError(t, err)
	})
}

func TestNetConn_WriteDeadlineWhileBlocked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, _ := ncPipe(t) // nobody reads the server end: writes block
		a := conn.NetConn(t.Context(), client, conn.MessageBinary)
		require.NoError(t, a.SetWriteDeadline(time.Now().Add(time.Second)))
		_, err := a.Write([]byte("stuck"))
		ncAssertTimeout(t, err)
		<-client.Done()
	})
}

func TestNetConn_ExpiredDeadlineThenNewOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := ncPipe(t)
		a := conn.NetConn(t.Context(), client, conn.MessageBinary)
		require.NoError(t, a.SetReadDeadline(time.Now().Add(time.Second)))
		time.Sleep(2 * time.Second) // passes while no Read is blocked
		_, err := a.Read(make([]byte, 1))
		ncAssertTimeout(t, err)
		require.NoError(t, a.SetReadDeadline(time.Now().Add(time.Minute)))
		go func() { _ = server.Write(context.Background(), conn.MessageBinary, []byte("ok")) }()
		buf := make([]byte, 2)
		_, err = io.ReadFull(a, buf)
		require.NoError(t, err)
		assert.Equal(t, "ok", string(buf))
	})
}

func TestNetConn_Close(t *testing.T) {
	client, server := ncDialAccept(t, nil)
	a := conn.NetConn(t.Context(), client, conn.MessageBinary)
	b := conn.NetConn(t.Context(), server, conn.MessageBinary)
	readErr := make(chan error, 1)
	go func() {
		_, err := a.Read(make([]byte, 1))
		readErr <- err
	}()
	// The peer sees a clean end of stream.
	go func() {
		_, err := io.ReadAll(b)
		assert.NoError(t, err)
	}()
	require.NoError(t, a.Close())
	err := <-readErr
	assert.ErrorIs(t, err, net.ErrClosed, "a Read blocked in Close returns net.ErrClosed")
	st, ok := client.CloseStatus()
	require.True(t, ok)
	assert.True(t, st.WasClean)
	assert.Equal(t, conn.StatusNormalClosure, st.Code)

	assert.ErrorIs(t, a.Close(), net.ErrClosed, "second Close")
	_, err = a.Write([]byte("x"))
	assert.ErrorIs(t, err, net.ErrClosed)
}

func TestNetConn_PeerCloseCodes(t *testing.T) {
	tests := []struct {
		code    conn.StatusCode
		wantEOF bool
	}{
		{conn.StatusNormalClosure, true},
		{conn.StatusGoingAway, false},
		{4000, false},
	}
	for _, tc := range tests {
		t.Run(tc.code.String(), func(t *testing.T) {
			client, server := ncDialAccept(t, nil)
			a := conn.NetConn(t.Context(), client, conn.MessageBinary)
			go func() { _ = server.Close(tc.code, "bye") }()
			_, err := a.Read(make([]byte, 1))
			if tc.wantEOF {
				assert.Equal(t, io.EOF, err)
				return
			}
			var ce *conn.CloseError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, conn.CloseError{Code: tc.code, Reason: "bye"}, *ce)
		})
	}
}

func TestNetConn_WrongMessageType(t *testing.T) {
	client, server := ncDialAccept(t, nil)
	a := conn.NetConn(t.Context(), client, conn.MessageBinary)
	got := make(chan error, 1)
	go func() {
		_, _, err := server.Read(context.Background())
		got <- err
	}()
	require.NoError(t, server.Write(t.Context(), conn.MessageText, []byte("text")))
	_, err := a.Read(make([]byte, 10))
	assert.ErrorIs(t, err, conn.ErrUnexpectedType)
	assert.ErrorContains(t, err, "got text, want binary")
	var ce *conn.CloseError
	require.ErrorAs(t, <-got, &ce)
	assert.Equal(t, conn.StatusUnsupportedData, ce.Code)
}

func TestNetConn_Addr(t *testing.T) {
	a, _ := ncNetPair(t, nil)
	for _, addr := range []net.Addr{a.LocalAddr(), a.RemoteAddr()} {
		require.NotNil(t, addr)
		assert.Equal(t, "websocket", addr.Network())
		assert.NotEmpty(t, addr.String())
	}
}

func TestNetConn_ContextEnds(t *testing.T) {
	client, _ := ncDialAccept(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	a := conn.NetConn(ctx, client, conn.MessageBinary)
	errc := make(chan error, 1)
	go func() {
		_, err := a.Read(make([]byte, 1))
		errc <- err
	}()
	cancel()
	err := <-errc
	require.Error(t, err)
	assert.False(t, errors.Is(err, os.ErrDeadlineExceeded), "not a deadline: %v", err)
	<-client.Done()
}

// Run a line protocol through a WebSocket by viewing it as a net.Conn.
func ExampleNetConn() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, nil)
		if err != nil {
			return
		}
		nc := conn.NetConn(r.Context(), c, conn.MessageBinary)
		defer nc.Close()
		// Echo the stream in upper case, whatever the message boundaries.
		line, err := bufio.NewReader(nc).ReadString('\n')
		if err != nil {
			return
		}
		_, _ = io.WriteString(nc, strings.ToUpper(line))
	}))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	nc := conn.NetConn(ctx, c, conn.MessageBinary)
	defer nc.Close()
	_, _ = io.WriteString(nc, "hello, ")
	_, _ = io.WriteString(nc, "stream\n")
	reply, err := bufio.NewReader(nc).ReadString('\n')
	fmt.Printf("%q %v\n", reply, err)
	// Output: "HELLO, STREAM\n" <nil>
}
