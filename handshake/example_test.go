package handshake_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hybi-go/websocket/handshake"
)

func ExampleParseExtensions() {
	exts, err := handshake.ParseExtensions([]string{
		`permessage-deflate; client_max_window_bits; server_max_window_bits="10"`,
		"permessage-deflate",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range exts {
		fmt.Println(e.Name, e.Params)
	}
	fmt.Println(handshake.FormatExtensions(exts))
	// Output:
	// permessage-deflate [{client_max_window_bits } {server_max_window_bits 10}]
	// permessage-deflate []
	// permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate
}

func ExampleAppendExtensions() {
	offer := []handshake.Extension{{
		Name:   "permessage-deflate",
		Params: []handshake.Param{{Name: "client_max_window_bits"}},
	}}
	fmt.Printf("%s\n", handshake.AppendExtensions([]byte("Sec-WebSocket-Extensions: "), offer))
	// Output:
	// Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits
}

func ExampleAcceptKey() {
	// The key and answer of RFC 6455, Section 1.3.
	fmt.Println(handshake.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
	// Output:
	// s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
}

func ExampleUpgrade() {
	opts := &handshake.ServerOptions{Subprotocols: []string{"echo"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, leftover, res, err := handshake.Upgrade(w, r, opts)
		if err != nil {
			return // Upgrade has answered with the HTTP error.
		}
		defer c.Close()
		fmt.Println("server: subprotocol", res.Subprotocol)
		// The stream starts with leftover, then continues on c.
		stream := io.MultiReader(bytes.NewReader(leftover), c)
		_, _ = io.Copy(c, stream) // a raw echo; package conn speaks frames here
	}))
	defer srv.Close()

	rwc, _, _, err := handshake.Dial(context.Background(), strings.Replace(srv.URL, "http", "ws", 1),
		&handshake.ClientOptions{Subprotocols: []string{"echo"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rwc.Close()
	_, _ = io.WriteString(rwc, "ping")
	reply := make([]byte, 4)
	_, _ = io.ReadFull(rwc, reply)
	fmt.Printf("client: %s\n", reply)
	// Output:
	// server: subprotocol echo
	// client: ping
}

func ExampleDial() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, _, err := handshake.Upgrade(w, r, &handshake.ServerOptions{Subprotocols: []string{"v2", "v1"}})
		if err != nil {
			return
		}
		_, _ = io.WriteString(c, "welcome")
		c.Close()
	}))
	defer srv.Close()

	// ctx bounds the handshake only, never the connection.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rwc, resp, res, err := handshake.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/chat",
		&handshake.ClientOptions{
			Header:       http.Header{"Origin": {srv.URL}},
			Subprotocols: []string{"v1", "v2"},
		})
	if err != nil {
		fmt.Println(err) // resp, when not nil, holds the server's refusal
		return
	}
	defer rwc.Close()
	msg, _ := io.ReadAll(rwc)
	fmt.Println(resp.Status)
	fmt.Println(res.Subprotocol)
	fmt.Println(string(msg))
	// Output:
	// 101 Switching Protocols
	// v2
	// welcome
}
