package conn

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/protocol"
)

// Close runs the closing handshake (RFC 6455, Section 7): it sends a Close
// frame with code and reason, waits up to CloseTimeout for the peer's Close
// (reading and discarding data messages itself when no other goroutine is
// reading), then closes the stream: a server at once, a client after giving
// the server a moment to close the TCP connection first (Section 7.1.1).
// code must be sendable (1000-1003, 1007-1014, 3000-4999) and reason valid
// UTF-8 of at most 123 bytes, or Close returns an error and does nothing.
// It returns nil when the handshake completed. Close after the connection
// has ended returns an error wrapping ErrClosed.
func (c *Conn) Close(code StatusCode, reason string) error {
	if _, err := frame.AppendClose(nil, code, reason); err != nil || code == StatusNoStatusReceived {
		if err == nil {
			err = frame.ErrInvalidCloseCode
		}
		return fmt.Errorf("conn: close: %w", err)
	}
	select {
	case <-c.done:
		return fmt.Errorf("conn: close: %w", c.closedErr())
	default:
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), c.opts.closeTimeout, ErrCloseTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { c.abort(ErrCloseTimeout) })
	defer stop()

	if err := c.sendClose(ctx, code, reason); err != nil && !errors.Is(err, protocol.ErrCloseSent) {
		c.abort(err)
		return fmt.Errorf("conn: close: %w", c.closedErr())
	}
	// Wait for the peer's Close: a reading goroutine may see it, or we read.
	if c.readSem.lock(c.closeRecv, c.done, nil) == 0 {
		// A reader may have taken the peer's Close just before giving the
		// read half up; it marks closeRecv before it does.
		select {
		case <-c.closeRecv:
		default:
			c.drainUntilClose()
		}
		c.readSem.unlock()
	}
	c.closeStream(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status.WasClean {
		return nil
	}
	return fmt.Errorf("conn: close: %w", c.err)
}

// drainUntilClose reads and discards messages until the peer's Close frame
// arrives or the connection ends. The caller holds readSem.
func (c *Conn) drainUntilClose() {
	for {
		if c.mr.active {
			if err := c.mr.discard(); err != nil {
				return
			}
		}
		h, err := c.nextDataFrame()
		if err != nil {
			c.mr.finish(err)
			return
		}
		c.mr.active = true
		c.mr.begin(h)
	}
}

// closeStream ends the stream after a Close exchange: a server closes at
// once; a client first waits, within ctx, for the server to close
// (RFC 6455, Section 7.1.1: the server closes the TCP connection first).
func (c *Conn) closeStream(ctx context.Context) {
	c.mu.Lock()
	clean := c.cleanClose
	c.mu.Unlock()
	if clean && c.client {
		if c.readSem.lock(ctx.Done(), c.done, nil) == 0 {
			c.waitEOF(ctx)
			c.readSem.unlock()
		}
	}
	c.mu.Lock()
	if c.err == nil {
		c.err = ErrClosed
	}
	c.finishLocked()
	c.mu.Unlock()
}

// waitEOF reads until the peer closes the stream or ctx ends.
func (c *Conn) waitEOF(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() { c.abortQuiet() })
	defer stop()
	var buf [512]byte
	for {
		if _, err := c.rwc.Read(buf[:]); err != nil {
			return
		}
	}
}

// abortQuiet closes the stream without changing the recorded outcome.
func (c *Conn) abortQuiet() { _ = c.rwc.Close() }

// CloseNow closes the stream at once, without a closing handshake. The
// peer sees an abnormal closure (1006). It is safe to call at any time and
// more than once; later calls return an error wrapping ErrClosed.
func (c *Conn) CloseNow() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.done:
		return fmt.Errorf("conn: close: %w", ErrClosed)
	default:
	}
	if c.err == nil {
		c.err = ErrClosed
	}
	c.finishLocked()
	return nil
}

// sendClose sends our Close frame once. It records the Close as sent
// before writing it, so a reader that sees the peer's answer, however fast,
// knows it is an answer.
func (c *Conn) sendClose(ctx context.Context, code StatusCode, reason string) error {
	var buf [frame.MaxControlPayload]byte
	p, err := frame.AppendClose(buf[:0], code, reason)
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.closeSent {
		c.mu.Unlock()
		return protocol.ErrCloseSent
	}
	c.closeSent = true
	c.mu.Unlock()
	return c.writeControl(ctx, frame.OpClose, p)
}

// peerClosed handles the peer's Close frame (RFC 6455, Section 5.5.1): an
// invalid one fails the connection; a valid one is answered with the same
// code unless we sent our Close first, and ends the read half.
func (c *Conn) peerClosed(p []byte) error {
	code, reason, err := c.in.Close(p)
	if err != nil {
		return c.fail(err)
	}
	ce := &CloseError{Code: code, Reason: reason}
	c.mu.Lock()
	c.peerClose = ce
	weStarted := c.closeSent
	// Our Close was out before this one arrived: the handshake is complete.
	c.cleanClose = weStarted
	close(c.closeRecv)
	if c.err == nil {
		c.err = ce
	}
	c.mu.Unlock()
	if weStarted {
		// Close is waiting on closeRecv and finishes the stream.
		return ce
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.closeTimeout)
	defer cancel()
	echo := code
	if echo == StatusNoStatusReceived {
		echo = 0
	}
	if err := c.sendCloseCode(ctx, echo); err != nil && !errors.Is(err, protocol.ErrCloseSent) {
		c.abort(err)
		return ce
	}
	c.closeStreamFromReader(ctx)
	return ce
}

// sendCloseCode echoes a code, or sends an empty Close for code 0.
func (c *Conn) sendCloseCode(ctx context.Context, code StatusCode) error {
	if code == 0 {
		return c.sendClose(ctx, StatusNoStatusReceived, "")
	}
	return c.sendClose(ctx, code, "")
}

// closeStreamFromReader is closeStream for the reading goroutine, which
// already holds the read half.
func (c *Conn) closeStreamFromReader(ctx context.Context) {
	c.mu.Lock()
	c.cleanClose = true // our answer is out
	c.mu.Unlock()
	if c.client {
		c.waitEOF(ctx)
	}
	c.mu.Lock()
	c.finishLocked()
	c.mu.Unlock()
}

// fail fails the connection for err, detected on input (RFC 6455, Section
// 7.1.7): it sends a Close with the code the table gives, when it still can,
// and closes the stream. It returns the *FailError the caller reports.
func (c *Conn) fail(err error) error {
	code := protocol.CodeOf(err)
	fe := &FailError{Code: code, Err: err}
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.finishLocked()
		c.mu.Unlock()
		return err
	}
	c.err = fe
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), min(c.opts.closeTimeout, time.Second))
	defer cancel()
	_ = c.sendClose(ctx, code, "")
	c.mu.Lock()
	c.linger = true
	c.finishLocked()
	c.mu.Unlock()
	return fe
}

// lingerClose ends a failed connection without a reset: frames the peer
// sent after the one that failed are still unread, and closing a socket
// with unread input makes the kernel send a reset, which can destroy our
// Close frame before the peer reads it. So the write side is shut first,
// and input is drained until the peer closes or a second passes.
func (c *Conn) lingerClose() {
	cw, ok := c.rwc.(interface{ CloseWrite() error })
	if !ok || cw.CloseWrite() != nil {
		_ = c.rwc.Close()
		return
	}
	t := time.AfterFunc(time.Second, func() { _ = c.rwc.Close() })
	defer t.Stop()
	var buf [512]byte
	for {
		if _, err := c.rwc.Read(buf[:]); err != nil {
			break
		}
	}
	_ = c.rwc.Close()
}
