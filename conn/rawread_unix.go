//go:build unix

package conn

import (
	"errors"
	"io"
	"os"
	"syscall"

	"github.com/hybi-go/websocket/internal/bufpool"
)

// idleReader waits for input on a socket without holding a read buffer: an
// idle connection then owns no buffer at all. It is used when the stream is
// a socket the runtime polls (a net.TCPConn or net.UnixConn); other streams
// read into a borrowed buffer as usual.
type idleReader struct {
	rc  syscall.RawConn
	fn  func(fd uintptr) bool
	n   int
	err error
}

func (c *Conn) setupIdleReader() {
	sc, ok := c.rwc.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	c.idle = &idleReader{rc: rc}
	c.idle.fn = c.readSocket
}

// fillIdle reads into an empty read buffer, borrowing it only once input
// is there. It reports false when the stream has no idle reader.
func (c *Conn) fillIdle() (bool, error) {
	ir := c.idle
	if ir == nil {
		return false, nil
	}
	c.releaseReadBuf()
	ir.n, ir.err = 0, nil
	if err := ir.rc.Read(ir.fn); err != nil {
		return true, err
	}
	if ir.err != nil {
		return true, ir.err
	}
	if ir.n == 0 {
		return true, io.EOF
	}
	c.received.Add(1)
	return true, nil
}

// readSocket is the RawConn callback: read what is there into a buffer
// borrowed for the purpose, or give the buffer back and wait.
func (c *Conn) readSocket(fd uintptr) bool {
	if c.rbuf == nil {
		c.rbuf = bufpool.Get(readBufSize)
		c.rpos, c.rend = 0, 0
	}
	for {
		n, err := syscall.Read(int(fd), (*c.rbuf)[c.rend:])
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EAGAIN):
			c.releaseReadBuf()
			return false
		case err != nil:
			c.idle.err = os.NewSyscallError("read", err)
		default:
			c.idle.n = n
			c.rend += n
		}
		return true
	}
}
