package conn

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/hybi-go/websocket/frame"
)

// Ping sends a Ping and waits for its Pong (RFC 6455, Section 5.5.2). The
// Pong is only seen while a goroutine is reading messages. When ctx ends
// first Ping returns its error and the connection stays open.
func (c *Conn) Ping(ctx context.Context) error {
	id, ch := c.pings.add()
	defer c.pings.remove(id)
	var p [8]byte
	binary.BigEndian.PutUint64(p[:], id)
	if err := c.writeControl(ctx, frame.OpPing, p[:]); err != nil {
		return fmt.Errorf("conn: ping: %w", err)
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("conn: ping: %w", ctx.Err())
	case <-c.done:
		return fmt.Errorf("conn: ping: %w", c.closedErr())
	}
}

// pinger matches Pongs to the Pings waiting for them.
type pinger struct {
	mu      sync.Mutex
	next    uint64
	waiting map[uint64]chan struct{}
}

func (p *pinger) add() (uint64, chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waiting == nil {
		p.waiting = make(map[uint64]chan struct{})
	}
	p.next++
	ch := make(chan struct{})
	p.waiting[p.next] = ch
	return p.next, ch
}

func (p *pinger) remove(id uint64) {
	p.mu.Lock()
	delete(p.waiting, id)
	p.mu.Unlock()
}

// deliver wakes the Ping whose payload a Pong echoes. A Pong may answer
// several Pings at once (RFC 6455, Section 5.5.3: only the most recent Ping
// need be answered), so every earlier Ping is answered too.
func (p *pinger) deliver(payload []byte) {
	if len(payload) != 8 {
		return
	}
	id := binary.BigEndian.Uint64(payload)
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, ch := range p.waiting {
		if k <= id {
			close(ch)
			delete(p.waiting, k)
		}
	}
}

// fail forgets every waiting Ping; they see the connection end.
func (p *pinger) fail() {
	p.mu.Lock()
	p.waiting = nil
	p.mu.Unlock()
}

// heartbeat pings a quiet peer and fails the connection when the peer
// stays quiet. It runs on a timer, with no goroutine of its own between ticks.
type heartbeat struct {
	mu       sync.Mutex
	c        *Conn
	t        *time.Timer
	seen     uint64
	awaiting bool
	stopped  bool
}

func (b *heartbeat) start(c *Conn) {
	if c.opts.heartbeatInterval <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.c = c
	b.t = time.AfterFunc(c.opts.heartbeatInterval, b.tick)
}

func (b *heartbeat) tick() {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		return
	}
	c := b.c
	if seen := c.received.Load(); seen != b.seen {
		b.seen, b.awaiting = seen, false
		b.t.Reset(c.opts.heartbeatInterval)
		b.mu.Unlock()
		return
	}
	dead := b.awaiting
	if !dead {
		b.awaiting = true
		b.t.Reset(c.opts.heartbeatTimeout)
	}
	// Neither abort nor ping may run under the lock: abort stops the
	// heartbeat, and a ping may wait for a message in progress.
	b.mu.Unlock()
	if dead {
		c.abort(ErrHeartbeatTimeout)
		return
	}
	b.ping()
}

// ping sends the heartbeat Ping, within the timeout.
func (b *heartbeat) ping() {
	c := b.c
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.heartbeatTimeout)
	defer cancel()
	var p [8]byte
	_ = c.writeControl(ctx, frame.OpPing, p[:])
}

func (b *heartbeat) stop() {
	if b.t == nil {
		return
	}
	b.mu.Lock()
	b.stopped = true
	b.t.Stop()
	b.mu.Unlock()
}
