package flate

import (
	"math/bits"
	"slices"
)

// code is a Huffman code ready to write: bits already reversed for the
// LSB-first bit order of RFC 1951, Section 3.1.1.
type code struct {
	bits uint16
	len  uint8
}

// huffmanBuilder holds scratch space for building length-limited codes.
type huffmanBuilder struct {
	sorted []uint32 // freq<<9 | symbol
	weight []uint32
	parent []int32
	depth  []uint8
	freq   []uint32
}

// buildLengths sets lens[i] to the code length of symbol i for a Huffman
// code over freq limited to maxBits. Symbols with zero frequency get length
// 0. The caller guarantees at least two nonzero frequencies, so the code is
// complete.
func (h *huffmanBuilder) buildLengths(freq []uint32, lens []uint8, maxBits uint8) {
	clear(lens)
	h.freq = append(h.freq[:0], freq...)
	for {
		if h.tryLengths(lens, maxBits) {
			return
		}
		// Flatten the distribution and try again; it converges because
		// equal weights give a balanced tree.
		for i, f := range h.freq {
			if f != 0 {
				h.freq[i] = f>>1 | 1
			}
		}
	}
}

func (h *huffmanBuilder) tryLengths(lens []uint8, maxBits uint8) bool {
	h.sorted = h.sorted[:0]
	for sym, f := range h.freq {
		if f != 0 {
			h.sorted = append(h.sorted, f<<9|uint32(sym))
		}
	}
	slices.Sort(h.sorted)
	n := len(h.sorted)
	if n == 1 {
		lens[h.sorted[0]&511] = 1
		return true
	}
	total := 2*n - 1
	h.weight = slices.Grow(h.weight[:0], total)[:total]
	h.parent = slices.Grow(h.parent[:0], total)[:total]
	h.depth = slices.Grow(h.depth[:0], total)[:total]
	for i, s := range h.sorted {
		h.weight[i] = s >> 9
	}
	// Two-queue construction: leaves in h.weight[:n] sorted, internal
	// nodes appended in nondecreasing weight order after them.
	leaf, inner, next := 0, n, n
	pick := func() int {
		if leaf < n && (inner >= next || h.weight[leaf] <= h.weight[inner]) {
			leaf++
			return leaf - 1
		}
		inner++
		return inner - 1
	}
	for next < total {
		a, b := pick(), pick()
		h.weight[next] = h.weight[a] + h.weight[b]
		h.parent[a], h.parent[b] = int32(next), int32(next)
		next++
	}
	h.depth[total-1] = 0
	for i := total - 2; i >= 0; i-- {
		d := h.depth[h.parent[i]] + 1
		if i < n && d > maxBits {
			return false
		}
		h.depth[i] = d
	}
	for i, s := range h.sorted {
		lens[s&511] = h.depth[i]
	}
	return true
}

// assignCodes gives symbols canonical codes for lens (RFC 1951, Section
// 3.2.2).
func assignCodes(codes []code, lens []uint8) {
	var count [16]uint16
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [16]uint16
	c := uint16(0)
	for l := 1; l < 16; l++ {
		c = (c + count[l-1]) << 1
		next[l] = c
	}
	for sym, l := range lens {
		if l == 0 {
			codes[sym] = code{}
			continue
		}
		codes[sym] = code{bits: bits.Reverse16(next[l]) >> (16 - l), len: l}
		next[l]++
	}
}
