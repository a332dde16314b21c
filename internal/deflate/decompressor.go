package deflate

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/hybi-go/websocket/internal/flate"
)

// tail ends every message before inflation. The first four bytes are the
// empty stored block the sender removed (RFC 7692, Section 7.2.2); the rest
// is an empty final block so that the inflater reports io.EOF at the end of
// the message instead of waiting for more input.
var tail = []byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}

// Decompressor inflates the messages of one direction of one connection.
//
// With context takeover it keeps the last 2^windowBits bytes of
// uncompressed data (at least 512 bytes, see the package documentation on
// zlib's 8-bit window) between messages; that is all it retains while idle.
// With a full 32 KiB window it inflates straight into that history; with a
// smaller one, or none, it borrows a 32 KiB window from a pool for the
// duration of one message, as it does the inflater's tables.
//
// A Decompressor handles one message at a time and is not safe for
// concurrent use.
type Decompressor struct {
	takeover bool
	size     int          // history kept between messages with takeover
	hist     flate.Window // storage allocated on first use
	msg      messageReader
}

// NewDecompressor returns a Decompressor for a peer that compresses with a
// window of 2^windowBits bytes (8..15; 0 means 15) and, if contextTakeover
// is true, shares that window across messages.
func NewDecompressor(windowBits int, contextTakeover bool) *Decompressor {
	d := &Decompressor{takeover: contextTakeover}
	if contextTakeover {
		d.size = 1 << max(clampWindowBits(windowBits), zlibMinWindowBits)
	}
	d.msg.d = d
	return d
}

// Reader returns a reader of one message's uncompressed bytes. src yields
// the message's compressed payload: the payloads of all its frames
// concatenated, without the trailing 00 00 ff ff, which the Decompressor
// supplies itself (RFC 7692, Section 7.2.2).
//
// The reader returns io.EOF after the last byte of the message, having read
// src to its end. Producing more than limit bytes returns ErrTooLarge as soon
// as the limit is passed, without inflating further; limit < 0 means no
// limit. Invalid data, including a payload that ends inside a block, returns
// an error wrapping ErrCorrupt. src's io.EOF marks the end of the payload;
// its other errors are returned as they are. Errors are sticky.
//
// The returned reader is valid until the next call to Reader or
// AppendMessage. A message abandoned before io.EOF leaves the shared window
// incomplete, so the connection must not inflate further messages with
// context takeover.
func (d *Decompressor) Reader(src io.Reader, limit int64) io.Reader {
	d.msg.start(src, limit)
	return &d.msg
}

// AppendMessage inflates one whole compressed message, appends its bytes to
// dst and returns the extended slice. Errors are as for Reader; on error the
// returned slice holds dst and the bytes inflated so far, up to the limit.
func (d *Decompressor) AppendMessage(dst, compressed []byte, limit int64) ([]byte, error) {
	d.msg.src.bytes.Reset(compressed)
	r := d.Reader(&d.msg.src.bytes, limit)
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		n, err := r.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

// inflater is the heavy per-message state, pooled between messages and
// connections.
type inflater struct {
	dec *flate.Decoder
	win flate.Window // 32 KiB, for messages that do not inflate into hist
}

var inflaters = sync.Pool{New: func() any {
	inf := &inflater{dec: flate.NewDecoder()}
	inf.win.Init(make([]byte, 1<<maxWindowBits))
	return inf
}}

// messageReader is the io.Reader Decompressor.Reader returns. It lives inside
// the Decompressor so that starting a message allocates nothing.
type messageReader struct {
	d       *Decompressor
	inf     *inflater
	scratch bool // inflating into inf.win rather than d.hist
	src     sourceReader
	n       int64 // bytes produced so far
	limit   int64
	err     error
}

func (m *messageReader) start(src io.Reader, limit int64) {
	m.release()
	m.src.reset(src)
	m.n, m.limit, m.err = 0, limit, nil
}

// begin borrows an inflater and chooses the window to inflate into.
func (m *messageReader) begin() {
	d := m.d
	m.inf = inflaters.Get().(*inflater)
	// A message may refer up to 32 KiB back within itself whatever
	// window was agreed (see the package documentation), so only a full
	// window serves as the inflater's ring.
	m.scratch = d.size < 1<<maxWindowBits
	if !m.scratch {
		if d.hist.Size() == 0 {
			d.hist.Init(make([]byte, d.size))
		}
		m.inf.dec.Reset(&m.src, &d.hist)
		return
	}
	w := &m.inf.win
	w.Reset()
	if d.takeover {
		// RFC 7692, Section 7.1.1: with context takeover the message
		// may refer back into the ones before it.
		older, newer := d.hist.Segments()
		w.Write(older)
		w.Write(newer)
	}
	m.inf.dec.Reset(&m.src, w)
}

// release keeps the history of a message inflated into scratch space and
// returns the inflater to the pool.
func (m *messageReader) release() {
	if m.inf == nil {
		return
	}
	if d := m.d; m.scratch && d.takeover {
		if d.hist.Size() == 0 {
			d.hist.Init(make([]byte, d.size))
		}
		older, newer := m.inf.win.Segments()
		d.hist.Write(older)
		d.hist.Write(newer)
	}
	inflaters.Put(m.inf)
	m.inf = nil
}

// Read implements io.Reader.
func (m *messageReader) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if m.inf == nil {
		m.begin()
	}
	// Ask for at most one byte past the limit: the inflater inflates no
	// further ahead than it is asked, so a bomb never inflates further.
	if m.limit >= 0 && int64(len(p))-1 > m.limit-m.n {
		p = p[:m.limit-m.n+1]
	}
	n, err := m.inf.dec.Read(p)
	if m.limit >= 0 && m.n+int64(n) > m.limit {
		n = int(m.limit - m.n)
		m.n = m.limit
		return n, m.fail(ErrTooLarge)
	}
	m.n += int64(n)
	switch {
	case err == io.EOF:
		if err := m.src.drain(); err != nil {
			return n, m.fail(err)
		}
		m.release()
		m.err = io.EOF
		return n, io.EOF
	case err != nil:
		return n, m.fail(err)
	}
	return n, nil
}

