package conn_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// rawPeer speaks frames by hand on the other end of a connection under test.
type rawPeer struct {
	t      testing.TB
	nc     net.Conn
	client bool // the raw peer is the client: it masks
}

func (p *rawPeer) send(h frame.Header, payload []byte) {
	p.t.Helper()
	if p.client && !h.Masked {
		h.Masked = true
		h.Key = [4]byte{1, 2, 3, 4}
	}
	h.Length = int64(len(payload))
	_, err := p.nc.Write(frame.AppendFrame(nil, h, payload))
	require.NoError(p.t, err)
}

func (p *rawPeer) sendRaw(b []byte) {
	p.t.Helper()
	_, err := p.nc.Write(b)
	require.NoError(p.t, err)
}

func (p *rawPeer) recv() (frame.Frame, error) {
	_ = p.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	return frame.ReadFrame(p.nc, 1<<30)
}

// expectClose reads frames until a Close and returns its code.
func (p *rawPeer) expectClose() frame.StatusCode {
	p.t.Helper()
	for {
		f, err := p.recv()
		require.NoError(p.t, err, "waiting for a close frame")
		if f.Opcode == frame.OpClose {
			if len(f.Payload) == 0 {
				return frame.StatusNoStatusReceived
			}
			code, _, err := frame.ParseClose(f.Payload)
			require.NoError(p.t, err)
			return code
		}
	}
}

// expectEOF checks the other side closed the stream.
func (p *rawPeer) expectEOF() {
	p.t.Helper()
	_, err := p.recv()
	require.Error(p.t, err)
	require.NotErrorIs(p.t, err, os.ErrDeadlineExceeded)
}

// pipeConns returns a server and a client Conn joined by net.Pipe.
func pipeConns(t testing.TB, opts conn.Options) (server, client *conn.Conn) {
	a, b := net.Pipe()
	server = conn.New(a, &conn.Config{Options: opts})
	client = conn.New(b, &conn.Config{Client: true, Options: opts})
	t.Cleanup(func() { server.CloseNow(); client.CloseNow() })
	return server, client
}

// tcpPair returns a Conn over loopback TCP and the raw peer.
func tcpPair(t testing.TB, client bool, opts conn.Options) (*conn.Conn, *rawPeer) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		nc, err := ln.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- nc
	}()
	a, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	b, ok := <-accepted
	require.True(t, ok)
	c := conn.New(a, &conn.Config{Client: client, Options: opts})
	t.Cleanup(func() { c.CloseNow(); b.Close() })
	return c, &rawPeer{t: t, nc: b, client: !client}
}

// echoServer runs a hybi echo server over loopback and returns its ws:// URL.
func echoServer(t testing.TB, opts *conn.AcceptOptions, stream bool) string {
	var wg sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		c, err := conn.Accept(w, r, opts)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := context.Background()
		for {
			if stream {
				typ, rd, err := c.Reader(ctx)
				if err != nil {
					return
				}
				wr, err := c.Writer(ctx, typ)
				if err != nil {
					return
				}
				if _, err := io.Copy(wr, rd); err != nil {
					return
				}
				if err := wr.Close(); err != nil {
					return
				}
				continue
			}
			typ, p, err := c.Read(ctx)
			if err != nil {
				return
			}
			if err := c.Write(ctx, typ, p); err != nil {
				return
			}
		}
	}))
	t.Cleanup(func() { srv.Close(); wg.Wait() })
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// stream is a transport built from a reader and a writer.
type stream struct {
	io.Reader
	io.Writer
}

func (stream) Close() error { return nil }

func requireFail(t testing.TB, err error, code conn.StatusCode) {
	t.Helper()
	var fe *conn.FailError
	require.True(t, errors.As(err, &fe), "want *FailError, got %v", err)
	require.Equal(t, code, fe.Code, "error: %v", err)
}

// payload returns n bytes of valid UTF-8 text with multi-byte characters,
// cut at a character boundary so its length may be slightly less than n.
func payload(n int) []byte {
	b := bytes.Repeat([]byte("héllo wörld ✓ "), n/17+1)
	b = b[:n]
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return b
}

// pipePairBuffered is pipePair over loopback TCP, whose kernel buffers let
// both sides write without waiting for the other to read.
func pipePairBuffered(t testing.TB) (*conn.Conn, *rawPeer) {
	return tcpPair(t, false, conn.Options{})
}
