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
	"github.com/hybi-go/websocket/examples/chat/chatserver"
)

// TestRun runs the command's server loop on a loopback port, has two
// members talk, and stops it as Ctrl-C would.
func TestRun(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	serverCtx, stop := context.WithCancel(ctx)
	srv := chatserver.New(nil)
	done := make(chan error, 1)
	go func() { done <- run(serverCtx, ln, srv) }()

	url := "ws://" + ln.Addr().String() + "/ws?name="
	read := func(c *conn.Conn) chatserver.Event {
		var ev chatserver.Event
		require.NoError(t, conn.ReadJSON(ctx, c, &ev))
		return ev
	}
	alice, _, err := conn.Dial(ctx, url+"alice", nil)
	require.NoError(t, err)
	defer alice.CloseNow()
	assert.Equal(t, "alice", read(alice).Name)
	bob, _, err := conn.Dial(ctx, url+"bob", nil)
	require.NoError(t, err)
	defer bob.CloseNow()
	assert.Equal(t, "bob", read(bob).Name)
	assert.Equal(t, chatserver.Event{Kind: chatserver.KindJoin, Name: "bob", Online: 2}, read(alice))

	require.NoError(t, bob.Write(ctx, conn.MessageText, []byte("hi alice")))
	want := chatserver.Event{Kind: chatserver.KindMessage, Name: "bob", Text: "hi alice", Online: 2}
	assert.Equal(t, want, read(alice))
	assert.Equal(t, want, read(bob))

	stop()
	require.NoError(t, <-done)
	for _, c := range []*conn.Conn{alice, bob} {
		var ce *conn.CloseError
		_, _, err := c.Read(ctx)
		require.True(t, errors.As(err, &ce), "got %v", err)
		assert.Equal(t, conn.StatusGoingAway, ce.Code)
	}
	srv.Wait()
}
