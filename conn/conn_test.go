package conn_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

var sizes = []int{0, 1, 125, 126, 127, 65535, 65536, 65537, 1 << 20}

// TestEcho runs hybi's client against hybi's server over loopback TCP, with
// every read and write style, with and without compression.
func TestEcho(t *testing.T) {
	for _, comp := range []*conn.CompressionOptions{nil, {}, {ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 9, ClientMaxWindowBits: 10}} {
		for _, stream := range []bool{false, true} {
			t.Run(fmt.Sprintf("compress=%v/stream=%v", comp != nil, stream), func(t *testing.T) {
				url := echoServer(t, &conn.AcceptOptions{Options: conn.Options{Compression: comp}}, stream)
				ctx := context.Background()
				c, resp, err := conn.Dial(ctx, url, &conn.DialOptions{Options: conn.Options{Compression: comp}})
				require.NoError(t, err)
				if comp != nil {
					assert.Contains(t, resp.Header.Get("Sec-WebSocket-Extensions"), "permessage-deflate")
				}
				var buf []byte
				for i, n := range sizes {
					msg := payload(n)
					typ := conn.MessageText
					if i%2 == 1 {
						typ = conn.MessageBinary
					}
					if stream {
						w, err := c.Writer(ctx, typ)
						require.NoError(t, err)
						for half := range bytes.SplitAfterN(msg, []byte(" "), 3) {
							_, err = w.Write(bytes.SplitAfterN(msg, []byte(" "), 3)[half])
							require.NoError(t, err)
						}
						require.NoError(t, w.Close())
					} else {
						require.NoError(t, c.Write(ctx, typ, msg))
					}
					var got []byte
					var gtyp conn.MessageType
					switch i % 3 {
					case 0:
						gtyp, got, err = c.Read(ctx)
					case 1:
						gtyp, buf, err = c.ReadAppend(ctx, buf[:0])
						got = buf
					case 2:
						var r io.Reader
						gtyp, r, err = c.Reader(ctx)
						require.NoError(t, err)
						got, err = io.ReadAll(iotest.OneByteReader(r))
					}
					require.NoError(t, err, "n=%d", n)
					assert.Equal(t, typ, gtyp)
					require.Equal(t, len(msg), len(got), "n=%d", n)
					require.True(t, bytes.Equal(msg, got), "n=%d", n)
				}
				require.NoError(t, c.Close(conn.StatusNormalClosure, "bye"))
				st, ok := c.CloseStatus()
				require.True(t, ok)
				assert.Equal(t, conn.CloseStatus{Code: conn.StatusNormalClosure, WasClean: true}, st)
			})
		}
	}
}

// TestReadGolden feeds the frames of RFC 6455, Section 5.7 to both roles
// through one-byte and half readers, at every length boundary.
func TestReadGolden(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, client := range []bool{false, true} {
		for _, n := range []int{0, 5, 125, 126, 127, 65535, 65536, 65537} {
			msg := payload(n)
			h := frame.Header{Fin: true, Opcode: frame.OpText}
			if !client {
				h.Masked, h.Key = true, key
			}
			// Split the message in two fragments with a ping between them.
			cut := len(msg) / 3
			h1 := h
			h1.Fin = false
			wire := frame.AppendFrame(nil, h1, msg[:cut])
			ping := h
			ping.Opcode = frame.OpPing
			wire = frame.AppendFrame(wire, ping, []byte("Hello"))
			h2 := h
			h2.Opcode = frame.OpContinuation
			wire = frame.AppendFrame(wire, h2, msg[cut:])
			for name, wrap := range map[string]func(io.Reader) io.Reader{"one-byte": iotest.OneByteReader, "half": iotest.HalfReader} {
				var out bytes.Buffer
				c := conn.New(stream{wrap(bytes.NewReader(wire)), &out}, &conn.Config{Client: client})
				typ, got, err := c.Read(context.Background())
				require.NoError(t, err, "%s client=%v n=%d", name, client, n)
				assert.Equal(t, conn.MessageText, typ)
				assert.True(t, bytes.Equal(msg, got))
				pong, err := frame.ReadFrame(&out, 125)
				require.NoError(t, err)
				assert.Equal(t, frame.OpPong, pong.Opcode)
				assert.Equal(t, "Hello", string(pong.Payload))
				assert.Equal(t, client, pong.Masked)
				c.CloseNow()
			}
		}
	}
}

// TestWriteGolden checks the bytes a server writes against RFC 6455,
// Section 5.7, and that a client masks.
func TestWriteGolden(t *testing.T) {
	var out bytes.Buffer
	c := conn.New(stream{bytes.NewReader(nil), &out}, nil)
	require.NoError(t, c.Write(context.Background(), conn.MessageText, []byte("Hello")))
	assert.Equal(t, []byte{0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}, out.Bytes())
	c.CloseNow()

	for _, n := range []int{0, 125, 126, 65535, 65536, 65537, 300000} {
		out.Reset()
		msg := payload(n)
		cl := conn.New(stream{bytes.NewReader(nil), &out}, &conn.Config{Client: true})
		require.NoError(t, cl.Write(context.Background(), conn.MessageBinary, msg))
		f, err := frame.ReadFrame(&out, 1<<30)
		require.NoError(t, err)
		assert.True(t, f.Masked)
		assert.True(t, f.Fin)
		assert.True(t, bytes.Equal(msg, f.Payload), "n=%d", n)
		assert.Zero(t, out.Len())
		cl.CloseNow()
	}
}

