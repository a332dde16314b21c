package flate

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"
)

// ErrCorrupt reports input that is not a valid DEFLATE stream, or that
// refers to bytes before the start of the history.
var ErrCorrupt = errors.New("flate: corrupt input")

// CorruptError reports where invalid input was found. It wraps ErrCorrupt.
type CorruptError struct {
	// Offset is the number of input bytes the Decoder had consumed when
	// it found the input invalid.
	Offset int64
}

// Error implements error.
func (e *CorruptError) Error() string {
	return ErrCorrupt.Error() + " at offset " + strconv.FormatInt(e.Offset, 10)
}

// Unwrap returns ErrCorrupt.
func (e *CorruptError) Unwrap() error { return ErrCorrupt }

type decState uint8

const (
	stateHeader  decState = iota // at a block header
	stateStored                  // inside a stored block
	stateHuffman                 // inside a Huffman block
	stateDone                    // after the final block
)

// maxSymbolBits bounds the input one length/distance pair takes: a 15-bit
// length code, 5 extra bits, a 15-bit distance code and 13 extra bits.
const maxSymbolBits = 48

// maxHeaderBytes bounds a dynamic block header (RFC 1951, Section 3.2.7):
// 14 bits of counts, 19 three-bit lengths, 316 lengths of at most 7+7 bits.
const maxHeaderBytes = (14 + 19*3 + 316*14 + 7) / 8

// Decoder inflates a raw DEFLATE stream (RFC 1951) into a caller-held
// Window and hands the output out through Read. It allocates about 6 KiB
// of tables and buffers once; keep Decoders in a pool and Reset one per
// stream.
//
// The zero value is not usable; call NewDecoder.
type Decoder struct {
	src    io.Reader
	srcEOF bool
	srcErr error
	inBuf  []byte
	in     []byte // unread input is in[ipos:]
	ipos   int
	base   int64  // input bytes consumed before in[0]
	acc    uint64 // bit buffer, next input bit lowest
	nb     uint   // valid bits in acc; bits above may hold later input

	win  *Window
	rpos int // output in win.buf[rpos:win.pos] not yet returned by Read

	state     decState
	final     bool
	stored    int // bytes left in the stored block
	copyLen   int // bytes left of an interrupted match
	copyDist  int
	lit, dist *decTable
	dynLit    decTable
	dynDist   decTable
	cl        decTable
	lens      [286 + 32]uint8
	err       error
}

// NewDecoder returns a Decoder; call Reset before reading.
func NewDecoder() *Decoder {
	return &Decoder{
		inBuf:   make([]byte, 1024),
		dynLit:  newDecTable(litTableBits, 286),
		dynDist: newDecTable(distTableBits, 32),
		cl:      newDecTable(clTableBits, 19),
	}
}

// Reset starts inflating the stream src yields into w. The stream may refer
// back into w's history, up to w's size; the Decoder appends its output to
// w as it goes. src's io.EOF before the end of the final block is reported
// as io.ErrUnexpectedEOF; its other errors are returned as they are. The
// Decoder may read src past the end of the stream.
func (d *Decoder) Reset(src io.Reader, w *Window) {
	d.src, d.srcEOF, d.srcErr = src, false, nil
	d.in, d.ipos, d.base, d.acc, d.nb = nil, 0, 0, 0, 0
	d.win, d.rpos = w, w.pos
	d.state, d.final, d.stored, d.copyLen, d.err = stateHeader, false, 0, 0, nil
}

// Read implements io.Reader. It returns io.EOF after the final block, and
// an error wrapping ErrCorrupt for invalid input. Errors are sticky. Read
// inflates no more than len(p) bytes ahead of what it returns, so a caller
// enforcing a limit on the output never makes it inflate much further.
func (d *Decoder) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if d.rpos < d.win.pos {
			n := copy(p, d.win.buf[d.rpos:d.win.pos])
			d.rpos += n
			return n, nil
		}
		if d.err != nil {
			return 0, d.err
		}
		if d.win.pos == len(d.win.buf) {
			d.win.pos, d.win.full, d.rpos = 0, true, 0
		}
		d.step(len(p))
	}
}

