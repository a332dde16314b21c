package echo_test

import (
	"net"
	"testing"
	"time"

	"github.com/hybi-go/websocket/bench/internal/echo"
	"github.com/hybi-go/websocket/bench/internal/wsclient"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve starts lib's server on a loopback port for the test's lifetime.
func serve(t *testing.T, lib string, opts *echo.Options) string {
	t.Helper()
	addr, stop, err := echo.Start(lib, opts)
	require.NoError(t, err)
	t.Cleanup(stop)
	return addr
}

// roundTrip sends count copies of frame and waits for as many echoes.
func roundTrip(t *testing.T, addr string, raw, compress bool, frame []byte, count int) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	var rest []byte
	if !raw {
		var accepted bool
		rest, accepted, err = wsclient.Handshake(c, addr, "/", compress)
		require.NoError(t, err)
		require.Equal(t, compress, accepted, "permessage-deflate negotiated")
	}
	for range count {
		_, err := c.Write(frame)
		require.NoError(t, err)
	}
	var p wsclient.Parser
	got, err := p.Feed(rest)
	require.NoError(t, err)
	buf := make([]byte, 64<<10)
	for got < count {
		n, err := c.Read(buf)
		require.NoError(t, err)
		m, err := p.Feed(buf[:n])
		require.NoError(t, err)
		got += m
	}
	assert.Equal(t, count, got)
}

func TestServe_Echo(t *testing.T) {
	for _, lib := range echo.Libs() {
		t.Run(lib, func(t *testing.T) {
			addr := serve(t, lib, nil)
			for _, n := range []int{0, 16, 125, 126, 1 << 10, 65536, 1 << 20} {
				payload := make([]byte, n)
				for i := range payload {
					payload[i] = 'a' + byte(i%26)
				}
				frame := wsclient.AppendFrame(nil, wsclient.OpText, payload, false)
				roundTrip(t, addr, echo.IsRaw(lib), false, frame, 3)
			}
		})
	}
}

func TestServe_Compress(t *testing.T) {
	for _, lib := range echo.Libs() {
		if !echo.CanCompress(lib) {
			continue
		}
		t.Run(lib, func(t *testing.T) {
			addr := serve(t, lib, &echo.Options{Compress: true})
			msg := []byte(`[{"id":1,"user":"user1","active":true},{"id":2,"user":"user2","active":false}]`)
			frame := wsclient.AppendFrame(nil, wsclient.OpText, wsclient.Deflate(msg), true)
			roundTrip(t, addr, false, true, frame, 5)
		})
	}
}

func TestServe_Errors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	assert.ErrorIs(t, echo.Serve(ln, "nope", nil), echo.ErrUnknownLib)
	assert.ErrorIs(t, echo.Serve(ln, "tcp", &echo.Options{Compress: true}), echo.ErrNoCompression)
}