func TestConcurrentWriters(t *testing.T) {
	url := echoServer(t, nil, true)
	ctx := context.Background()
	c, _, err := conn.Dial(ctx, url, nil)
	require.NoError(t, err)
	defer c.CloseNow()
	const writers, each = 8, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				msg := bytes.Repeat([]byte{byte('a' + w)}, 1000+i*97)
				var err error
				if i%2 == 0 {
					err = c.Write(ctx, conn.MessageBinary, msg)
				} else {
					var wr io.WriteCloser
					if wr, err = c.Writer(ctx, conn.MessageBinary); err == nil {
						_, _ = wr.Write(msg[:500])
						_, _ = wr.Write(msg[500:])
						err = wr.Close()
					}
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		}()
	}
	for range writers * each {
		_, p, err := c.Read(ctx)
		require.NoError(t, err)
		require.NotEmpty(t, p)
		require.Equal(t, len(p), bytes.Count(p, p[:1]), "a message was interleaved with another")
	}
	wg.Wait()
}

func TestMisuse(t *testing.T) {
	c, peer := tcpPair(t, false, conn.Options{})
	ctx := context.Background()
	assert.ErrorIs(t, c.Write(ctx, conn.MessageType(9), nil), conn.ErrMessageType)
	_, err := c.Writer(ctx, 0)
	assert.ErrorIs(t, err, conn.ErrMessageType)

	w, err := c.Writer(ctx, conn.MessageText)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	_, err = w.Write([]byte("late"))
	assert.ErrorIs(t, err, conn.ErrWriterClosed)
	assert.ErrorIs(t, w.Close(), conn.ErrWriterClosed)
	f, err := peer.recv()
	require.NoError(t, err)
	assert.Equal(t, frame.OpText, f.Opcode)
	assert.True(t, f.Fin)

	// An invalid close code is refused and the connection stays open.
	assert.ErrorIs(t, c.Close(1005, ""), frame.ErrInvalidCloseCode)
	assert.ErrorIs(t, c.Close(conn.StatusNormalClosure, string(make([]byte, 124))), frame.ErrCloseReasonTooLong)
	require.NoError(t, c.Write(ctx, conn.MessageText, []byte("still open")))
	f, err = peer.recv()
	require.NoError(t, err)
	assert.Equal(t, "still open", string(f.Payload))

	require.NoError(t, c.CloseNow())
	assert.ErrorIs(t, c.CloseNow(), conn.ErrClosed)
	assert.ErrorIs(t, c.Write(ctx, conn.MessageText, []byte("x")), conn.ErrClosed)
	_, _, err = c.Read(ctx)
	assert.ErrorIs(t, err, conn.ErrClosed)
	st, ok := c.CloseStatus()
	require.True(t, ok)
	assert.Equal(t, conn.CloseStatus{Code: conn.StatusAbnormalClosure}, st)
}

func TestAbandonedReaderIsSkipped(t *testing.T) {
	c, peer := pipePairBuffered(t)
	go func() {
		peer.send(frame.Header{Fin: true, Opcode: frame.OpBinary}, bytes.Repeat([]byte{1}, 5000))
		peer.send(frame.Header{Fin: true, Opcode: frame.OpText}, []byte("second"))
	}()
	ctx := context.Background()
	_, r, err := c.Reader(ctx)
	require.NoError(t, err)
	var b [10]byte
	_, err = io.ReadFull(r, b[:])
	require.NoError(t, err)
	typ, p, err := c.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, conn.MessageText, typ)
	assert.Equal(t, "second", string(p))
	_, err = r.Read(b[:])
	assert.Error(t, err, "a superseded reader must not read the next message")
}

func TestContextCancelEndsRead(t *testing.T) {
	c, _ := tcpPair(t, false, conn.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.Read(ctx)
		done <- err
	}()
	cancel()
	err := <-done
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	<-c.Done()
	st, _ := c.CloseStatus()
	assert.Equal(t, conn.StatusAbnormalClosure, st.Code)
}

// TestPipe runs both roles over net.Pipe, which has no buffering at all:
// every write waits for the other side to read.
func TestPipe(t *testing.T) {
	server, client := pipeConns(t, conn.Options{})
	ctx := context.Background()
	served := make(chan error, 1)
	go func() {
		for {
			typ, p, err := server.Read(ctx)
			if err != nil {
				served <- err
				return
			}
			if err := server.Write(ctx, typ, p); err != nil {
				served <- err
				return
			}
		}
	}()
	for _, n := range sizes {
		msg := payload(n)
		require.NoError(t, client.Write(ctx, conn.MessageText, msg))
		_, got, err := client.Read(ctx)
		require.NoError(t, err)
		require.True(t, bytes.Equal(msg, got))
	}
	require.NoError(t, client.Close(conn.StatusNormalClosure, "done"))
	var ce *conn.CloseError
	require.True(t, errors.As(<-served, &ce))
	assert.Equal(t, conn.StatusNormalClosure, ce.Code)
	assert.Equal(t, "done", ce.Reason)
	st, _ := server.CloseStatus()
	assert.True(t, st.WasClean)
}

// A context that ends between calls closes nothing; one that ends during a
// call closes the connection.
func TestContextBetweenCalls(t *testing.T) {
	url := echoServer(t, nil, false)
	c, _, err := conn.Dial(context.Background(), url, nil)
	require.NoError(t, err)
	defer c.CloseNow()
	ctx, cancel := context.WithCancel(context.Background())
	for range 3 {
		require.NoError(t, c.Write(ctx, conn.MessageText, []byte("x")))
		_, _, err := c.Read(ctx)
		require.NoError(t, err)
	}
	cancel()
	_, ok := c.CloseStatus()
	assert.False(t, ok, "a context ending between calls must not close the connection")
	require.NoError(t, c.Write(context.Background(), conn.MessageText, []byte("still here")))
	_, p, err := c.Read(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "still here", string(p))
	// Using the ended context again fails, as any call under an ended context does.
	assert.Error(t, c.Write(ctx, conn.MessageText, []byte("x")))
}
