package conn

import (
	"context"
	"fmt"
	"io"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/bufpool"
)

// Writer starts a message of type typ and returns a writer for its bytes:
// they go out in fragments as they fill a frame, and Close sends the final
// fragment. Until Close, other whole-message writes wait; control frames
// (pongs, pings, a close) still interleave between the fragments. ctx bounds
// the wait for the write half and every write until Close; when it ends
// first the connection is closed. The returned writer is for one goroutine
// at a time; Write after Close returns ErrWriterClosed.
func (c *Conn) Writer(ctx context.Context, typ MessageType) (io.WriteCloser, error) {
	op, err := opcodeOf(typ)
	if err != nil {
		return nil, err
	}
	if err := c.acquire(ctx, &c.msgSem); err != nil {
		return nil, fmt.Errorf("conn: writer: %w", err)
	}
	w := &c.mw
	w.op = op
	w.first = true
	w.err = nil
	w.open = true
	w.ctx = c.enter(&c.writerCtx, ctx)
	w.buf = bufpool.Get(maxHeader + writeFrameSize)
	w.n = maxHeader
	w.comp = nil
	if c.deflater != nil && !c.noCompress.Load() {
		w.comp = c.deflater.Writer(&w.sink)
		w.sink.w = w
	}
	return w, nil
}

// messageWriter streams one message. There is one per connection, reused.
type messageWriter struct {
	c     *Conn
	op    frame.Opcode
	first bool
	open  bool
	err   error
	ctx   *ctxReg
	buf   *[]byte // borrowed while the message is open
	n     int     // end of the gathered payload in *buf
	comp  io.WriteCloser
	sink  frameSink
}

// Write adds p to the message.
func (w *messageWriter) Write(p []byte) (int, error) {
	if !w.open {
		return 0, ErrWriterClosed
	}
	if w.err != nil {
		return 0, w.err
	}
	if w.comp != nil {
		n, err := w.comp.Write(p)
		if err != nil {
			w.err = err
		}
		return n, err
	}
	return w.gather(p)
}

// gather copies p into the frame buffer, sending a fragment whenever the
// buffer is full.
func (w *messageWriter) gather(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		buf := *w.buf
		if w.n == len(buf) {
			if err := w.flush(false); err != nil {
				return total, err
			}
		}
		k := copy(buf[w.n:], p)
		w.n += k
		total += k
		p = p[k:]
	}
	return total, nil
}

// flush sends the gathered payload as a fragment; fin ends the message.
func (w *messageWriter) flush(fin bool) error {
	c := w.c
	if err := c.acquire(context.Background(), &c.frameSem); err != nil {
		w.err = err
		return err
	}
	defer c.frameSem.unlock()
	wire, err := c.out.DataFrame(w.op, fin)
	if err != nil {
		w.err = c.writeStateErr(err)
		return w.err
	}
	h := frame.Header{Fin: fin, Opcode: wire, Length: int64(w.n - maxHeader)}
	if w.first && w.comp != nil {
		// RFC 7692, Section 6: RSV1 on the first frame of a compressed message only.
		h.Rsv = frame.Rsv1
	}
	w.first = false
	err = c.sendFrame(h, (*w.buf)[:w.n], maxHeader)
	w.n = maxHeader
	if err != nil {
		w.err = err
	}
	return err
}

// Close sends the final fragment and frees the write half for the next
// message. It returns the first error of the message, if any.
func (w *messageWriter) Close() error {
	if !w.open {
		return ErrWriterClosed
	}
	if w.err == nil && w.comp != nil {
		w.err = w.comp.Close()
	}
	if w.err == nil {
		w.err = w.flush(true)
	}
	w.open = false
	w.ctx.exit()
	w.ctx = nil
	bufpool.Put(w.buf)
	w.buf = nil
	w.comp = nil
	err := w.err
	w.c.msgSem.unlock()
	return err
}

// frameSink takes compressed bytes from the compressor into the frame buffer.
type frameSink struct{ w *messageWriter }

func (s *frameSink) Write(p []byte) (int, error) { return s.w.gather(p) }
