package flate_test

import (
	"errors"
	"fmt"
)

// refInflate is a deliberately plain DEFLATE decoder (RFC 1951) used to
// check the Encoder's output independently of compress/flate. It returns the
// decoded bytes (without dict) and the longest distance any match used. The
// input must end with a sync flush (an empty stored block).
func refInflate(in, dict []byte) (out []byte, maxDistance int, err error) {
	r := &bitReader{in: in}
	out = append([]byte{}, dict...)
	for r.pos < len(in) {
		final := r.bits(1)
		typ := r.bits(2)
		if r.err != nil {
			return nil, 0, r.err
		}
		switch typ {
		case 0:
			r.nbits, r.acc = 0, 0
			if r.pos+4 > len(in) {
				return nil, 0, errors.New("short stored header")
			}
			n := int(in[r.pos]) | int(in[r.pos+1])<<8
			nn := int(in[r.pos+2]) | int(in[r.pos+3])<<8
			if n != nn^0xffff {
				return nil, 0, errors.New("bad stored length")
			}
			r.pos += 4
			if r.pos+n > len(in) {
				return nil, 0, errors.New("short stored data")
			}
			out = append(out, in[r.pos:r.pos+n]...)
			r.pos += n
		case 1, 2:
			var lit, dist *refTree
			if typ == 1 {
				lit, dist = fixedTrees()
			} else if lit, dist, err = r.dynamicTrees(); err != nil {
				return nil, 0, err
			}
			for {
				sym := r.decode(lit)
				if r.err != nil {
					return nil, 0, r.err
				}
				if sym < 256 {
					out = append(out, byte(sym))
					continue
				}
				if sym == 256 {
					break
				}
				sym -= 257
				if sym >= 29 {
					return nil, 0, errors.New("bad length symbol")
				}
				length := int(refLenBase[sym]) + r.bits(refLenExtra[sym])
				ds := r.decode(dist)
				if ds >= 30 {
					return nil, 0, errors.New("bad distance symbol")
				}
				d := int(refDistBase[ds]) + r.bits(refDistExtra[ds])
				if r.err != nil {
					return nil, 0, r.err
				}
				if d > len(out) {
					return nil, 0, fmt.Errorf("distance %d before start", d)
				}
				maxDistance = max(maxDistance, d)
				for range length {
					out = append(out, out[len(out)-d])
				}
			}
		default:
			return nil, 0, errors.New("reserved block type")
		}
		if final == 1 {
			break
		}
	}
	return out[len(dict):], maxDistance, nil
}

var (
	refLenBase   = []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	refLenExtra  = []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	refDistBase  = []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	refDistExtra = []int{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

type bitReader struct {
	in    []byte
	pos   int
	acc   uint32
	nbits int
	err   error
}

func (r *bitReader) bits(n int) int {
	for r.nbits < n {
		if r.pos >= len(r.in) {
			r.err = errors.New("unexpected end")
			return 0
		}
		r.acc |= uint32(r.in[r.pos]) << r.nbits
		r.pos++
		r.nbits += 8
	}
	v := int(r.acc & (1<<n - 1))
	r.acc >>= n
	r.nbits -= n
	return v
}

// refTree maps (length, code) to symbol, searched bit by bit.
type refTree struct {
	codes map[[2]int]int
}

func newRefTree(lens []int) (*refTree, error) {
	var count [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [16]int
	c := 0
	left := 1
	for l := 1; l < 16; l++ {
		c = (c + count[l-1]) << 1
		next[l] = c
		left = left<<1 - count[l]
		if left < 0 {
			return nil, errors.New("oversubscribed code")
		}
	}
	t := &refTree{codes: map[[2]int]int{}}
	for sym, l := range lens {
		if l != 0 {
			t.codes[[2]int{l, next[l]}] = sym
			next[l]++
		}
	}
	return t, nil
}

func (r *bitReader) decode(t *refTree) int {
	c := 0
	for l := 1; l <= 15; l++ {
		c = c<<1 | r.bits(1)
		if r.err != nil {
			return 0
		}
		if sym, ok := t.codes[[2]int{l, c}]; ok {
			return sym
		}
	}
	r.err = errors.New("invalid code")
	return 0
}

func fixedTrees() (*refTree, *refTree) {
	lens := make([]int, 288)
	for i := range lens {
		lens[i] = 8 // 0-143 and 280-287
	}
	for i := 144; i < 256; i++ {
		lens[i] = 9
	}
	for i := 256; i < 280; i++ {
		lens[i] = 7
	}
	lit, _ := newRefTree(lens)
	dl := make([]int, 30)
	for i := range dl {
		dl[i] = 5
	}
	dist, _ := newRefTree(dl)
	return lit, dist
}

func (r *bitReader) dynamicTrees() (*refTree, *refTree, error) {
	nLit := r.bits(5) + 257
	nDist := r.bits(5) + 1
	nCL := r.bits(4) + 4
	order := []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	cl := make([]int, 19)
	for i := range nCL {
		cl[order[i]] = r.bits(3)
	}
	clt, err := newRefTree(cl)
	if err != nil {
		return nil, nil, err
	}
	var lens []int
	for len(lens) < nLit+nDist {
		sym := r.decode(clt)
		if r.err != nil {
			return nil, nil, r.err
		}
		switch {
		case sym < 16:
			lens = append(lens, sym)
		case sym == 16:
			if len(lens) == 0 {
				return nil, nil, errors.New("repeat with no previous length")
			}
			for range 3 + r.bits(2) {
				lens = append(lens, lens[len(lens)-1])
			}
		case sym == 17:
			for range 3 + r.bits(3) {
				lens = append(lens, 0)
			}
		default:
			for range 11 + r.bits(7) {
				lens = append(lens, 0)
			}
		}
	}
	if len(lens) != nLit+nDist {
		return nil, nil, errors.New("code lengths overrun")
	}
	lit, err := newRefTree(lens[:nLit])
	if err != nil {
		return nil, nil, err
	}
	dist, err := newRefTree(lens[nLit:])
	return lit, dist, err
}
