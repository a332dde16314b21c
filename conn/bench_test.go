package conn_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/hybi-go/websocket/conn"
)

var benchSizes = []int{16, 1 << 10, 64 << 10, 1 << 20}

func sizeName(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("size=%dMiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("size=%dKiB", n>>10)
	}
	return fmt.Sprintf("size=%dB", n)
}

// BenchmarkConn_Read reads whole messages into new slices, from an
// in-memory stream that never blocks.
func BenchmarkConn_Read(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			c := conn.New(stream{&loopReader{b: messageStream(false, n, 2)}, io.Discard}, &conn.Config{Options: conn.Options{ReadLimit: -1}})
			defer c.CloseNow()
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := c.Read(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConn_ReadAppend reads whole messages into one reused buffer.
func BenchmarkConn_ReadAppend(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			c := conn.New(stream{&loopReader{b: messageStream(false, n, 2)}, io.Discard}, &conn.Config{Options: conn.Options{ReadLimit: -1}})
			defer c.CloseNow()
			var buf []byte
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if _, buf, err = c.ReadAppend(context.Background(), buf[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConn_Write writes whole messages, as a server and as a client
// (which masks), to a stream that discards.
func BenchmarkConn_Write(b *testing.B) {
	for _, client := range []bool{false, true} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("client=%v/%s", client, sizeName(n)), func(b *testing.B) {
				c := conn.New(stream{&loopReader{b: []byte{0}}, io.Discard}, &conn.Config{Client: client})
				defer c.CloseNow()
				msg := make([]byte, n)
				b.SetBytes(int64(n))
				b.ReportAllocs()
				for b.Loop() {
					if err := c.Write(context.Background(), conn.MessageBinary, msg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
