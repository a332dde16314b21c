package mask_test

import (
	"fmt"

	"github.com/hybi-go/websocket/mask"
)

func ExampleApply() {
	// The masking key and payload of RFC 6455, Section 5.7.
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	payload := []byte("Hello")

	mask.Apply(key, 0, payload)
	fmt.Printf("masked:   % x\n", payload)

	// Unmask in two chunks, threading the key offset between them.
	pos := mask.Apply(key, 0, payload[:2])
	mask.Apply(key, pos, payload[2:])
	fmt.Printf("unmasked: %s\n", payload)
	// Output:
	// masked:   7f 9f 4d 51 58
	// unmasked: Hello
}
