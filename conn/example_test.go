package conn_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hybi-go/websocket/conn"
)

// exampleServer starts an echo server for the examples and returns its URL.
func exampleServer() (string, func()) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, msg, err := c.Read(r.Context())
			if err != nil {
				return
			}
			if err := c.Write(r.Context(), typ, msg); err != nil {
				return
			}
		}
	}))
	return "ws" + strings.TrimPrefix(srv.URL, "http"), srv.Close
}

func ExampleAccept() {
	handler := func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Subprotocols: []string{"chat.v1"}})
		if err != nil {
			return // Accept has written the HTTP error
		}
		defer c.CloseNow()
		_ = c.Write(r.Context(), conn.MessageText, []byte("welcome, "+c.Subprotocol()))
		_ = c.Close(conn.StatusNormalClosure, "bye")
	}
	srv := httptest.NewServer(http.HandlerFunc(handler))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, srv.URL, &conn.DialOptions{Subprotocols: []string{"chat.v1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, msg, _ := c.Read(ctx)
	fmt.Println(string(msg))
	_, _, err = c.Read(ctx)
	var ce *conn.CloseError
	if errors.As(err, &ce) {
		fmt.Println(uint16(ce.Code), ce.Reason)
	}
	// Output:
	// welcome, chat.v1
	// 1000 bye
}

func ExampleDial() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, err := conn.Dial(ctx, url, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseNow()
	_ = c.Write(ctx, conn.MessageText, []byte("hello"))
	typ, msg, _ := c.Read(ctx)
	fmt.Println(typ, string(msg))
	fmt.Println(c.Close(conn.StatusNormalClosure, ""))
	// Output:
	// text hello
	// <nil>
}

func ExampleNew() {
	a, b := net.Pipe()
	server := conn.New(a, nil)
	client := conn.New(b, &conn.Config{Client: true})
	ctx := context.Background()
	go func() { _ = client.Write(ctx, conn.MessageBinary, []byte{1, 2, 3}) }()
	typ, msg, _ := server.Read(ctx)
	fmt.Println(typ, msg)
	client.CloseNow()
	server.CloseNow()
	// Output: binary [1 2 3]
}

func ExampleConn_Reader() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	defer c.CloseNow()
	_ = c.Write(ctx, conn.MessageText, []byte("streamed back"))
	_, r, _ := c.Reader(ctx)
	b, _ := io.ReadAll(r)
	fmt.Println(string(b))
	// Output: streamed back
}

func ExampleConn_Writer() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	defer c.CloseNow()
	w, _ := c.Writer(ctx, conn.MessageText)
	for _, part := range []string{"one ", "message, ", "three writes"} {
		_, _ = io.WriteString(w, part)
	}
	_ = w.Close()
	_, msg, _ := c.Read(ctx)
	fmt.Println(string(msg))
	// Output: one message, three writes
}

func ExampleConn_ReadAppend() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	defer c.CloseNow()
	buf := make([]byte, 0, 1024) // reused for every message
	for _, s := range []string{"a", "bb", "ccc"} {
		_ = c.Write(ctx, conn.MessageText, []byte(s))
		_, buf, _ = c.ReadAppend(ctx, buf[:0])
		fmt.Print(string(buf), " ")
	}
	fmt.Println()
	// Output: a bb ccc
}

func ExampleConn_Ping() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	defer c.CloseNow()
	go func() { _, _, _ = c.Read(ctx) }() // pongs are seen by the reader
	fmt.Println(c.Ping(ctx))
	// Output: <nil>
}

func ExampleConn_Close() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	fmt.Println(c.Close(conn.StatusGoingAway, "shutting down"))
	st, _ := c.CloseStatus()
	fmt.Println(uint16(st.Code), st.WasClean)
	// Output:
	// <nil>
	// 1001 true
}

func ExampleConn_CloseNow() {
	url, stop := exampleServer()
	defer stop()
	c, _, _ := conn.Dial(context.Background(), url, nil)
	_ = c.CloseNow()
	st, _ := c.CloseStatus()
	fmt.Println(uint16(st.Code), st.WasClean)
	// Output: 1006 false
}

func ExampleNewPreparedMessage() {
	// A broadcast: encoded once, written to every connection.
	pm, err := conn.NewPreparedMessage(conn.MessageText, []byte("news for everyone"))
	if err != nil {
		fmt.Println(err)
		return
	}
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	var clients []*conn.Conn
	for range 3 {
		c, _, _ := conn.Dial(ctx, url, nil)
		defer c.CloseNow()
		clients = append(clients, c)
	}
	for _, c := range clients {
		_ = c.WritePrepared(ctx, pm) // the echo server sends it back
		_, msg, _ := c.Read(ctx)
		fmt.Println(string(msg))
	}
	// Output:
	// news for everyone
	// news for everyone
	// news for everyone
}

func ExampleConn_SetWriteCompression() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: conn.Options{Compression: &conn.CompressionOptions{}}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		fmt.Println("compressed:", c.Compressed())
		_ = c.Write(r.Context(), conn.MessageText, []byte("compressible text, compressible text"))
		c.SetWriteCompression(false) // say, a JPEG follows
		_ = c.Write(r.Context(), conn.MessageBinary, []byte{0xff, 0xd8, 0xff})
		_, _, _ = c.Read(r.Context())
	}))
	defer srv.Close()
	ctx := context.Background()
	c, _, err := conn.Dial(ctx, srv.URL, &conn.DialOptions{Options: conn.Options{Compression: &conn.CompressionOptions{Threshold: -1}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseNow()
	for range 2 {
		typ, msg, _ := c.Read(ctx)
		fmt.Println(typ, len(msg))
	}
	// Output:
	// compressed: true
	// text 36
	// binary 3
}

func ExampleConn_Write() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	defer c.CloseNow()
	// Safe from many goroutines: each message goes out whole.
	_ = c.Write(ctx, conn.MessageBinary, []byte{1, 2, 3})
	typ, msg, _ := c.Read(ctx)
	fmt.Println(typ, msg)
	// Output: binary [1 2 3]
}

func ExampleConn_CloseStatus() {
	url, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, _, _ := conn.Dial(ctx, url, nil)
	_, open := c.CloseStatus()
	fmt.Println("ended:", open)
	_ = c.Close(4000, "done here")
	st, ended := c.CloseStatus()
	fmt.Println("ended:", ended, uint16(st.Code), st.WasClean)
	// Output:
	// ended: false
	// ended: true 4000 true
}

func ExampleHandler() {
	// Each connection runs on a goroutine of its own and net/http frees the
	// request's buffers at once: the way to hold many mostly idle clients.
	echo := conn.Handler(nil, func(c *conn.Conn, r *http.Request) {
		ctx := r.Context() // not cancelled when the upgrade's ServeHTTP returns
		for {
			typ, msg, err := c.Read(ctx)
			if err != nil {
				return // the connection is closed when serve returns
			}
			if err := c.Write(ctx, typ, msg); err != nil {
				return
			}
		}
	})
	srv := httptest.NewServer(echo)
	defer srv.Close()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, srv.URL, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseNow()
	_ = c.Write(ctx, conn.MessageText, []byte("hello"))
	_, msg, _ := c.Read(ctx)
	fmt.Println(string(msg))
	_ = c.Close(conn.StatusNormalClosure, "")
	// Output: hello
}
