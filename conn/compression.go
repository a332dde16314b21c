package conn

import (
	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/handshake"
	"github.com/hybi-go/websocket/internal/bufpool"
	"github.com/hybi-go/websocket/internal/deflate"
)

// CompressionOptions turn on permessage-deflate (RFC 7692). The zero value
// compresses every message of at least DefaultCompressionThreshold bytes
// with context takeover in both directions and full 32 KiB windows.
type CompressionOptions struct {
	// Level is the compression level, 1 (fastest) to 9 (smallest). Default 1.
	Level int

	// Threshold: messages shorter than this many bytes are sent
	// uncompressed, where compression would cost more than it saves.
	// Default DefaultCompressionThreshold; negative compresses everything.
	// Streamed messages (Writer) are always compressed.
	Threshold int

	// ServerNoContextTakeover asks (client) or makes (server) the server
	// compress each message on its own, so no window is kept between its
	// messages: less memory, larger output.
	ServerNoContextTakeover bool

	// ClientNoContextTakeover is the same for the client's messages.
	ClientNoContextTakeover bool

	// ServerMaxWindowBits limits the server's LZ77 window to 2^n bytes
	// (8..15); 0 means no limit (15).
	ServerMaxWindowBits int

	// ClientMaxWindowBits limits the client's window (8..15); 0 means no
	// limit asked.
	ClientMaxWindowBits int
}

// DefaultCompressionThreshold is the default for CompressionOptions.Threshold.
const DefaultCompressionThreshold = 128

func (o *CompressionOptions) deflateOptions() *deflate.Options {
	return &deflate.Options{
		Level:                   o.Level,
		ServerNoContextTakeover: o.ServerNoContextTakeover,
		ClientNoContextTakeover: o.ClientNoContextTakeover,
		ServerMaxWindowBits:     o.ServerMaxWindowBits,
		ClientMaxWindowBits:     o.ClientMaxWindowBits,
	}
}

const extensionName = "permessage-deflate"

// setupCompression arms both directions with the agreed parameters: each
// side compresses with its own role's parameters and inflates with the
// peer's (RFC 7692, Section 7.1).
func (c *Conn) setupCompression(p deflate.Params, o *CompressionOptions) {
	level := 1
	c.compressAt = DefaultCompressionThreshold
	if o != nil {
		if o.Level > 0 {
			level = o.Level
		}
		switch {
		case o.Threshold > 0:
			c.compressAt = o.Threshold
		case o.Threshold < 0:
			c.compressAt = 0
		}
	}
	ownBits, ownTakeover := p.ServerMaxWindowBits, !p.ServerNoContextTakeover
	peerBits, peerTakeover := p.ClientMaxWindowBits, !p.ClientNoContextTakeover
	if c.client {
		ownBits, ownTakeover, peerBits, peerTakeover = peerBits, peerTakeover, ownBits, ownTakeover
	}
	c.ownLevel, c.ownBits, c.ownTakeover = level, ownBits, ownTakeover
	c.deflater = deflate.NewCompressor(level, ownBits, ownTakeover)
	c.inflater = deflate.NewDecompressor(peerBits, peerTakeover)
	c.in.Compression = true
}

// writeCompressed sends p as one compressed frame. The caller holds both
// write semaphores.
func (c *Conn) writeCompressed(h frame.Header, p []byte) error {
	bp := bufpool.Get(maxHeader + len(p) + 64)
	buf := c.deflater.AppendMessage((*bp)[:maxHeader], p)
	// RFC 7692, Section 6: RSV1 marks the first frame of a compressed message.
	h.Rsv = frame.Rsv1
	h.Length = int64(len(buf) - maxHeader)
	var err error
	if len(buf) <= len(*bp) {
		err = c.sendFrame(h, buf, maxHeader)
	} else {
		err = c.writeFrame(h, buf[maxHeader:])
	}
	bufpool.Put(bp)
	return err
}

// serverExtensions builds the handshake hook that negotiates
// permessage-deflate, or nil when compression is off.
func serverExtensions(o *CompressionOptions, agreed *deflate.Params, on *bool) func([]handshake.Extension) ([]handshake.Extension, error) {
	if o == nil {
		return nil
	}
	do := o.deflateOptions()
	return func(offers []handshake.Extension) ([]handshake.Extension, error) {
		var ours []handshake.Extension
		for _, e := range offers {
			if e.Name == extensionName {
				ours = append(ours, e)
			}
		}
		resp, p, ok := deflate.ServerNegotiate(ours, do)
		if !ok {
			return nil, nil
		}
		*agreed, *on = p, true
		return []handshake.Extension{resp}, nil
	}
}

// SetWriteCompression turns compression of the messages written from now
// on off (false) or back on (true), for content that does not compress,
// such as images or already compressed data. It has no effect when
// permessage-deflate was not negotiated; received messages are inflated
// either way. Safe to call concurrently with writes; a message already
// being written keeps its setting.
func (c *Conn) SetWriteCompression(on bool) { c.noCompress.Store(!on) }

// Compressed reports whether permessage-deflate was negotiated.
func (c *Conn) Compressed() bool { return c.deflater != nil }
