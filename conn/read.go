package conn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/bufpool"
	"github.com/hybi-go/websocket/internal/deflate"
	"github.com/hybi-go/websocket/internal/protocol"
	"github.com/hybi-go/websocket/mask"
)

// readBufSize is the buffer borrowed while bytes are waiting to be parsed:
// big enough to take many small frames in one read system call.
const readBufSize = 16 << 10

// Read reads the next data message whole, in a new slice. It returns the
// peer's Close as a *CloseError, and any other end of the connection as the
// error that caused it. ctx bounds the whole read; when it ends first the
// connection is closed. Read must not run concurrently with another read
// method. Control frames that arrive meanwhile are handled: Pings answered,
// Pongs delivered, a Close answered.
func (c *Conn) Read(ctx context.Context) (MessageType, []byte, error) {
	return c.ReadAppend(ctx, nil)
}

// ReadAppend reads the next data message whole and appends it to dst,
// returning the extended slice: with a reused dst, a busy reader allocates
// nothing per message. On error it returns dst as it was. Otherwise it
// behaves as Read.
func (c *Conn) ReadAppend(ctx context.Context, dst []byte) (MessageType, []byte, error) {
	if err := c.lockRead(ctx); err != nil {
		return 0, dst, err
	}
	defer c.readSem.unlock()
	typ, err := c.nextMessage(ctx)
	if err != nil {
		return 0, dst, err
	}
	start := len(dst)
	for {
		into := dst[len(dst):cap(dst)]
		if len(into) == 0 {
			if c.mr.atEnd() {
				into = c.mr.scratch[:] // only to learn of the end: nothing to grow for
			} else {
				dst = c.mr.grow(dst, len(dst)-start)
				into = dst[len(dst):cap(dst)]
			}
		}
		n, err := c.mr.read(into)
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return typ, dst, nil
		}
		if err != nil {
			return 0, dst[:start], err
		}
	}
}

// Reader waits for the next data message and returns its type and a reader
// of its bytes, which ends with io.EOF after the last one. Text is checked as
// UTF-8 while it streams; the reader fails at the first invalid byte. The
// reader is valid until the next call to a read method, which discards what
// is left of it. ctx bounds the wait and the reading of the whole message.
func (c *Conn) Reader(ctx context.Context) (MessageType, io.Reader, error) {
	if err := c.lockRead(ctx); err != nil {
		return 0, nil, err
	}
	defer c.readSem.unlock()
	typ, err := c.nextMessage(ctx)
	if err != nil {
		return 0, nil, err
	}
	return typ, &c.mr, nil
}

// lockRead takes the read half: the read buffer, the inbound machine and
// the message reader are only touched by its holder.
func (c *Conn) lockRead(ctx context.Context) error {
	select {
	case <-c.done:
		return c.closedErr()
	default:
	}
	if err := c.acquire(ctx, &c.readSem); err != nil {
		return fmt.Errorf("conn: read: %w", err)
	}
	return nil
}

// nextMessage starts reading the next data message, skipping what is left
// of an abandoned one. The caller holds readSem.
func (c *Conn) nextMessage(ctx context.Context) (MessageType, error) {
	mr := &c.mr
	if mr.active {
		if err := mr.discard(); err != nil {
			return 0, err
		}
	}
	mr.active = true
	mr.ctx = c.enter(&c.readCtx, ctx)
	h, err := c.nextDataFrame()
	if err != nil {
		mr.finish(err)
		return 0, err
	}
	mr.begin(h)
	return MessageType(h.Opcode), nil
}

// atEnd reports whether an uncompressed message has no bytes left.
func (r *messageReader) atEnd() bool {
	return r.src == nil && r.fin && r.remain == 0
}

// grow makes room in a full dst that holds got bytes of the message. It
// grows geometrically, to at least twice its capacity and four times what
// has arrived. When the rest of the message is the rest of an uncompressed
// final frame, whose length is known, it makes room for all of it if that
// is at most 64 KiB or the growth, else for 64 KiB or the growth: a large
// message ends in one allocation of its exact size after a few smaller
// ones, and the declared length alone never decides a large allocation (a
// peer must send a quarter of a message before room is made for all of it).
func (r *messageReader) grow(dst []byte, got int) []byte {
	n := max(cap(dst), 512, 3*got)
	if r.src == nil && r.fin && r.remain > 0 {
		n = int(min(r.remain, int64(max(n, 64<<10))))
	}
	return slices.Grow(dst, n)
}

