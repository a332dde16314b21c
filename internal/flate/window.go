package flate

// Window is the history a Decoder resolves back-references against: a ring
// holding the most recent output. A caller that shares history across
// streams (permessage-deflate context takeover) keeps a Window between them,
// and the Decoder inflates straight into it, so nothing is copied in or out
// per stream.
//
// The zero value is an empty Window without storage; call Init.
type Window struct {
	buf  []byte // ring; len(buf) is the size
	pos  int    // next write index
	full bool   // buf has wrapped at least once
}

// Init makes buf the Window's storage, with no history. A Decoder accepts
// distances up to len(buf), so a buffer shorter than 32 KiB rejects some
// valid streams.
func (w *Window) Init(buf []byte) {
	w.buf, w.pos, w.full = buf, 0, false
}

// Reset forgets the history and keeps the storage.
func (w *Window) Reset() {
	w.pos, w.full = 0, false
}

// Size returns the capacity of the Window: the length of the buffer given
// to Init.
func (w *Window) Size() int { return len(w.buf) }

// Len returns how many bytes of history the Window holds.
func (w *Window) Len() int {
	if w.full {
		return len(w.buf)
	}
	return w.pos
}

// Segments returns the history, oldest byte first, as two slices that
// alias the Window's storage.
func (w *Window) Segments() (older, newer []byte) {
	if !w.full {
		return nil, w.buf[:w.pos]
	}
	return w.buf[w.pos:], w.buf[:w.pos]
}

// Write records p as the most recent history. Writing into a Window without
// storage does nothing.
func (w *Window) Write(p []byte) {
	size := len(w.buf)
	if size == 0 {
		return
	}
	if len(p) >= size {
		copy(w.buf, p[len(p)-size:])
		w.pos, w.full = 0, true
		return
	}
	n := copy(w.buf[w.pos:], p)
	if n < len(p) {
		copy(w.buf, p[n:])
	}
	w.pos += len(p)
	if w.pos >= size {
		w.pos -= size
		w.full = true
	}
}
