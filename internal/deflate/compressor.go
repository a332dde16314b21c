package deflate

import (
	"compress/flate"
	"io"
)

// Compression levels for NewCompressor, as in compress/flate.
const (
	// HuffmanOnly entropy-codes bytes without looking for repeated strings.
	HuffmanOnly = -2
	// BestSpeed is the fastest level that looks for repeated strings.
	BestSpeed = 1
	// BestCompression is the slowest and smallest level.
	BestCompression = 9
	// DefaultLevel is what level 0 selects.
	DefaultLevel = BestSpeed
)

// syncMarker is the empty stored block a sync flush ends with; the sender
// removes it from every message (RFC 7692, Section 7.2.1).
var syncMarker = [4]byte{0x00, 0x00, 0xff, 0xff}

// Compressor compresses the messages of one direction of one connection.
//
// A Compressor handles one message at a time and is not safe for concurrent
// use.
type Compressor struct {
	level      int
	windowBits int
	takeover   bool
	fw         *flate.Writer
	tw         tailWriter
	out        sliceWriter
}

// NewCompressor returns a Compressor that compresses at level (1..9,
// HuffmanOnly, or 0 for DefaultLevel), never refers further back than
// 2^windowBits bytes (8..15; 0 means 15), and shares its window across
// messages if contextTakeover is true.
func NewCompressor(level, windowBits int, contextTakeover bool) *Compressor {
	if level == 0 {
		level = DefaultLevel
	}
	if level != HuffmanOnly {
		level = min(max(level, BestSpeed), BestCompression)
	}
	c := &Compressor{level: level, windowBits: clampWindowBits(windowBits), takeover: contextTakeover}
	return c
}

// AppendMessage compresses msg as one whole message, appends the payload
// without the trailing 00 00 ff ff (RFC 7692, Section 7.2.1) to dst and
// returns the extended slice. An empty msg compresses to the single byte
// 0x00 (RFC 7692, Section 7.2.3.6).
func (c *Compressor) AppendMessage(dst, msg []byte) []byte {
	c.out.b = dst
	w := c.Writer(&c.out)
	_, _ = w.Write(msg) // sliceWriter never fails
	_ = w.Close()
	dst, c.out.b = c.out.b, nil
	return dst
}

// Writer returns a writer for one message that compresses into w. Close
// flushes the message, leaving off the trailing 00 00 ff ff, and does not
// close w. The returned writer is valid until the next call to Writer or
// AppendMessage; errors from w are sticky.
func (c *Compressor) Writer(w io.Writer) io.WriteCloser {
	c.tw.reset(w)
	if c.fw == nil || !c.takeover {
		level := c.level
		if c.windowBits < maxWindowBits {
			// compress/flate always uses a 32 KiB window; entropy
			// coding alone never refers back.
			level = flate.HuffmanOnly
		}
		if c.fw == nil {
			c.fw, _ = flate.NewWriter(&c.tw, level) // level is valid
		} else {
			c.fw.Reset(&c.tw)
		}
	}
	return &messageWriter{c: c}
}

type messageWriter struct {
	c *Compressor
}

func (m *messageWriter) Write(p []byte) (int, error) {
	if m.c.tw.err != nil {
		return 0, m.c.tw.err
	}
	n, err := m.c.fw.Write(p)
	if err == nil {
		err = m.c.tw.err
	}
	return n, err
}

func (m *messageWriter) Close() error {
	if err := m.c.fw.Flush(); err != nil {
		return err
	}
	return m.c.tw.finish()
}

// tailWriter passes bytes to w but holds back the last four, so that the
// sync marker ending a message can be dropped.
type tailWriter struct {
	w    io.Writer
	held [4]byte
	n    int // bytes in held
	err  error
}

func (t *tailWriter) reset(w io.Writer) {
	t.w, t.n, t.err = w, 0, nil
}

func (t *tailWriter) Write(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	total := len(p)
	if t.n+len(p) <= len(t.held) {
		t.n += copy(t.held[t.n:], p)
		return total, nil
	}
	// Emit what can no longer be part of the last four bytes.
	if over := t.n + len(p) - len(t.held); over > 0 {
		fromHeld := min(over, t.n)
		if fromHeld > 0 {
			if _, t.err = t.w.Write(t.held[:fromHeld]); t.err != nil {
				return 0, t.err
			}
			t.n = copy(t.held[:], t.held[fromHeld:t.n])
		}
		if rest := over - fromHeld; rest > 0 {
			if _, t.err = t.w.Write(p[:rest]); t.err != nil {
				return 0, t.err
			}
			p = p[rest:]
		}
	}
	t.n += copy(t.held[t.n:], p)
	return total, nil
}

// finish ends a message: the held bytes must be the sync marker, which is
// dropped.
func (t *tailWriter) finish() error {
	if t.err != nil {
		return t.err
	}
	if t.n != len(t.held) || t.held != syncMarker {
		// Unreachable with a flushed flate stream; keep the bytes rather
		// than lose data.
		_, t.err = t.w.Write(t.held[:t.n])
	}
	t.n = 0
	return t.err
}

// sliceWriter appends to a byte slice.
type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}
