package keepalive_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/heartbeat/keepalive"
)

// Serve with heartbeats every 10 seconds: a client silent for 10 seconds is
// pinged, and dropped if it stays silent for 5 more.
func ExampleNew() {
	s := keepalive.New(&keepalive.ServerOptions{Interval: 10 * time.Second, Timeout: 5 * time.Second})
	srv := httptest.NewServer(s)
	defer func() {
		srv.Close()
		s.Wait()
	}()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, msg, _ := c.Read(ctx)
	fmt.Println(string(msg))
	_ = c.Close(conn.StatusNormalClosure, "")
	// Output:
	// connected; the server pings when you are quiet
}

// Stay connected until the context ends; here, as soon as the first
// connection is up.
func ExampleRunClient() {
	s := keepalive.New(nil)
	srv := httptest.NewServer(s)
	defer func() {
		srv.Close()
		s.Wait()
	}()

	ctx, cancel := context.WithCancel(context.Background())
	err := keepalive.RunClient(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &keepalive.ClientOptions{
		MinBackoff: 100 * time.Millisecond,
		MaxBackoff: 10 * time.Second,
		OnConnect: func(*conn.Conn) {
			fmt.Println("connected")
			cancel()
		},
	})
	fmt.Println("RunClient returned", err)
	// Output:
	// connected
	// RunClient returned <nil>
}