// pending reports whether inflated output awaits Read.
func (d *Decoder) pending() bool { return d.rpos < d.win.pos }

// buffered returns the input bytes in hand: in the buffer or the bit buffer.
func (d *Decoder) buffered() int { return len(d.in) - d.ipos + int(d.nb/8) }

// step inflates until want bytes are pending, the ring is full, the
// stream ends or more input must be read while output is pending: a
// stream flushed in the middle must yield its output before the Decoder
// waits for input that may not come until the reader has seen it.
func (d *Decoder) step(want int) {
	for d.err == nil && d.win.pos < len(d.win.buf) && d.win.pos-d.rpos < want {
		switch d.state {
		case stateHeader:
			if d.pending() && !d.srcEOF && d.buffered() < maxHeaderBytes {
				return
			}
			d.err = d.header()
		case stateStored:
			d.err = d.copyStored(want)
		case stateHuffman:
			if d.copyLen > 0 {
				d.copyMatch(d.copyDist, d.copyLen, want)
				continue
			}
			d.err = d.huffman(want)
			if d.err == errYield {
				d.err = nil
				return
			}
		case stateDone:
			d.err = io.EOF
		}
	}
}

// errYield stops huffman to let Read hand out pending output.
var errYield = errors.New("flate: yield")

// corrupt returns the error for invalid input at the current position.
func (d *Decoder) corrupt() error {
	return &CorruptError{Offset: d.base + int64(d.ipos) - int64(d.nb/8)}
}

// more reads the next chunk of input. It returns io.ErrUnexpectedEOF at
// the end of src.
func (d *Decoder) more() error {
	for {
		if d.srcErr != nil {
			return d.srcErr
		}
		if d.srcEOF {
			return io.ErrUnexpectedEOF
		}
		n, err := d.src.Read(d.inBuf)
		if err == io.EOF {
			d.srcEOF = true
		} else if err != nil {
			d.srcErr = err
		}
		if n > 0 {
			d.base += int64(d.ipos)
			d.in, d.ipos = d.inBuf[:n], 0
			return nil
		}
	}
}

// fill loads input into the bit buffer until it holds at least n bits (at
// most 56). At the end of the input it returns with fewer and no error;
// other errors of src are returned.
func (d *Decoder) fill(n uint) error {
	for d.nb < n {
		if d.ipos+8 <= len(d.in) {
			d.acc |= binary.LittleEndian.Uint64(d.in[d.ipos:]) << d.nb
			d.ipos += int(63-d.nb) >> 3
			d.nb |= 56
			return nil
		}
		if d.ipos == len(d.in) {
			if err := d.more(); err == io.ErrUnexpectedEOF {
				return nil
			} else if err != nil {
				return err
			}
		}
		d.acc = d.acc&(1<<d.nb-1) | uint64(d.in[d.ipos])<<d.nb
		d.ipos++
		d.nb += 8
	}
	return nil
}