// discard reads the rest of the message and drops it. The caller holds readSem.
func (r *messageReader) discard() error {
	bp := bufpool.Get(readBufSize)
	defer bufpool.Put(bp)
	for {
		if _, err := r.read(*bp); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// messageReader streams one message. There is one per connection, reused.
type messageReader struct {
	c       *Conn
	active  bool // a message has started and not ended
	remain  int64
	key     [4]byte
	masked  bool
	pos     int
	fin     bool
	err     error
	ctx     *ctxReg
	scratch [1]byte
	src     io.Reader // the inflating reader, for a compressed message
	raw     rawPayload
}

func (r *messageReader) begin(h frame.Header) {
	r.err = nil
	r.src = nil
	r.setFrame(h)
	if r.c.in.Compressed() {
		r.raw.r = r
		limit := r.c.opts.readLimit
		if limit == 0 {
			limit = -1 // no limit
		}
		r.src = r.c.inflater.Reader(&r.raw, limit)
	}
}

func (r *messageReader) setFrame(h frame.Header) {
	r.remain, r.key, r.masked, r.pos, r.fin = h.Length, h.Key, h.Masked, 0, h.Fin
}

// Read reads the message's bytes. It takes the read half for the call, so
// Close can step in between two calls.
func (r *messageReader) Read(p []byte) (int, error) {
	c := r.c
	if c.readSem.lock(c.done, nil, nil) != 0 {
		if r.err != nil {
			return 0, r.err
		}
		return 0, c.closedErr()
	}
	n, err := r.read(p)
	c.readSem.unlock()
	return n, err
}

// read is Read for a caller that holds readSem.
func (r *messageReader) read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if !r.active {
		return 0, ErrReaderDone
	}
	if len(p) == 0 {
		return 0, nil
	}
	c := r.c
	var n int
	var err error
	if r.src != nil {
		n, err = r.src.Read(p)
		if err != nil && err != io.EOF {
			err = c.inflateErr(err)
		}
	} else {
		n, err = r.readRaw(p)
	}
	if n > 0 {
		if e := c.in.Data(p[:n]); e != nil {
			return 0, r.finish(c.fail(e))
		}
	}
	if err == io.EOF {
		if e := c.in.End(); e != nil {
			return 0, r.finish(c.fail(e))
		}
		r.finish(io.EOF)
	} else if err != nil {
		r.finish(err)
	}
	return n, err
}

// finish ends the message with err (io.EOF for a complete one).
func (r *messageReader) finish(err error) error {
	r.err = err
	if !r.active {
		return err
	}
	r.active = false
	r.c.readAhead.Store(r.c.rend > r.c.rpos)
	r.ctx.exit()
	r.ctx = nil
	r.c.releaseReadBuf()
	return err
}

// readRaw reads payload bytes of the message's frames, unmasked, moving to
// the next frame as each ends.
func (r *messageReader) readRaw(p []byte) (int, error) {
	c := r.c
	for r.remain == 0 {
		if r.fin {
			return 0, io.EOF
		}
		h, err := c.nextDataFrame()
		if err != nil {
			return 0, err
		}
		r.setFrame(h)
	}
	n := len(p)
	if int64(n) > r.remain {
		n = int(r.remain)
	}
	switch buffered := c.rend - c.rpos; {
	case buffered > 0:
		n = copy(p[:n], (*c.rbuf)[c.rpos:c.rend])
		c.rpos += n
	case n >= readBufSize:
		// A large read goes straight into the caller's buffer.
		c.beforeBlock()
		m, err := c.rwc.Read(p[:n])
		if m == 0 && err != nil {
			return 0, c.ioErr(err)
		}
		c.received.Add(1)
		n = m
	default:
		if err := c.fill(1); err != nil {
			return 0, err
		}
		n = copy(p[:n], (*c.rbuf)[c.rpos:c.rend])
		c.rpos += n
	}
	if r.masked {
		r.pos = mask.Apply(r.key, r.pos, p[:n])
	}
	r.remain -= int64(n)
	return n, nil
}

// rawPayload is the compressed stream of a message, fed to the inflater.
type rawPayload struct{ r *messageReader }

func (p *rawPayload) Read(b []byte) (int, error) { return p.r.readRaw(b) }

// ReadByte spares the inflater a buffering layer of its own.
func (p *rawPayload) ReadByte() (byte, error) {
	var b [1]byte
	c := p.r.c
	if p.r.remain > 0 && c.rend > c.rpos {
		b[0] = (*c.rbuf)[c.rpos]
		c.rpos++
		if p.r.masked {
			p.r.pos = mask.Apply(p.r.key, p.r.pos, b[:])
		}
		p.r.remain--
		return b[0], nil
	}
	_, err := io.ReadFull(p, b[:])
	return b[0], err
}

// inflateErr maps an error of the inflating reader onto the connection.
func (c *Conn) inflateErr(err error) error {
	switch {
	case errors.Is(err, deflate.ErrTooLarge):
		return c.fail(protocol.ErrMessageTooBig)
	case errors.Is(err, deflate.ErrCorrupt):
		return c.fail(fmt.Errorf("%w: %w", protocol.ErrBadCompressedData, err))
	}
	return err
}

// fill makes at least n bytes (n <= readBufSize) available in the read
// buffer, borrowing it if the connection holds none.
func (c *Conn) fill(n int) error {
	if c.rend-c.rpos >= n {
		return nil
	}
	c.beforeBlock()
	for c.rend-c.rpos < n {
		if c.rpos == c.rend {
			// Nothing buffered: wait without holding a buffer, if the
			// stream allows.
			if ok, err := c.fillIdle(); ok {
				if err != nil {
					return c.ioErr(err)
				}
				continue
			}
		}
		if c.rbuf == nil {
			c.rbuf = bufpool.Get(readBufSize)
			c.rpos, c.rend = 0, 0
		}
		b := *c.rbuf
		if len(b)-c.rpos < n {
			c.rend = copy(b, b[c.rpos:c.rend])
			c.rpos = 0
		}
		m, err := c.rwc.Read(b[c.rend:])
		c.rend += m
		if m > 0 {
			c.received.Add(1)
		}
		if err != nil && c.rend-c.rpos < n {
			if err == io.EOF && c.rend-c.rpos > 0 {
				err = io.ErrUnexpectedEOF
			}
			return c.ioErr(err)
		}
	}
	return nil
}

// releaseReadBuf gives the read buffer back when it holds nothing, so an
// idle connection owns none.
func (c *Conn) releaseReadBuf() {
	if c.rbuf != nil && c.rpos == c.rend {
		bufpool.Put(c.rbuf)
		c.rbuf = nil
		c.rpos, c.rend = 0, 0
	}
}

// nextDataFrame reads frames until the header of a data frame, handling the
// control frames before it. Errors are final: the connection has ended.
func (c *Conn) nextDataFrame() (frame.Header, error) {
	for {
		if err := c.fill(2); err != nil {
			return frame.Header{}, err
		}
		if err := c.fill(frame.HeaderLen((*c.rbuf)[c.rpos:c.rend])); err != nil {
			return frame.Header{}, err
		}
		h, n, err := frame.ParseHeader((*c.rbuf)[c.rpos:c.rend])
		if err != nil {
			return h, c.fail(err)
		}
		c.rpos += n
		if err := c.in.Header(h); err != nil {
			return h, c.fail(err)
		}
		if !h.Opcode.IsControl() {
			return h, nil
		}
		if err := c.fill(int(h.Length)); err != nil {
			return h, err
		}
		p := (*c.rbuf)[c.rpos : c.rpos+int(h.Length)]
		c.rpos += len(p)
		if h.Masked {
			mask.Apply(h.Key, 0, p)
		}
		if err := c.control(h.Opcode, p); err != nil {
			return h, err
		}
	}
}

// control acts on a received control frame (RFC 6455, Section 5.5).
func (c *Conn) control(op frame.Opcode, p []byte) error {
	switch op {
	case frame.OpPing:
		if c.opts.onPing != nil {
			c.opts.onPing(p)
		}
		// RFC 6455, Section 5.5.2: a Ping MUST be answered with a Pong carrying
		// the same payload, unless a Close was already sent.
		if err := c.writeControl(context.Background(), frame.OpPong, p); err != nil && !errors.Is(err, protocol.ErrCloseSent) {
			return err
		}
	case frame.OpPong:
		if c.opts.onPong != nil {
			c.opts.onPong(p)
		}
		c.pings.deliver(p)
	case frame.OpClose:
		return c.peerClosed(p)
	}
	return nil
}
