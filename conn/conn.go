package conn

import (
	"context"
	crand "crypto/rand"
	"io"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hybi-go/websocket/internal/bufpool"
	"github.com/hybi-go/websocket/internal/deflate"
	"github.com/hybi-go/websocket/internal/protocol"
)

// MessageType is the type of a data message (RFC 6455, Section 5.6).
type MessageType int

// Message types.
const (
	MessageText   MessageType = 1 // UTF-8 text, checked on receipt
	MessageBinary MessageType = 2
)

func (t MessageType) String() string {
	switch t {
	case MessageText:
		return "text"
	case MessageBinary:
		return "binary"
	}
	return "MessageType(" + strconv.Itoa(int(t)) + ")"
}

// Config describes a connection whose opening handshake is already done,
// for [New].
type Config struct {
	Options

	// Client is true for the endpoint that sent the opening handshake: it
	// masks what it sends and expects unmasked frames (RFC 6455, Section 5.1).
	Client bool

	// Subprotocol is the agreed subprotocol, reported by Conn.Subprotocol.
	Subprotocol string

	// Buffered holds bytes already read from the stream after the
	// handshake; they are read before the stream. New takes ownership.
	Buffered []byte
}

// Conn is a WebSocket connection, the same type in both roles.
//
// One goroutine at a time may read messages (Read, ReadAppend, Reader and
// the reader returned). Any number of goroutines may write whole messages,
// ping and close concurrently: each message goes out whole, and control
// frames interleave between the fragments of a streamed message. Every
// blocking method takes a context; when it is done before the call returns,
// the connection is closed at once (reported as 1006), because a frame cut in
// the middle leaves the stream unusable.
type Conn struct {
	rwc         io.ReadWriteCloser
	client      bool
	subprotocol string
	opts        resolved

	// Read half, owned by whoever holds readSem.
	readSem  gate
	rbuf     *[]byte // borrowed while bytes are buffered; nil when idle
	idle     *idleReader
	rpos     int
	rend     int
	in       protocol.Inbound
	mr       messageReader
	inflater *deflate.Decompressor
	received atomic.Uint64 // reads from the stream, for the heartbeat
	// readAhead: the reader holds unparsed input, so it will come back for
	// more before it blocks, and flush what writers left pending.
	readAhead atomic.Bool

	// Write half: msgSem for one data message at a time, frameSem for one
	// frame at a time on the wire.
	msgSem     gate
	frameSem   gate
	out        protocol.Outbound
	mw         messageWriter
	deflater   *deflate.Compressor
	compressAt int
	noCompress atomic.Bool
	// Our side's compression settings, for prepared messages.
	ownLevel, ownBits int
	ownTakeover       bool
	hdr               [maxHeader]byte
	iov               [3][]byte
	bufs              net.Buffers
	// Output gathered while the reader has more input (see output.go).
	pend       *[]byte
	pendN      int
	pending    atomic.Bool
	flushT     *time.Timer
	flushArmed bool

	// Close state, guarded by mu.
	mu         sync.Mutex
	err        error // first error that ended the connection
	closeRecv  chan struct{}
	peerClose  *CloseError
	closeSent  bool
	cleanClose bool
	linger     bool          // failed: close the stream without a reset
	done       chan struct{} // closed when the stream is closed
	status     CloseStatus

	pings pinger
	beat  heartbeat

	// Context registrations: reads (readSem), whole-message writes
	// (frameSem), streamed messages (msgSem).
	readCtx, writeCtx, writerCtx ctxSlot
}

const maxHeader = 14

// New returns a connection over rwc, any full-duplex byte stream (a
// net.Conn, a tls.Conn, a net.Pipe end, an HTTP/2 stream) whose opening
// handshake cfg describes. Accept and Dial call it; use it directly for
// transports they do not cover. Closing the Conn closes rwc.
func New(rwc io.ReadWriteCloser, cfg *Config) *Conn {
	if cfg == nil {
		cfg = &Config{}
	}
	return newConn(rwc, cfg, nil, nil)
}

