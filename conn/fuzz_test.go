package conn_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// FuzzRead feeds arbitrary bytes to a Conn in both roles, with and without
// compression: reading must end with one of the documented outcomes, never
// a panic or a hang, and never more than the read limit in one message.
func FuzzRead(f *testing.F) {
	key := [4]byte{1, 2, 3, 4}
	f.Add(frame.AppendFrame(nil, frame.Header{Fin: true, Opcode: frame.OpText, Masked: true, Key: key}, []byte("Hello")), byte(0))
	f.Add(frame.AppendFrame(nil, frame.Header{Fin: true, Opcode: frame.OpText}, []byte("Hello")), byte(1))
	f.Add([]byte{0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, byte(0))
	f.Add([]byte{0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, byte(3)) // RFC 7692 "Hello", compressed
	f.Add([]byte{0x01, 0x01, 'a', 0x89, 0x00, 0x80, 0x01, 'b', 0x88, 0x02, 0x03, 0xe8}, byte(1))
	f.Fuzz(func(t *testing.T, wire []byte, mode byte) {
		client := mode&1 != 0
		opts := conn.Options{ReadLimit: 1 << 16}
		var c *conn.Conn
		if mode&2 != 0 {
			c = compressedConn(t, wire, client, opts)
		} else {
			c = conn.New(stream{bytes.NewReader(wire), io.Discard}, &conn.Config{Client: client, Options: opts})
		}
		defer c.CloseNow()
		for range 1000 {
			_, p, err := c.Read(context.Background())
			if err != nil {
				var fe *conn.FailError
				var ce *conn.CloseError
				if !errors.As(err, &fe) && !errors.As(err, &ce) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, conn.ErrClosed) {
					t.Fatalf("undocumented outcome: %v", err)
				}
				return
			}
			if len(p) > 1<<16 {
				t.Fatalf("message of %d bytes passed a limit of %d", len(p), 1<<16)
			}
		}
	})
}

func compressedConn(t *testing.T, wire []byte, client bool, opts conn.Options) *conn.Conn {
	return conn.NewCompressedForTest(stream{bytes.NewReader(wire), io.Discard}, &conn.Config{Client: client, Options: opts})
}
