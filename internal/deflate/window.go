package deflate

// Window sizes are powers of two between 2^8 and 2^15 bytes (RFC 7692,
// Section 7.1.2).
const (
	minWindowBits = 8
	maxWindowBits = 15
)

// zlibMinWindowBits is the smallest window zlib compresses with: asked for
// 2^8 it silently uses 2^9, so a peer built on zlib may refer up to 512 bytes
// back after agreeing to 8 bits. We keep that much history to interoperate.
const zlibMinWindowBits = 9

// clampWindowBits maps 0 (absent) and out-of-range values to the nearest
// legal window size.
func clampWindowBits(bits int) int {
	switch {
	case bits == 0 || bits > maxWindowBits:
		return maxWindowBits
	case bits < minWindowBits:
		return minWindowBits
	}
	return bits
}

// history is the sliding window one direction shares across messages when
// context takeover is on: the last size bytes of uncompressed data, kept in a
// ring so that appending costs no more than copying the new bytes.
type history struct {
	buf  []byte // allocated on first use, len(buf) == size once allocated
	size int
	pos  int  // next write index in buf
	full bool // buf has wrapped at least once
}

// write records p as the most recent uncompressed bytes.
func (h *history) write(p []byte) {
	if h.size == 0 || len(p) == 0 {
		return
	}
	if h.buf == nil {
		h.buf = make([]byte, h.size)
	}
	if len(p) >= h.size {
		copy(h.buf, p[len(p)-h.size:])
		h.pos, h.full = 0, true
		return
	}
	n := copy(h.buf[h.pos:], p)
	if n < len(p) {
		copy(h.buf, p[n:])
		h.full = true
	}
	h.pos = (h.pos + len(p)) % h.size
	if h.pos == 0 && len(p) > 0 {
		h.full = true
	}
}

// appendTo appends the window, oldest byte first, to dst.
func (h *history) appendTo(dst []byte) []byte {
	if !h.full {
		return append(dst, h.buf[:h.pos]...)
	}
	dst = append(dst, h.buf[h.pos:]...)
	return append(dst, h.buf[:h.pos]...)
}

// reset forgets the window but keeps its buffer.
func (h *history) reset() {
	h.pos, h.full = 0, false
}