// fail records a sticky error, translated to the package's errors.
func (m *messageReader) fail(err error) error {
	m.release()
	var ce *flate.CorruptError
	switch {
	case errors.As(err, &ce):
		err = &CorruptError{Offset: ce.Offset}
	case err == io.ErrUnexpectedEOF && m.src.err == nil:
		// The inflater ran out of input inside our own tail: the payload
		// ended in the middle of a block.
		err = &CorruptError{Offset: m.src.consumed}
	}
	m.err = err
	return err
}

// CorruptError reports invalid compressed data. It wraps ErrCorrupt.
type CorruptError struct {
	// Offset is the position in the compressed payload (tail included)
	// at or before which the data became invalid.
	Offset int64
}

// Error implements error.
func (e *CorruptError) Error() string {
	return ErrCorrupt.Error() + " near offset " + itoa(e.Offset)
}

// Unwrap returns ErrCorrupt.
func (e *CorruptError) Unwrap() error { return ErrCorrupt }

func itoa(v int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// sourceReader feeds the inflater the message payload followed by tail.
type sourceReader struct {
	src      io.Reader
	bytes    bytes.Reader // backing source for AppendMessage
	buf      [512]byte
	r, w     int
	tailPos  int   // bytes of tail handed out so far
	consumed int64 // bytes handed to the inflater
	err      error // from src, other than io.EOF
	eof      bool  // src has returned io.EOF
}

func (s *sourceReader) reset(src io.Reader) {
	s.src = src
	s.r, s.w, s.tailPos, s.consumed = 0, 0, 0, 0
	s.err, s.eof = nil, false
}

// fill reads more of src into buf, or marks the end of src.
func (s *sourceReader) fill() error {
	if s.err != nil {
		return s.err
	}
	for !s.eof && s.r == s.w {
		n, err := s.src.Read(s.buf[:])
		s.r, s.w = 0, n
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = err
			if n == 0 {
				return err
			}
			return nil
		}
	}
	return nil
}

// Read implements io.Reader.
func (s *sourceReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if s.r == s.w {
		if err := s.fill(); err != nil {
			return 0, err
		}
	}
	var n int
	if s.r < s.w {
		n = copy(p, s.buf[s.r:s.w])
		s.r += n
	} else {
		n = copy(p, tail[s.tailPos:])
		s.tailPos += n
		if n == 0 {
			return 0, io.EOF
		}
	}
	s.consumed += int64(n)
	return n, nil
}

// drain reads and discards what is left of src after the final block: the
// sender may have ended its data with a BFINAL block and then an empty
// stored block whose remaining bits it did not strip (RFC 7692, Section
// 7.2.3.4).
func (s *sourceReader) drain() error {
	for {
		s.r = s.w
		if s.eof {
			return nil
		}
		if err := s.fill(); err != nil {
			return err
		}
	}
}
