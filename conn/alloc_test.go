package conn_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// loopReader replays the same bytes forever.
type loopReader struct {
	b []byte
	i int
}

func (r *loopReader) Read(p []byte) (int, error) {
	n := copy(p, r.b[r.i:])
	r.i = (r.i + n) % len(r.b)
	return n, nil
}

func messageStream(client bool, n int, count int) []byte {
	var wire []byte
	h := frame.Header{Fin: true, Opcode: frame.OpBinary}
	if !client {
		h.Masked, h.Key = true, [4]byte{9, 8, 7, 6}
	}
	for range count {
		wire = frame.AppendFrame(wire, h, bytes.Repeat([]byte{'x'}, n))
	}
	return wire
}

// The steady state allocates nothing per message on the write path and on
// the streaming and appending read paths.
func TestZeroAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop buffers at random; run without -race")
	}
	ctx := context.Background()
	for _, client := range []bool{false, true} {
		for _, n := range []int{16, 1024, 64 << 10} {
			w := conn.New(stream{bytes.NewReader(nil), io.Discard}, &conn.Config{Client: client})
			msg := make([]byte, n)
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				_ = w.Write(ctx, conn.MessageBinary, msg)
			}), "Write client=%v n=%d", client, n)
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				wr, _ := w.Writer(ctx, conn.MessageBinary)
				_, _ = wr.Write(msg)
				_ = wr.Close()
			}), "Writer client=%v n=%d", client, n)
			w.CloseNow()

			r := conn.New(stream{&loopReader{b: messageStream(client, n, 4)}, io.Discard}, &conn.Config{Client: client})
			buf := make([]byte, 0, n)
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				_, buf, _ = r.ReadAppend(ctx, buf[:0])
			}), "ReadAppend client=%v n=%d", client, n)
			sink := make([]byte, 4096)
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				_, rd, _ := r.Reader(ctx)
				for {
					if _, err := rd.Read(sink); err != nil {
						break
					}
				}
			}), "Reader client=%v n=%d", client, n)
			r.CloseNow()
		}
	}
}
