package conn

import (
	"context"
	"sync/atomic"
)

// A blocking call whose context ends before it returns closes the
// connection. Registering with context.AfterFunc on every call costs an
// allocation and a lock in the context's tree, so a slot keeps one
// registration alive across calls that pass the same context, as a reading
// loop or a handler's writes do, and counts the calls in progress: the
// context ending between calls closes nothing.
type ctxSlot struct {
	cur atomic.Pointer[ctxReg]
}

type ctxReg struct {
	done   <-chan struct{}
	stop   func() bool
	active atomic.Int32
}

// enter marks a call under ctx in progress on slot s. Calls on one slot are
// serialised by the caller (each slot belongs to one semaphore). It returns
// nil when ctx can never end.
func (c *Conn) enter(s *ctxSlot, ctx context.Context) *ctxReg {
	done := ctx.Done()
	if done == nil {
		return nil
	}
	r := s.cur.Load()
	if r == nil || r.done != done {
		nr := &ctxReg{done: done}
		nr.stop = context.AfterFunc(ctx, func() {
			if nr.active.Load() > 0 {
				c.abort(ctx.Err())
			}
		})
		if old := s.cur.Swap(nr); old != nil {
			old.stop()
		}
		// A connection that ended meanwhile must not keep the registration.
		select {
		case <-c.done:
			if x := s.cur.Swap(nil); x != nil {
				x.stop()
			}
		default:
		}
		r = nr
	}
	r.active.Add(1)
	// The context may have ended before the count went up; the callback
	// then saw no call in progress.
	if err := ctx.Err(); err != nil {
		c.abort(err)
	}
	return r
}

// exit ends a call begun by enter.
func (r *ctxReg) exit() {
	if r != nil {
		r.active.Add(-1)
	}
}

// release drops the slot's registration, when the connection ends.
func (s *ctxSlot) release() {
	if r := s.cur.Swap(nil); r != nil {
		r.stop()
	}
}