func newConn(rwc io.ReadWriteCloser, cfg *Config, params *deflate.Params, copts *CompressionOptions) *Conn {
	c := &Conn{
		rwc:         rwc,
		client:      cfg.Client,
		subprotocol: cfg.Subprotocol,
		opts:        cfg.Options.resolve(),
		readSem:     newGate(),
		msgSem:      newGate(),
		frameSem:    newGate(),
		closeRecv:   make(chan struct{}),
		done:        make(chan struct{}),
	}
	if n := len(cfg.Buffered); n > 0 {
		if n <= bufpool.MaxSize {
			c.rbuf = bufpool.Get(max(readBufSize, n))
		} else {
			b := make([]byte, n)
			c.rbuf = &b
		}
		c.rend = copy(*c.rbuf, cfg.Buffered)
	}
	c.setupIdleReader()
	c.in = protocol.Inbound{Client: c.client, ReadLimit: c.opts.readLimit, MaxFrames: c.opts.maxFrames}
	c.mr.c = c
	c.mw.c = c
	if params != nil {
		c.setupCompression(*params, copts)
	}
	c.beat.start(c)
	return c
}

// Subprotocol returns the subprotocol agreed in the handshake, or "".
func (c *Conn) Subprotocol() string { return c.subprotocol }

// CloseStatus reports how the connection ended; ok is false while it is
// still open.
func (c *Conn) CloseStatus() (s CloseStatus, ok bool) {
	select {
	case <-c.done:
	default:
		return CloseStatus{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status, true
}

// Done returns a channel closed when the connection has ended.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns the error that ended the connection, or nil while it is open.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// acquire takes g, giving up when ctx is done or the connection has ended.
// Its own first try spares the uncontended path the call to ctx.Done.
func (c *Conn) acquire(ctx context.Context, g *gate) error {
	if g.tryLock() {
		return nil
	}
	switch g.lock(ctx.Done(), c.done, nil) {
	case 0:
		return nil
	case 1:
		return ctx.Err()
	default:
		return c.closedErr()
	}
}

// abort ends the connection without a close handshake: err is recorded as
// the reason unless an earlier error was.
func (c *Conn) abort(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.finishLocked()
	c.mu.Unlock()
}

// finishLocked closes the stream once and fixes the CloseStatus.
func (c *Conn) finishLocked() {
	select {
	case <-c.done:
		return
	default:
	}
	c.status = CloseStatus{Code: StatusAbnormalClosure}
	if c.peerClose != nil {
		c.status.Code, c.status.Reason = c.peerClose.Code, c.peerClose.Reason
		c.status.WasClean = c.cleanClose
	}
	if c.err == nil {
		c.err = ErrClosed
	}
	close(c.done)
	c.readCtx.release()
	c.writeCtx.release()
	c.writerCtx.release()
	c.beat.stop()
	c.pings.fail()
	if c.linger {
		go c.lingerClose()
		return
	}
	_ = c.rwc.Close()
}

// closedErr is the error for operations attempted after the end.
func (c *Conn) closedErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		return ErrClosed
	}
	return c.err
}

// ioErr turns an error from the stream into the connection's sticky error:
// once the connection has ended for a known reason (a context, a close), that
// reason is reported instead of the stream's own complaint.
func (c *Conn) ioErr(err error) error {
	c.mu.Lock()
	if c.err == nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		c.err = err
	}
	err = c.err
	c.finishLocked()
	c.mu.Unlock()
	return err
}

// maskKeys hands out masking keys from ChaCha8 generators seeded by
// crypto/rand (RFC 6455, Section 5.3: keys must be unpredictable), pooled so
// no connection keeps one and no frame pays for a system call.
var maskKeys = sync.Pool{New: func() any {
	var seed [32]byte
	_, _ = crand.Read(seed[:]) // crypto/rand.Read never fails on supported platforms
	return rand.NewChaCha8(seed)
}}

func newMaskKey() [4]byte {
	g := maskKeys.Get().(*rand.ChaCha8)
	v := g.Uint64()
	maskKeys.Put(g)
	return [4]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
}
