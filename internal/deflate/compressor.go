package deflate

import (
	"io"
	"sync"

	"github.com/hybi-go/websocket/internal/flate"
)

// Compression levels for NewCompressor.
const (
	// HuffmanOnly entropy-codes bytes without looking for repeated
	// strings: fast, and useful for data with few repeats.
	HuffmanOnly = flate.HuffmanOnly
	// BestSpeed is the fastest level that looks for repeated strings.
	BestSpeed = 1
	// BestCompression is the slowest and smallest level.
	BestCompression = 9
	// DefaultLevel is what level 0 selects.
	DefaultLevel = BestSpeed
)

// DictionarySize is the most history a Compressor keeps between messages
// with context takeover. The peer keeps a full 2^windowBits window for us,
// but referring less far back is always legal (RFC 7692, Section 7.2.1 only
// bounds the distance from above), and a shorter dictionary costs an idle
// connection less memory and each message less time to index.
const DictionarySize = 4 << 10

// encoders holds the heavy compression state between messages.
var encoders = sync.Pool{New: func() any { return &encoderState{enc: flate.NewEncoder()} }}

type encoderState struct {
	enc *flate.Encoder
	out []byte // staging for Writer
}

// Compressor compresses the messages of one direction of one connection.
//
// With context takeover it keeps the last DictionarySize bytes of each
// message (fewer with a smaller window) for the next one; that is all it
// retains while idle. The encoder itself is borrowed from a pool for the
// duration of one message.
//
// A Compressor handles one message at a time and is not safe for concurrent
// use.
type Compressor struct {
	level      int
	windowBits int
	takeover   bool
	dict       []byte
	st         *encoderState // borrowed while a message is in flight
	mw         messageWriter
}

// NewCompressor returns a Compressor that compresses at level (1..9,
// HuffmanOnly, or 0 for DefaultLevel; others are clamped), never refers
// further back than 2^windowBits bytes (8..15; 0 means 15), and shares
// its window across messages if contextTakeover is true.
func NewCompressor(level, windowBits int, contextTakeover bool) *Compressor {
	if level == 0 {
		level = DefaultLevel
	}
	c := &Compressor{level: level, windowBits: clampWindowBits(windowBits), takeover: contextTakeover}
	c.mw.c = c
	return c
}

// begin borrows an encoder and primes it with the shared window.
func (c *Compressor) begin() *flate.Encoder {
	if c.st == nil {
		c.st = encoders.Get().(*encoderState)
	}
	// RFC 7692, Section 7.1.1: without context takeover every message
	// starts from an empty window.
	c.st.enc.Reset(c.level, c.windowBits, c.dict)
	return c.st.enc
}

// end keeps the tail of the message for the next one and returns the encoder.
func (c *Compressor) end() {
	if c.takeover {
		size := min(DictionarySize, 1<<c.windowBits)
		if c.dict == nil {
			c.dict = make([]byte, 0, size)
		}
		c.dict = append(c.dict[:0], c.st.enc.History(size)...)
	}
	encoders.Put(c.st)
	c.st = nil
}

// AppendMessage compresses msg as one whole message, appends the payload
// without the trailing 00 00 ff ff (RFC 7692, Section 7.2.1) to dst and
// returns the extended slice. An empty msg compresses to the single byte
// 0x00. It abandons a message started with Writer and not closed.
func (c *Compressor) AppendMessage(dst, msg []byte) []byte {
	enc := c.begin()
	dst = enc.AppendWrite(dst, msg)
	dst = enc.AppendFlush(dst)
	c.end()
	return dst
}

// Writer returns a writer for one message that compresses into w. Output
// reaches w in blocks as it is produced; Close flushes the rest, leaving off
// the trailing 00 00 ff ff, and does not close w. The returned writer is
// valid until Close or the next call to Writer or AppendMessage; a message
// that is not closed leaves the shared window broken, so the connection must
// not send further compressed messages. Errors from w are sticky.
func (c *Compressor) Writer(w io.Writer) io.WriteCloser {
	c.begin()
	c.mw.w, c.mw.err = w, nil
	return &c.mw
}

// messageWriter is the io.WriteCloser Compressor.Writer returns. It lives
// inside the Compressor so that starting a message allocates nothing.
type messageWriter struct {
	c   *Compressor
	w   io.Writer
	err error
}

func (m *messageWriter) Write(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	st := m.c.st
	st.out = st.enc.AppendWrite(st.out[:0], p)
	if len(st.out) > 0 {
		if _, err := m.w.Write(st.out); err != nil {
			m.err = err
			return 0, err
		}
	}
	return len(p), nil
}

func (m *messageWriter) Close() error {
	if m.err != nil {
		return m.err
	}
	st := m.c.st
	st.out = st.enc.AppendFlush(st.out[:0])
	_, err := m.w.Write(st.out)
	m.c.end()
	m.err = ErrClosed
	if err != nil {
		return err
	}
	return nil
}
