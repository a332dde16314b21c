package deflate_test

import (
	"bytes"
	"fmt"
	"io"

	"github.com/hybi-go/websocket/internal/deflate"
)

func ExampleCompressor_AppendMessage() {
	c := deflate.NewCompressor(deflate.BestSpeed, 15, true)
	d := deflate.NewDecompressor(15, true)
	for _, msg := range []string{"Hello, hello, hello!", "Hello, hello, hello!"} {
		payload := c.AppendMessage(nil, []byte(msg))
		out, err := d.AppendMessage(nil, payload, 1<<20)
		fmt.Printf("%q %v\n", out, err)
	}
	// Output:
	// "Hello, hello, hello!" <nil>
	// "Hello, hello, hello!" <nil>
}

func ExampleCompressor_Writer() {
	c := deflate.NewCompressor(0, 15, false)
	var payload bytes.Buffer
	w := c.Writer(&payload)
	fmt.Fprint(w, "streamed ")
	fmt.Fprint(w, "message")
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}
	d := deflate.NewDecompressor(15, false)
	out, err := io.ReadAll(d.Reader(&payload, 1<<20))
	fmt.Printf("%q %v\n", out, err)
	// Output:
	// "streamed message" <nil>
}

func ExampleDecompressor_Reader() {
	// The payload of RFC 7692, Section 7.2.3.1.
	payload := []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}
	d := deflate.NewDecompressor(15, false)
	out, err := io.ReadAll(d.Reader(bytes.NewReader(payload), 1<<20))
	fmt.Printf("%q %v\n", out, err)
	// Output:
	// "Hello" <nil>
}

func ExampleDecompressor_AppendMessage() {
	d := deflate.NewDecompressor(15, true)
	for _, payload := range [][]byte{
		{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00},
		{0xf2, 0x00, 0x11, 0x00, 0x00}, // refers to the first message
	} {
		out, err := d.AppendMessage(nil, payload, 5)
		fmt.Printf("%q %v\n", out, err)
	}
	_, err := d.AppendMessage(nil, []byte{0xf2, 0x00, 0x11, 0x00, 0x00}, 4)
	fmt.Println(err)
	// Output:
	// "Hello" <nil>
	// "Hello" <nil>
	// deflate: message too large
}
