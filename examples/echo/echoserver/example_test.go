package echoserver_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

// Mount the echo server on any listener and talk to it.
func ExampleNew() {
	srv := httptest.NewServer(echoserver.New(nil))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, welcome, _ := c.Read(ctx)
	fmt.Println(string(welcome))

	_ = c.Write(ctx, conn.MessageText, []byte("Hello from client!"))
	_, reply, _ := c.Read(ctx)
	fmt.Println(string(reply))

	_ = c.Close(conn.StatusNormalClosure, "")
	// Output:
	// Welcome to the WebSocket server!
	// Hello, you sent -> Hello from client!
}
