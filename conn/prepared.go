package conn

import (
	"context"
	"fmt"
	"sync"

	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/internal/deflate"
)

// PreparedMessage is a message encoded once for sending to many
// connections, as a broadcast does. A server connection without compression,
// or whose compression keeps no context between messages, sends the cached
// frame in one write; others (clients, which must mask each frame with a
// fresh key, and compression with context takeover, whose bytes depend on
// the connection's history) encode it as Write would. Safe for concurrent use.
type PreparedMessage struct {
	typ  MessageType
	op   frame.Opcode
	data []byte

	mu     sync.Mutex
	frames map[prepKey][]byte
}

// prepKey names one encoding of a prepared message.
type prepKey struct {
	compressed bool
	level      int
	bits       int
}

// NewPreparedMessage prepares data, which it keeps and which the caller
// must not modify afterwards, as a message of type typ.
func NewPreparedMessage(typ MessageType, data []byte) (*PreparedMessage, error) {
	op, err := opcodeOf(typ)
	if err != nil {
		return nil, err
	}
	return &PreparedMessage{typ: typ, op: op, data: data, frames: map[prepKey][]byte{}}, nil
}

// Type returns the message type.
func (pm *PreparedMessage) Type() MessageType { return pm.typ }

// frameFor returns the wire frame for an unmasked encoding.
func (pm *PreparedMessage) frameFor(k prepKey) []byte {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if f, ok := pm.frames[k]; ok {
		return f
	}
	h := frame.Header{Fin: true, Opcode: pm.op}
	payload := pm.data
	if k.compressed {
		// RFC 7692, Section 6: RSV1 on the (only) frame of a compressed message.
		h.Rsv = frame.Rsv1
		payload = deflate.NewCompressor(k.level, k.bits, false).AppendMessage(nil, pm.data)
	}
	f := frame.AppendFrame(nil, h, payload)
	pm.frames[k] = f
	return f
}

// WritePrepared sends pm as one message, like Write.
func (c *Conn) WritePrepared(ctx context.Context, pm *PreparedMessage) error {
	k, shared := c.prepKey(len(pm.data))
	if !shared {
		return c.Write(ctx, pm.typ, pm.data)
	}
	wire := pm.frameFor(k)
	withMsg, err := c.lockWhole(ctx)
	if err != nil {
		return fmt.Errorf("conn: write: %w", err)
	}
	defer c.unlockWhole(withMsg)
	defer c.enter(&c.writeCtx, ctx).exit()
	if _, err := c.out.DataFrame(pm.op, true); err != nil {
		return c.writeStateErr(err)
	}
	return c.emit(wire)
}

// prepKey tells which shared encoding this connection can send, if any.
func (c *Conn) prepKey(n int) (prepKey, bool) {
	if c.client {
		return prepKey{}, false
	}
	if c.deflater == nil || n < c.compressAt || c.noCompress.Load() {
		return prepKey{}, true
	}
	if c.ownTakeover {
		return prepKey{}, false
	}
	return prepKey{compressed: true, level: c.ownLevel, bits: c.ownBits}, true
}
