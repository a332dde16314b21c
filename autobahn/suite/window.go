package suite

import "errors"

// compress/flate inflates with a 32 KiB window whatever was agreed, so a
// peer that agrees to a smaller window (RFC 7692, Section 7.1.2) and then
// refers further back would pass unnoticed; the official suite's zlib
// would fail it. farthestMatch walks the DEFLATE stream (RFC 1951) without
// producing output and returns the largest distance it refers back.

var errBadDeflate = errors.New("suite: malformed DEFLATE stream")

// bitReader reads DEFLATE's LSB-first bit stream.
type bitReader struct {
	in    []byte
	pos   int
	bit   uint32
	nbits uint
}

func (r *bitReader) bits(n uint) (uint32, bool) {
	for r.nbits < n {
		if r.pos >= len(r.in) {
			return 0, false
		}
		r.bit |= uint32(r.in[r.pos]) << r.nbits
		r.pos++
		r.nbits += 8
	}
	v := r.bit & (1<<n - 1)
	r.bit >>= n
	r.nbits -= n
	return v, true
}

// huffman is a canonical code: how many codes of each length, and the
// symbols in code order.
type huffman struct {
	count  [16]uint16
	symbol []uint16
}

func newHuffman(lengths []uint8) (*huffman, bool) {
	h := &huffman{symbol: make([]uint16, 0, len(lengths))}
	for _, l := range lengths {
		h.count[l]++
	}
	h.count[0] = 0
	left := 1
	for l := 1; l < 16; l++ {
		left = left<<1 - int(h.count[l])
		if left < 0 {
			return nil, false // over-subscribed
		}
	}
	var offs [16]uint16
	for l := 1; l < 15; l++ {
		offs[l+1] = offs[l] + h.count[l]
	}
	h.symbol = h.symbol[:len(lengths)]
	for s, l := range lengths {
		if l != 0 {
			h.symbol[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	return h, true
}

func (r *bitReader) decode(h *huffman) (int, bool) {
	code, first, index := 0, 0, 0
	for l := 1; l < 16; l++ {
		b, ok := r.bits(1)
		if !ok {
			return 0, false
		}
		code |= int(b)
		count := int(h.count[l])
		if code-count < first {
			return int(h.symbol[index+code-first]), true
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, false
}

// The extra bits of length codes, and the base and extra bits of distance
// codes (RFC 1951, Section 3.2.5); the lengths themselves do not matter.
var (
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// order of the code length code lengths (RFC 1951, Section 3.2.7)
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

var fixedLit, fixedDist = func() (*huffman, *huffman) {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	var d [30]uint8
	for i := range d {
		d[i] = 5
	}
	lit, _ := newHuffman(l[:])
	dist, _ := newHuffman(d[:])
	return lit, dist
}()

// farthestMatch returns the largest match distance in the DEFLATE stream
// p, which ends where its data ends (a message's payload with the sync
// tail restored), not necessarily with a final block.
func farthestMatch(p []byte) (int, error) {
	r := &bitReader{in: p}
	farthest := 0
	for {
		hdr, ok := r.bits(3)
		if !ok {
			return farthest, nil // the stream ends between blocks
		}
		var lit, dist *huffman
		switch hdr >> 1 {
		case 0:
			r.bit, r.nbits = 0, 0 // stored blocks start on a byte boundary
			if r.pos+4 > len(r.in) {
				return farthest, errBadDeflate
			}
			n := int(r.in[r.pos]) | int(r.in[r.pos+1])<<8
			if n^0xffff != int(r.in[r.pos+2])|int(r.in[r.pos+3])<<8 {
				return farthest, errBadDeflate
			}
			r.pos += 4 + n
			if r.pos > len(r.in) {
				return farthest, errBadDeflate
			}
			if hdr&1 == 1 {
				return farthest, nil
			}
			continue
		case 1:
			lit, dist = fixedLit, fixedDist
		case 2:
			if lit, dist, ok = r.dynamicTables(); !ok {
				return farthest, errBadDeflate
			}
		default:
			return farthest, errBadDeflate
		}
		for {
			sym, ok := r.decode(lit)
			switch {
			case !ok || sym > 285:
				return farthest, errBadDeflate
			case sym < 256:
				continue
			case sym == 256:
			default:
				if _, ok := r.bits(uint(lengthExtra[sym-257])); !ok {
					return farthest, errBadDeflate
				}
				ds, ok := r.decode(dist)
				if !ok || ds >= 30 {
					return farthest, errBadDeflate
				}
				extra, ok := r.bits(uint(distExtra[ds]))
				if !ok {
					return farthest, errBadDeflate
				}
				farthest = max(farthest, int(distBase[ds]+extra))
				continue
			}
			break
		}
		if hdr&1 == 1 {
			return farthest, nil
		}
	}
}

// dynamicTables reads the code tables of a dynamic block (RFC 1951,
// Section 3.2.7).
func (r *bitReader) dynamicTables() (*huffman, *huffman, bool) {
	v, ok := r.bits(14)
	if !ok {
		return nil, nil, false
	}
	nlen, ndist, ncode := int(v&31)+257, int(v>>5&31)+1, int(v>>10)+4
	if nlen > 286 || ndist > 30 {
		return nil, nil, false
	}
	var cl [19]uint8
	for i := range ncode {
		b, ok := r.bits(3)
		if !ok {
			return nil, nil, false
		}
		cl[clOrder[i]] = uint8(b)
	}
	clh, ok := newHuffman(cl[:])
	if !ok {
		return nil, nil, false
	}
	lengths := make([]uint8, 0, nlen+ndist)
	for len(lengths) < nlen+ndist {
		sym, ok := r.decode(clh)
		if !ok {
			return nil, nil, false
		}
		if sym < 16 {
			lengths = append(lengths, uint8(sym))
			continue
		}
		var rep uint32
		var val uint8
		switch sym {
		case 16:
			if len(lengths) == 0 {
				return nil, nil, false
			}
			val = lengths[len(lengths)-1]
			rep, ok = r.bits(2)
			rep += 3
		case 17:
			rep, ok = r.bits(3)
			rep += 3
		default:
			rep, ok = r.bits(7)
			rep += 11
		}
		if !ok || len(lengths)+int(rep) > nlen+ndist {
			return nil, nil, false
		}
		for range rep {
			lengths = append(lengths, val)
		}
	}
	lit, ok1 := newHuffman(lengths[:nlen])
	dist, ok2 := newHuffman(lengths[nlen:])
	return lit, dist, ok1 && ok2
}
