package conn_test

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

// countingWriter records each Write call separately.
type countingWriter struct {
	mu     sync.Mutex
	writes [][]byte
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, append([]byte(nil), p...))
	return len(p), nil
}

func (w *countingWriter) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.writes)
}

// Answers to pipelined messages share write system calls, in order.
func TestPipelinedAnswersShareWrites(t *testing.T) {
	const n = 200
	var wire []byte
	for i := range n {
		wire = frame.AppendFrame(wire, frame.Header{Fin: true, Opcode: frame.OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}}, []byte{byte(i), 'x'})
	}
	out := &countingWriter{}
	c := conn.New(stream{bytes.NewReader(wire), out}, nil)
	defer c.CloseNow()
	ctx := context.Background()
	for range n {
		typ, p, err := c.Read(ctx)
		require.NoError(t, err)
		require.NoError(t, c.Write(ctx, typ, p))
	}
	_, _, err := c.Read(ctx) // input ends: the reader flushes before it blocks
	require.Error(t, err)
	assert.LessOrEqual(t, out.count(), 3, "200 pipelined answers took %d writes", out.count())
	all := bytes.Join(out.writes, nil)
	for i := range n {
		f, err := frame.ReadFrame(bytes.NewReader(all), 16)
		require.NoError(t, err)
		require.Equal(t, []byte{byte(i), 'x'}, f.Payload)
		all = all[2+2:]
	}
}

// blockingReader hands out one chunk, then blocks until released.
type blockingReader struct {
	first   []byte
	release chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if len(r.first) > 0 {
		n := copy(p, r.first)
		r.first = r.first[n:]
		return n, nil
	}
	<-r.release
	return 0, io.EOF
}

// A lone message is written before Write returns, never held back.
func TestLoneMessageIsNotDelayed(t *testing.T) {
	in := &blockingReader{
		first:   frame.AppendFrame(nil, frame.Header{Fin: true, Opcode: frame.OpText, Masked: true}, []byte("hi")),
		release: make(chan struct{}),
	}
	out := &countingWriter{}
	c := conn.New(stream{in, out}, nil)
	ctx := context.Background()
	_, p, err := c.Read(ctx)
	require.NoError(t, err)
	require.NoError(t, c.Write(ctx, conn.MessageText, p))
	assert.Equal(t, 1, out.count(), "the answer must be on the wire when Write returns")
	// A write from another goroutine while the reader waits goes out at once too.
	readDone := make(chan struct{})
	go func() { _, _, _ = c.Read(ctx); close(readDone) }()
	require.NoError(t, c.Write(ctx, conn.MessageText, []byte("push")))
	assert.Equal(t, 2, out.count())
	close(in.release)
	<-readDone
	c.CloseNow()
}
