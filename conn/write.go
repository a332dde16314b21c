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
	// copyLimit: a payload up to this size is copied behind its header and
	// sent in one write; a larger server payload goes out with writev.
	copyLimit = 32 << 10
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
	if err := c.acquire(ctx, c.msgSem); err != nil {
		return fmt.Errorf("conn: write: %w", err)
	}
	defer func() { <-c.msgSem }()
	if err := c.acquire(ctx, c.frameSem); err != nil {
		return fmt.Errorf("conn: write: %w", err)
	}
	defer func() { <-c.frameSem }()
	if stop := c.watch(ctx); stop != nil {
		defer stop()
	}
	wire, err := c.out.DataFrame(op, true)
	if err != nil {
		return c.writeStateErr(err)
	}
	h := frame.Header{Fin: true, Opcode: wire}
	if c.deflater != nil && len(p) >= c.compressAt {
		return c.writeCompressed(h, p)
	}
	return c.writeFrame(h, p)
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
	if !h.Masked && len(p) > copyLimit {
		c.iov[0] = frame.AppendHeader(c.hdr[:0], h)
		c.iov[1] = p
		c.bufs = c.iov[:]
		_, err := c.bufs.WriteTo(c.rwc)
		c.iov[1] = nil
		return c.writeErr(err)
	}
	size := min(len(p), bufpool.MaxSize-maxHeader)
	bp := bufpool.Get(maxHeader + size)
	defer bufpool.Put(bp)
	buf := *bp
	// The header, then as much payload as the buffer takes; a client's large
	// payload follows in masked chunks.
	n := copy(buf[maxHeader:], p)
	if err := c.sendFrame(h, buf[:maxHeader+n], maxHeader); err != nil {
		return err
	}
	pos := n & 3
	for p = p[n:]; len(p) > 0; p = p[n:] {
		n = copy(buf, p)
		pos = mask.Apply(h.Key, pos, buf[:n])
		if _, err := c.rwc.Write(buf[:n]); err != nil {
			return c.writeErr(err)
		}
	}
	return nil
}

// sendFrame writes a frame whose payload, or only its start when
// h.Length says more follows, is buf[off:], with free room before it for the
// header. It masks that payload in place. The caller holds frameSem.
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
	_, err := c.rwc.Write(buf[start:])
	return c.writeErr(err)
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
	if err := c.acquire(ctx, c.frameSem); err != nil {
		return err
	}
	defer func() { <-c.frameSem }()
	if err := c.out.ControlFrame(op); err != nil {
		return err
	}
	var buf [maxHeader + frame.MaxControlPayload]byte
	n := copy(buf[maxHeader:], p)
	return c.sendFrame(frame.Header{Fin: true, Opcode: op, Length: int64(n)}, buf[:maxHeader+n], maxHeader)
}
