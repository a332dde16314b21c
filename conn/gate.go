package conn

import "sync/atomic"

// gate is a lock whose waiters can give up: on a context's end, on the
// connection's end, or on any other closed channel. Uncontended, taking and
// releasing it is one atomic operation each (a buffered channel used as a
// semaphore costs two runtime lock round trips); waiters sleep on a wake-up
// channel and compete again when woken.
type gate struct {
	held    atomic.Bool
	waiters atomic.Int32
	wake    chan struct{} // capacity 1: a hint that the gate may be free
}

func newGate() gate { return gate{wake: make(chan struct{}, 1)} }

// tryLock takes the gate if it is free.
func (g *gate) tryLock() bool { return g.held.CompareAndSwap(false, true) }

// lock takes the gate and returns 0, or gives up and returns i when the
// i-th channel (1, 2 or 3) is closed or receives first. Nil channels never
// fire.
//
// A waiter counts itself before its last try, and unlock frees the gate
// before it looks at the count, so an unlock either sees the waiter and
// leaves a wake-up or frees the gate before the waiter's last try: no
// wake-up is lost. A stale wake-up costs one extra try.
func (g *gate) lock(a, b, c <-chan struct{}) int {
	if g.tryLock() {
		return 0
	}
	g.waiters.Add(1)
	defer g.waiters.Add(-1)
	for {
		if g.tryLock() {
			return 0
		}
		select {
		case <-g.wake:
		case <-a:
			return 1
		case <-b:
			return 2
		case <-c:
			return 3
		}
	}
}

// unlock frees the gate and wakes a waiter, if there is one.
func (g *gate) unlock() {
	g.held.Store(false)
	if g.waiters.Load() > 0 {
		select {
		case g.wake <- struct{}{}:
		default: // a wake-up is pending already
		}
	}
}