// need loads at least n bits or fails.
func (d *Decoder) need(n uint) error {
	if err := d.fill(n); err != nil {
		return err
	}
	if d.nb < n {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// take consumes n bits, which need has made available.
func (d *Decoder) take(n uint) uint32 {
	v := uint32(d.acc & (1<<n - 1))
	d.acc >>= n
	d.nb -= n
	return v
}

// header reads a block header (RFC 1951, Section 3.2.3) and the tables or
// length that follow it.
func (d *Decoder) header() error {
	if d.final {
		d.state = stateDone
		return nil
	}
	if err := d.need(3); err != nil {
		return err
	}
	h := d.take(3)
	d.final = h&1 == 1
	switch h >> 1 {
	case 0:
		return d.storedHeader()
	case 1:
		d.lit, d.dist = &fixedLitTable, &fixedDistTable
	case 2:
		if err := d.dynamicHeader(); err != nil {
			return err
		}
		d.lit, d.dist = &d.dynLit, &d.dynDist
	default:
		return d.corrupt()
	}
	d.state = stateHuffman
	return nil
}

// storedHeader reads LEN and NLEN of a stored block (RFC 1951, Section
// 3.2.4).
func (d *Decoder) storedHeader() error {
	d.take(d.nb % 8)
	if err := d.need(32); err != nil {
		return err
	}
	n := d.take(16)
	if n != ^d.take(16)&0xffff {
		return d.corrupt()
	}
	d.stored = int(n)
	d.state = stateStored
	return nil
}

// copyStored copies bytes of a stored block to the output: first the
// whole bytes left in the bit buffer, then straight from the input.
func (d *Decoder) copyStored(want int) error {
	w := d.win
	for d.stored > 0 && w.pos < len(w.buf) && w.pos-d.rpos < want {
		room := min(d.stored, len(w.buf)-w.pos, want-(w.pos-d.rpos))
		if d.nb >= 8 {
			w.buf[w.pos] = byte(d.take(8))
			w.pos++
			d.stored--
			continue
		}
		// The bit buffer is byte aligned and empty here; bits above
		// nb belong to input the copy skips, so drop them.
		d.acc = 0
		if d.ipos == len(d.in) {
			if err := d.more(); err != nil {
				return err
			}
		}
		n := copy(w.buf[w.pos:w.pos+room], d.in[d.ipos:])
		w.pos += n
		d.ipos += n
		d.stored -= n
	}
	if d.stored == 0 {
		d.state = stateHeader
	}
	return nil
}

// dynamicHeader reads the code trees of a dynamic block (RFC 1951, Section
// 3.2.7).
func (d *Decoder) dynamicHeader() error {
	if err := d.need(14); err != nil {
		return err
	}
	nLit := int(d.take(5)) + 257
	nDist := int(d.take(5)) + 1
	nCL := int(d.take(4)) + 4
	if nLit > 286 || nDist > 30 {
		return d.corrupt()
	}
	var clLens [19]uint8
	for _, sym := range codeLengthOrder[:nCL] {
		if err := d.need(3); err != nil {
			return err
		}
		clLens[sym] = uint8(d.take(3))
	}
	if !d.cl.init(clLens[:]) {
		return d.corrupt()
	}
	lens := d.lens[:nLit+nDist]
	for i := 0; i < len(lens); {
		if err := d.fill(maxCodeBits); err != nil {
			return err
		}
		e := d.cl.table[d.acc&(1<<clTableBits-1)]
		l := uint(e & 15)
		if l == 0 {
			return d.corrupt()
		}
		if l > d.nb {
			return io.ErrUnexpectedEOF
		}
		d.take(l)
		sym := e >> 4
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var fillWith uint8
		switch sym {
		case 16:
			if i == 0 {
				return d.corrupt()
			}
			if err := d.need(2); err != nil {
				return err
			}
			rep, fillWith = 3+int(d.take(2)), lens[i-1]
		case 17:
			if err := d.need(3); err != nil {
				return err
			}
			rep = 3 + int(d.take(3))
		default:
			if err := d.need(7); err != nil {
				return err
			}
			rep = 11 + int(d.take(7))
		}
		if i+rep > len(lens) {
			return d.corrupt()
		}
		for ; rep > 0; rep-- {
			lens[i] = fillWith
			i++
		}
	}
	if !d.dynLit.init(lens[:nLit]) || !d.dynDist.init(lens[nLit:]) {
		return d.corrupt()
	}
	return nil
}

// copyMatch copies up to length bytes from dist back, stopping when want
// bytes are pending or the ring is full, and records what is left.
func (d *Decoder) copyMatch(dist, length, want int) {
	w := d.win
	buf := w.buf
	pos := w.pos
	n := min(length, len(buf)-pos, want-(pos-d.rpos))
	end := pos + n
	from := pos - dist
	if from < 0 {
		// The source wraps around the ring: copy its older part first.
		from += len(buf)
		pos += copy(buf[pos:end], buf[from:])
		from = 0
	}
	// Overlapping copies repeat the last dist bytes (RFC 1951, Section
	// 3.2.3); each round doubles what can be copied at once.
	for pos < end {
		pos += copy(buf[pos:end], buf[from:pos])
	}
	w.pos = end
	d.copyLen, d.copyDist = length-n, dist
}

// huffman decodes symbols of a Huffman block until want bytes are pending,
// the ring is full or the block ends. The bit buffer and positions live in
// locals; they are stored back before every return and every call that
// reads input.
func (d *Decoder) huffman(want int) error {
	buf := d.win.buf
	pos := d.win.pos
	stop := min(len(buf), d.rpos+want)
	acc, nb := d.acc, d.nb
	in, ipos := d.in, d.ipos
	lit, dist := d.lit, d.dist
	litMask := uint64(1)<<lit.bits - 1
	distMask := uint64(1)<<dist.bits - 1
	var err error
	for pos < stop {
		if ipos+8 <= len(in) {
			acc |= binary.LittleEndian.Uint64(in[ipos:]) << nb
			ipos += int(63-nb) >> 3
			nb |= 56
		} else if nb < maxSymbolBits {
			pendingOut := pos > d.rpos
			d.acc, d.nb, d.ipos, d.win.pos = acc, nb, ipos, pos
			if pendingOut && !d.srcEOF && d.buffered() < maxSymbolBits/8 {
				return errYield
			}
			if err = d.fill(maxSymbolBits); err != nil {
				return err
			}
			acc, nb, in, ipos = d.acc, d.nb, d.in, d.ipos
		}

		e := lit.table[acc&litMask]
		var sym, l uint
		if e == longEntry {
			s, n := lit.decodeLong(acc, nb)
			sym, l = uint(s), n
		} else {
			sym, l = uint(e>>4), uint(e&15)
		}
		if l == 0 || l > nb {
			err = d.symbolErr(l, acc, nb, in, ipos, pos)
			break
		}
		acc >>= l
		nb -= l
		if sym < 256 {
			buf[pos] = byte(sym)
			pos++
			continue
		}
		if sym == endOfBlock {
			d.state = stateHeader
			break
		}
		sym -= 257
		if sym >= 29 {
			err = d.symbolErr(0, acc, nb, in, ipos, pos)
			break
		}
		x := uint(lengthExtra[sym])
		if x > nb {
			err = d.symbolErr(x, acc, nb, in, ipos, pos)
			break
		}
		length := int(lengthBase[sym]) + int(acc&(1<<x-1))
		acc >>= x
		nb -= x

		e = dist.table[acc&distMask]
		if e == longEntry {
			s, n := dist.decodeLong(acc, nb)
			sym, l = uint(s), n
		} else {
			sym, l = uint(e>>4), uint(e&15)
		}
		if l == 0 || l > nb || sym >= 30 {
			if sym >= 30 {
				l = 0
			}
			err = d.symbolErr(l, acc, nb, in, ipos, pos)
			break
		}
		acc >>= l
		nb -= l
		x = uint(distExtra[sym])
		if x > nb {
			err = d.symbolErr(x, acc, nb, in, ipos, pos)
			break
		}
		dd := int(distBase[sym]) + int(acc&(1<<x-1))
		acc >>= x
		nb -= x
		if dd > pos && (!d.win.full || dd > len(buf)) {
			err = d.symbolErr(0, acc, nb, in, ipos, pos)
			break
		}
		if dd <= pos && length <= stop-pos && dd >= length {
			// The common case: no wrap, no overlap, room for all of it.
			pos += copy(buf[pos:pos+length], buf[pos-dd:])
			continue
		}
		d.win.pos = pos
		d.copyMatch(dd, length, want)
		pos = d.win.pos
		if d.copyLen > 0 {
			break
		}
	}
	d.acc, d.nb, d.in, d.ipos, d.win.pos = acc, nb, in, ipos, pos
	return err
}

// symbolErr stores the decoding state and returns the error for a code of
// length l (0 for invalid) that did not fit in nb bits.
func (d *Decoder) symbolErr(l uint, acc uint64, nb uint, in []byte, ipos, pos int) error {
	d.acc, d.nb, d.in, d.ipos, d.win.pos = acc, nb, in, ipos, pos
	if l == 0 || l <= nb {
		return d.corrupt()
	}
	return io.ErrUnexpectedEOF
}
