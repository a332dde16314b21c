package conn

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// NetConn returns a net.Conn that carries a byte stream over c, for code
// that speaks a stream protocol (TLS, SSH, HTTP/1, a line protocol) through
// a WebSocket:
//
//   - Write sends its bytes as one message of type typ.
//   - Read returns the bytes of the messages received, one after another,
//     without their boundaries. A message of another type than typ fails
//     the connection with 1003 (Unsupported Data) and Read returns an error
//     matching ErrUnexpectedType. The peer's Close with 1000 or no code
//     reads as io.EOF; any other close code is returned as a *CloseError.
//   - Close runs the closing handshake with 1000 (Normal Closure).
//   - LocalAddr and RemoteAddr return a placeholder with Network
//     "websocket" when the addresses are unknown.
//
// Deadlines work as the net.Conn documentation says, with one difference: a
// deadline that passes while a Read or Write is blocked ends the whole
// connection (reported to the peer as 1006), because Conn closes the
// connection when the context of a blocked call ends. The blocked call and
// every later one return an error matching os.ErrDeadlineExceeded whose
// Timeout method reports true. A deadline that passes while no call is
// blocked leaves the connection open: the next call fails with the same
// error, and a later deadline lets calls through again.
//
// ctx bounds the life of the returned net.Conn: when it ends, a blocked
// call ends the connection and later calls fail. One Read at a time is
// served; Writes may come from many goroutines. Use the net.Conn instead
// of c's read methods, never both.
func NetConn(ctx context.Context, c *Conn, typ MessageType) net.Conn {
	nc := &netConn{c: c, typ: typ}
	nc.rd.init(ctx)
	nc.wd.init(ctx)
	return nc
}

type netConn struct {
	c      *Conn
	typ    MessageType
	closed atomic.Bool

	rmu  sync.Mutex // one Read at a time, as Conn requires
	buf  []byte     // the last message, reused for the next
	rest []byte     // its unread part
	rerr error      // sticky: reading has ended with this

	rd, wd deadline
}

func (nc *netConn) Read(p []byte) (int, error) {
	nc.rmu.Lock()
	defer nc.rmu.Unlock()
	for len(nc.rest) == 0 {
		if nc.rerr != nil {
			return 0, nc.rerr
		}
		if len(p) == 0 {
			return 0, nil
		}
		ctx, err := nc.rd.context()
		if err != nil {
			return 0, nc.opError("read", err)
		}
		typ, b, err := nc.c.ReadAppend(ctx, nc.buf[:0])
		if err != nil {
			nc.rerr = nc.readError(ctx, err)
			return 0, nc.rerr
		}
		nc.buf = b
		if typ != nc.typ {
			// RFC 6455, Section 7.4.1: 1003 tells the peer we cannot
			// accept this type of data.
			_ = nc.c.Close(StatusUnsupportedData, "unexpected message type")
			nc.rerr = nc.opError("read", &typeError{op: "read", got: typ, want: nc.typ})
			return 0, nc.rerr
		}
		nc.rest = b
	}
	n := copy(p, nc.rest)
	nc.rest = nc.rest[n:]
	return n, nil
}

// readError turns the error that ended reading into the one net.Conn users
// expect.
func (nc *netConn) readError(ctx context.Context, err error) error {
	var ce *CloseError
	if errors.As(err, &ce) && (ce.Code == StatusNormalClosure || ce.Code == StatusNoStatusReceived) && !nc.closed.Load() {
		return io.EOF
	}
	return nc.opError("read", nc.cause(ctx, err))
}

func (nc *netConn) Write(p []byte) (int, error) {
	ctx, err := nc.wd.context()
	if err != nil {
		return 0, nc.opError("write", err)
	}
	if err := nc.c.Write(ctx, nc.typ, p); err != nil {
		return 0, nc.opError("write", nc.cause(ctx, err))
	}
	return len(p), nil
}

// cause prefers the reason a call's context ended, a deadline, over the
// error the connection reported for it.
func (nc *netConn) cause(ctx context.Context, err error) error {
	switch {
	case context.Cause(ctx) == os.ErrDeadlineExceeded:
		return os.ErrDeadlineExceeded
	case nc.closed.Load():
		return net.ErrClosed
	}
	return err
}

func (nc *netConn) Close() error {
	if nc.closed.Swap(true) {
		return nc.opError("close", net.ErrClosed)
	}
	// Stopping the deadlines first would cancel a blocked Read's context,
	// which drops the connection before the handshake.
	err := nc.c.Close(StatusNormalClosure, "")
	nc.rd.stop()
	nc.wd.stop()
	if err != nil {
		return nc.opError("close", err)
	}
	return nil
}

func (nc *netConn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: "websocket", Source: nc.LocalAddr(), Addr: nc.RemoteAddr(), Err: err}
}

// LocalAddr returns the local address when Conn knows it, or a placeholder.
func (nc *netConn) LocalAddr() net.Addr {
	if a, ok := any(nc.c).(interface{ LocalAddr() net.Addr }); ok {
		return a.LocalAddr()
	}
	return unknownAddr{}
}

// RemoteAddr returns the peer's address when Conn knows it, or a
// placeholder.
func (nc *netConn) RemoteAddr() net.Addr {
	if a, ok := any(nc.c).(interface{ RemoteAddr() net.Addr }); ok {
		return a.RemoteAddr()
	}
	return unknownAddr{}
}

func (nc *netConn) SetDeadline(t time.Time) error {
	nc.rd.set(t)
	nc.wd.set(t)
	return nil
}

func (nc *netConn) SetReadDeadline(t time.Time) error {
	nc.rd.set(t)
	return nil
}

func (nc *netConn) SetWriteDeadline(t time.Time) error {
	nc.wd.set(t)
	return nil
}

// unknownAddr stands for an address the connection does not know.
type unknownAddr struct{}

func (unknownAddr) Network() string { return "websocket" }
func (unknownAddr) String() string  { return "websocket/unknown-addr" }

// deadline is one direction's deadline as a context that a timer cancels
// with the cause os.ErrDeadlineExceeded. Calls pass the current context to
// Conn, so no goroutine runs per call; a context that has ended is replaced
// when the deadline is set again.
type deadline struct {
	mu     sync.Mutex
	parent context.Context
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer
}

func (d *deadline) init(parent context.Context) {
	d.parent = parent
	d.ctx, d.cancel = context.WithCancelCause(parent)
}

// context returns the context for a call, or os.ErrDeadlineExceeded when
// the deadline has already passed.
func (d *deadline) context() (context.Context, error) {
	d.mu.Lock()
	ctx := d.ctx
	d.mu.Unlock()
	if context.Cause(ctx) == os.ErrDeadlineExceeded {
		return nil, os.ErrDeadlineExceeded
	}
	return ctx, nil
}

func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		// The timer fired, or is firing: its context is spent.
		d.ctx, d.cancel = context.WithCancelCause(d.parent)
	}
	d.timer = nil
	if context.Cause(d.ctx) == os.ErrDeadlineExceeded {
		// An earlier deadline passed (set in the past): start afresh.
		d.ctx, d.cancel = context.WithCancelCause(d.parent)
	}
	if t.IsZero() {
		return
	}
	cancel := d.cancel
	if dur := time.Until(t); dur > 0 {
		d.timer = time.AfterFunc(dur, func() { cancel(os.ErrDeadlineExceeded) })
		return
	}
	cancel(os.ErrDeadlineExceeded)
}

// stop releases the timer and the context.
func (d *deadline) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.cancel(context.Canceled)
}
