package conn

import (
	"runtime"
	"time"

	"github.com/hybi-go/websocket/internal/bufpool"
)

// Output coalescing. A peer that pipelines messages gets its answers in as
// few write system calls as possible: while the reader still holds unparsed
// input (readAhead), frames gather in a borrowed buffer, and the reader
// flushes them before it would block for more input. A message written when
// no input is waiting goes out at once, so a lone message is never delayed.
// flushDelay bounds the wait when the reader stops reading with input
// still buffered.
const (
	pendCap    = 64 << 10
	flushDelay = time.Millisecond
)

// pendSpace returns n bytes at the end of the output buffer, borrowing it
// if needed. The caller holds frameSem and has checked pendN+n <= pendCap.
func (c *Conn) pendSpace(n int) []byte {
	if c.pend == nil {
		c.pend = bufpool.Get(pendCap)
	}
	b := (*c.pend)[c.pendN : c.pendN+n]
	c.pendN += n
	return b
}

// commit finishes a frame placed in the output buffer: it waits there when
// the reader will flush it, and is written now otherwise.
func (c *Conn) commit() error {
	if !c.readAhead.Load() {
		return c.flushLocked()
	}
	c.pending.Store(true)
	// The reader may have run out of input between the two loads; it then
	// may not have seen pending, so we flush ourselves.
	if !c.readAhead.Load() {
		return c.flushLocked()
	}
	if !c.flushArmed {
		c.flushArmed = true
		if c.flushT == nil {
			c.flushT = time.AfterFunc(flushDelay, c.timedFlush)
		} else {
			c.flushT.Reset(flushDelay)
		}
	}
	return nil
}

// emit sends b, whole frames, after anything pending. The caller holds frameSem.
func (c *Conn) emit(b []byte) error {
	if c.pendN+len(b) <= pendCap {
		copy(c.pendSpace(len(b)), b)
		return c.commit()
	}
	if c.pendN == 0 {
		_, err := c.rwc.Write(b)
		return c.writeErr(err)
	}
	c.iov = [3][]byte{(*c.pend)[:c.pendN], b}
	c.bufs = c.iov[:2]
	_, err := c.bufs.WriteTo(c.rwc)
	c.iov = [3][]byte{}
	c.releasePend()
	return c.writeErr(err)
}

// flushLocked writes what is pending. The caller holds frameSem.
func (c *Conn) flushLocked() error {
	if c.pendN == 0 {
		return nil
	}
	_, err := c.rwc.Write((*c.pend)[:c.pendN])
	c.releasePend()
	return c.writeErr(err)
}

func (c *Conn) releasePend() {
	c.pending.Store(false)
	c.flushArmed = false
	if c.pend != nil {
		bufpool.Put(c.pend)
		c.pend, c.pendN = nil, 0
	}
}

// timedFlush is the backstop for a reader that stopped with input buffered.
func (c *Conn) timedFlush() {
	if c.frameSem.lock(c.done, nil, nil) != 0 {
		return
	}
	_ = c.flushLocked()
	c.frameSem.unlock()
}

// beforeBlock is called by the reader before a read that may block: it
// gives up readAhead and flushes pending output. When a writer holds the
// write half, that writer sees readAhead gone and flushes itself.
func (c *Conn) beforeBlock() {
	c.readAhead.Store(false)
	for range 32 {
		if !c.pending.Load() {
			return
		}
		if c.frameSem.tryLock() {
			_ = c.flushLocked()
			c.frameSem.unlock()
			return
		}
		runtime.Gosched()
	}
}
