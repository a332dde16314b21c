package chatserver_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/chat/chatserver"
)

// Mount the chat room on any listener and join it.
func ExampleNew() {
	s := chatserver.New(nil)
	srv := httptest.NewServer(s)
	defer func() {
		srv.Close()
		s.Wait()
	}()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws?name=alice", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var ev chatserver.Event
	_ = conn.ReadJSON(ctx, c, &ev)
	fmt.Printf("%s %s (%d online)\n", ev.Kind, ev.Name, ev.Online)

	_ = c.Write(ctx, conn.MessageText, []byte("hello, room"))
	_ = conn.ReadJSON(ctx, c, &ev)
	fmt.Printf("%s: %s\n", ev.Name, ev.Text)

	_ = c.Close(conn.StatusNormalClosure, "")
	// Output:
	// join alice (1 online)
	// alice: hello, room
}
