package conn

import (
	"context"
	"errors"
	"fmt"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/bufpool"
	"github.com/hybi-go/websocket/internal/protocol"
	"github.com/hybi-go/websocket/mask"
)

const (
	// writeFrameSize is the payload a streamed message gathers before it
	// sends a fragment.
	writeFrameSize = 16<<10 - maxHeader
)

func opcodeOf(typ MessageType) (frame.Opcode, error) {
	switch typ {
	case MessageText:
		return frame.OpText, nil
	case MessageBinary:
		return frame.OpBinary, nil
	}
	return 0, ErrMessageType
}

// Write sends p as one message of type typ. It may be called from many
// goroutines at once: each message goes out whole, in the order the calls
// take the write half. p is not modified and may be reused when Write
// returns. Text is sent as given; the caller promises it is UTF-8. ctx
// bounds the wait for the write half and the write; when it ends first the
// connection is closed.
func (c *Conn) Write(ctx context.Context, typ MessageType, p []byte) error {
	op, err := opcodeOf(typ)
	if err != nil {
		return err
	}
	withMsg, err := c.lockWhole(ctx)
	if err != nil {
		return fmt.Errorf("conn: write: %w", err)
	}
	defer c.unlockWhole(withMsg)
	defer c.enter(&c.writeCtx, ctx).exit()
	wire, err := c.out.DataFrame(op, true)
	if err != nil {
		return c.writeStateErr(err)
	}
	h := frame.Header{Fin: true, Opcode: wire}
	if c.deflater != nil && len(p) >= c.compressAt && !c.noCompress.Load() {
		return c.writeCompressed(h, p)
	}
	return c.writeFrame(h, p)
}

// lockWhole takes the write half for one whole message. The frame lock
// alone is enough when no streamed message is in progress, since the whole
// message goes out under it; otherwise it first waits for the streamed
// message to end, so as never to land between its fragments. It reports
// whether it took the message lock too.
func (c *Conn) lockWhole(ctx context.Context) (withMsg bool, err error) {
	if err := c.acquire(ctx, &c.frameSem); err != nil {
		return false, err
	}
	if !c.out.InMessage() {
		return false, nil
	}
	c.frameSem.unlock()
	if err := c.acquire(ctx, &c.msgSem); err != nil {
		return false, err
	}
	if err := c.acquire(ctx, &c.frameSem); err != nil {
		c.msgSem.unlock()
		return false, err
	}
	return true, nil
}

func (c *Conn) unlockWhole(withMsg bool) {
	c.frameSem.unlock()
	if withMsg {
		c.msgSem.unlock()
	}
}

// writeStateErr reports a write refused by the outbound machine.
func (c *Conn) writeStateErr(err error) error {
	if errors.Is(err, protocol.ErrCloseSent) {
		return fmt.Errorf("conn: write: %w", ErrClosed)
	}
	return fmt.Errorf("conn: write: %w", err)
}

// writeFrame sends one frame with payload p from the caller's memory. The
// caller holds frameSem.
func (c *Conn) writeFrame(h frame.Header, p []byte) error {
	if c.client {
		h.Masked = true
		h.Key = newMaskKey()
	}
	h.Length = int64(len(p))
	if n := h.Len() + len(p); c.pendN+n <= pendCap {
		// The usual case: header and payload side by side in the output
		// buffer, masked there, never in the caller's memory.
		b := c.pendSpace(n)
		hl := len(frame.AppendHeader(b[:0], h))
		copy(b[hl:], p)
		if h.Masked {
			mask.Apply(h.Key, 0, b[hl:])
		}
		return c.commit()
	}
	if !h.Masked {
		// A large server payload goes out from the caller's memory, behind
		// whatever is pending, in one writev.
		c.iov[0] = nil
		if c.pendN > 0 {
			c.iov[0] = (*c.pend)[:c.pendN]
		}
		c.iov[1] = frame.AppendHeader(c.hdr[:0], h)
		c.iov[2] = p
		c.bufs = c.iov[:]
		_, err := c.bufs.WriteTo(c.rwc)
		c.iov = [3][]byte{}
		c.releasePend()
		return c.writeErr(err)
	}
	// A large client payload is masked chunk by chunk in a borrowed buffer.
	if err := c.flushLocked(); err != nil {
		return err
	}
	bp := bufpool.Get(bufpool.MaxSize)
	defer bufpool.Put(bp)
	buf := *bp
	hl := len(frame.AppendHeader(buf[:0], h))
	pos := 0
	for first := true; len(p) > 0; first = false {
		at := 0
		if first {
			at = hl
		}
		n := copy(buf[at:], p)
		pos = mask.Apply(h.Key, pos, buf[at:at+n])
		if _, err := c.rwc.Write(buf[:at+n]); err != nil {
			return c.writeErr(err)
		}
		p = p[n:]
	}
	return nil
}

// sendFrame sends a frame whose payload is buf[off:], with free room before
// it for the header; it masks the payload in place. The caller holds frameSem.
func (c *Conn) sendFrame(h frame.Header, buf []byte, off int) error {
	if c.client && !h.Masked {
		h.Masked = true
		h.Key = newMaskKey()
	}
	start := off - h.Len()
	frame.AppendHeader(buf[start:start], h)
	if h.Masked {
		mask.Apply(h.Key, 0, buf[off:])
	}
	return c.emit(buf[start:])
}

func (c *Conn) writeErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("conn: write: %w", c.ioErr(err))
}

// writeControl sends a control frame. It takes the frame half for the
// length of one frame, so it interleaves with a streamed message.
func (c *Conn) writeControl(ctx context.Context, op frame.Opcode, p []byte) error {
	if err := c.acquire(ctx, &c.frameSem); err != nil {
		return err
	}
	defer c.frameSem.unlock()
	if err := c.out.ControlFrame(op); err != nil {
		return err
	}
	if err := c.writeFrame(frame.Header{Fin: true, Opcode: op}, p); err != nil {
		return err
	}
	if op == frame.OpClose {
		// The peer must see our Close now: we are about to wait for its answer.
		return c.flushLocked()
	}
	return nil
}
