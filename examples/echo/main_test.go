package main

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

// TestRun runs the command's server loop on a loopback port, talks to it,
// and stops it as Ctrl-C would.
func TestRun(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	serverCtx, stop := context.WithCancel(ctx)
	srv := echoserver.New(nil)
	done := make(chan error, 1)
	go func() { done <- run(serverCtx, ln, srv) }()

	c, _, err := conn.Dial(ctx, "ws://"+ln.Addr().String(), nil)
	require.NoError(t, err)
	_, msg, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, echoserver.Welcome, string(msg))
	require.NoError(t, c.Write(ctx, conn.MessageText, []byte("Hello from client!")))
	_, msg, err = c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Hello, you sent -> Hello from client!", string(msg))

	stop()
	require.NoError(t, <-done)
	_, _, err = c.Read(ctx)
	var ce *conn.CloseError
	require.True(t, errors.As(err, &ce), "got %v", err)
	assert.Equal(t, conn.StatusGoingAway, ce.Code)
	srv.Wait()
}
