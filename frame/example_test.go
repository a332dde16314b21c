package frame_test

import (
	"bytes"
	"fmt"

	"github.com/hybi-go/websocket/frame"
)

func ExampleParseHeader() {
	wire := []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}
	h, n, err := frame.ParseHeader(wire)
	if err != nil {
		panic(err)
	}
	fmt.Println(h.Opcode, h.Fin, h.Masked, h.Length, n, h.Check())
	// Output: text true true 5 6 <nil>
}

func ExampleAppendHeader() {
	b := frame.AppendHeader(nil, frame.Header{Fin: true, Opcode: frame.OpBinary, Length: 256})
	fmt.Printf("% x\n", b)
	// Output: 82 7e 01 00
}

func ExampleReadHeader() {
	h, err := frame.ReadHeader(bytes.NewReader([]byte{0x89, 0x00}))
	fmt.Println(h.Opcode, h.Length, err)
	// Output: ping 0 <nil>
}

func ExampleWriteHeader() {
	var buf bytes.Buffer
	_ = frame.WriteHeader(&buf, frame.Header{Fin: true, Opcode: frame.OpPong})
	fmt.Printf("% x\n", buf.Bytes())
	// Output: 8a 00
}

func ExampleAppendFrame() {
	h := frame.Header{Fin: true, Opcode: frame.OpText, Masked: true, Key: [4]byte{0x37, 0xfa, 0x21, 0x3d}}
	fmt.Printf("% x\n", frame.AppendFrame(nil, h, []byte("Hello")))
	// Output: 81 85 37 fa 21 3d 7f 9f 4d 51 58
}

func ExampleReadFrame() {
	wire := []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}
	f, err := frame.ReadFrame(bytes.NewReader(wire), 1<<20)
	fmt.Printf("%s %q %v\n", f.Opcode, f.Payload, err)
	// Output: text "Hello" <nil>
}

func ExampleWriteFrame() {
	var buf bytes.Buffer
	_ = frame.WriteFrame(&buf, frame.Frame{Header: frame.Header{Fin: true, Opcode: frame.OpPing}, Payload: []byte("hi")})
	fmt.Printf("% x\n", buf.Bytes())
	// Output: 89 02 68 69
}

func ExampleParseClose() {
	code, reason, err := frame.ParseClose([]byte{0x03, 0xe8, 'b', 'y', 'e'})
	fmt.Println(uint16(code), code, reason, err)
	// Output: 1000 normal closure bye <nil>
}

func ExampleAppendClose() {
	p, err := frame.AppendClose(nil, frame.StatusGoingAway, "restart")
	fmt.Printf("% x %v\n", p, err)
	_, err = frame.AppendClose(nil, frame.StatusAbnormalClosure, "")
	fmt.Println(err)
	// Output:
	// 03 e9 72 65 73 74 61 72 74 <nil>
	// frame: close code not allowed on the wire
}
