package handshake_test

import (
	"fmt"

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
