package micro_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
	gorilla "github.com/gorilla/websocket"
	"github.com/hybi-go/websocket/bench/internal/wsclient"
	"github.com/hybi-go/websocket/conn"
	"github.com/lxzan/gws"
	"github.com/stretchr/testify/require"
)

// memConn is a server's end of an in-memory connection: Read returns the
// same client frames over and over (or, after limit, io.EOF at a frame
// boundary), and Write discards.
type memConn struct {
	src  []byte // whole frames back to back
	off  int
	left int // bytes left to deliver; negative means no end
}

func newMemConn(frame []byte) *memConn {
	c := &memConn{left: -1}
	for len(c.src) < 256<<10 || len(c.src) == 0 {
		c.src = append(c.src, frame...)
	}
	return c
}

// limit makes the stream end after n more frames of frameLen bytes.
func (c *memConn) limit(n, frameLen int) { c.left = n * frameLen }

func (c *memConn) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	src := c.src[c.off:]
	if c.left > 0 && len(src) > c.left {
		src = src[:c.left]
	}
	n := copy(p, src)
	if c.left > 0 {
		c.left -= n
	}
	c.off = (c.off + n) % len(c.src)
	return n, nil
}

func (c *memConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return memAddr{} }
func (c *memConn) RemoteAddr() net.Addr             { return memAddr{} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "mem" }

// hijacker is the http.ResponseWriter the HTTP-based upgraders need: it
// hands over c when hijacked and discards the response.
type hijacker struct {
	c net.Conn
	h http.Header
}

func (w *hijacker) Header() http.Header         { return w.h }
func (w *hijacker) Write(p []byte) (int, error) { return len(p), nil }
func (w *hijacker) WriteHeader(int)             {}
func (w *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.c, bufio.NewReadWriter(bufio.NewReader(w.c), bufio.NewWriter(w.c)), nil
}

func upgradeRequest() *http.Request {
	r, _ := http.NewRequest(http.MethodGet, "http://mem/", nil)
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-WebSocket-Version", "13")
	return r
}

// endpoint is one library's server connection, seen as whole messages.
type endpoint struct {
	read  func() error         // read one message
	write func(p []byte) error // write one binary message
}

type opener func(tb testing.TB, c *memConn) endpoint

var endpoints = []struct {
	lib  string
	open opener
}{
	{"hybi", func(tb testing.TB, c *memConn) endpoint {
		hc := conn.New(c, &conn.Config{})
		ctx := context.Background()
		return endpoint{
			read:  func() error { _, _, err := hc.Read(ctx); return err },
			write: func(p []byte) error { return hc.Write(ctx, conn.MessageBinary, p) },
		}
	}},
	{"hybi-append", func(tb testing.TB, c *memConn) endpoint {
		hc := conn.New(c, &conn.Config{})
		ctx := context.Background()
		var buf []byte
		return endpoint{
			read: func() error {
				var err error
				_, buf, err = hc.ReadAppend(ctx, buf[:0])
				return err
			},
			write: func(p []byte) error { return hc.Write(ctx, conn.MessageBinary, p) },
		}
	}},
	{"gorilla", func(tb testing.TB, c *memConn) endpoint {
		up := gorilla.Upgrader{}
		gc, err := up.Upgrade(&hijacker{c: c, h: http.Header{}}, upgradeRequest(), nil)
		require.NoError(tb, err)
		return endpoint{
			read:  func() error { _, _, err := gc.ReadMessage(); return err },
			write: func(p []byte) error { return gc.WriteMessage(gorilla.BinaryMessage, p) },
		}
	}},
	{"coder", func(tb testing.TB, c *memConn) endpoint {
		cc, err := websocket.Accept(&hijacker{c: c, h: http.Header{}}, upgradeRequest(), nil)
		require.NoError(tb, err)
		cc.SetReadLimit(-1)
		ctx := context.Background()
		return endpoint{
			read:  func() error { _, _, err := cc.Read(ctx); return err },
			write: func(p []byte) error { return cc.Write(ctx, websocket.MessageBinary, p) },
		}
	}},
	{"gobwas", func(tb testing.TB, c *memConn) endpoint {
		return endpoint{
			read:  func() error { _, _, err := wsutil.ReadClientData(c); return err },
			write: func(p []byte) error { return wsutil.WriteServerMessage(c, ws.OpBinary, p) },
		}
	}},
	{"gws", func(tb testing.TB, c *memConn) endpoint {
		up := gws.NewUpgrader(&gwsCounter{}, &gws.ServerOption{CheckUtf8Enabled: true})
		gc, err := up.UpgradeFromConn(c, bufio.NewReader(c), upgradeRequest())
		require.NoError(tb, err)
		// gws has no pull-style read: see BenchmarkConn_Read.
		return endpoint{write: func(p []byte) error { return gc.WriteMessage(gws.OpcodeBinary, p) }}
	}},
}

type gwsCounter struct {
	gws.BuiltinEventHandler
	n int
}

func (h *gwsCounter) OnMessage(_ *gws.Conn, m *gws.Message) {
	h.n++
	m.Close()
}

var connSizes = []int{16, 1 << 10, 64 << 10}

// BenchmarkConn_Read reads one masked binary message per operation, as a
// server does, from a connection that never blocks.
func BenchmarkConn_Read(b *testing.B) {
	for _, e := range endpoints {
		for _, n := range connSizes {
			fr := wsclient.AppendFrame(nil, wsclient.OpBinary, make([]byte, n), false)
			b.Run("lib="+e.lib+"/"+sizeName(n), func(b *testing.B) {
				if e.lib == "gws" {
					benchGwsRead(b, fr, n)
					return
				}
				ep := e.open(b, newMemConn(fr))
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					if err := ep.read(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// benchGwsRead feeds gws exactly b.N frames and lets its event loop run to
// the end of the stream. It uses b.N rather than b.Loop because gws pulls
// messages itself and has to know where the stream ends.
func benchGwsRead(b *testing.B, fr []byte, n int) {
	c := newMemConn(fr)
	c.limit(b.N, len(fr))
	h := &gwsCounter{}
	up := gws.NewUpgrader(h, &gws.ServerOption{CheckUtf8Enabled: true})
	gc, err := up.UpgradeFromConn(c, bufio.NewReader(c), upgradeRequest())
	require.NoError(b, err)
	b.ReportAllocs()
	b.SetBytes(int64(n))
	b.ResetTimer()
	gc.ReadLoop()
	b.StopTimer()
	if h.n != b.N {
		b.Fatalf("gws read %d messages, want %d", h.n, b.N)
	}
}

// BenchmarkConn_Write writes one binary message per operation, as a server
// does (unmasked), to a connection that discards.
func BenchmarkConn_Write(b *testing.B) {
	for _, e := range endpoints {
		for _, n := range connSizes {
			b.Run("lib="+e.lib+"/"+sizeName(n), func(b *testing.B) {
				ep := e.open(b, newMemConn(wsclient.AppendFrame(nil, wsclient.OpBinary, nil, false)))
				p := make([]byte, n)
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					if err := ep.write(p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
