package flate

import (
	"encoding/binary"
	"math/bits"
)

const (
	// MaxWindowBits is the largest window DEFLATE allows: 32 KiB.
	MaxWindowBits = 15
	// MinWindowBits is the smallest window the Encoder supports.
	MinWindowBits = 8

	// HuffmanOnly is the level that entropy-codes literals without
	// looking for repeated strings.
	HuffmanOnly = -2

	minLength = 3 // shortest match DEFLATE can code
	minMatch  = 4 // shortest match the Encoder looks for
	maxMatch  = 258
	maxDist   = 1 << MaxWindowBits

	blockSize = 1 << 16 // input bytes per block at most
	bufSize   = maxDist + blockSize
	hashBits  = 15
	hashSize  = 1 << hashBits
	hashMul   = 0x1e35a7bd

	// offsetLimit bounds the table offset so that int32 entries never
	// overflow; crossing it costs one clear of the head table.
	offsetLimit = 1 << 30
)

// levelConfig tunes the match finder for one level.
type levelConfig struct {
	chain  int  // candidates examined per position; 0 means literals only
	lazy   int  // look one byte ahead while the match is shorter; 0 means greedy
	nice   int  // stop searching once a match is this long
	insert bool // insert every position inside a match into the hash chains
}

var levels = [10]levelConfig{
	1: {chain: 1, nice: 32},
	2: {chain: 4, nice: 32, insert: true},
	3: {chain: 8, nice: 64, insert: true},
	4: {chain: 8, lazy: 8, nice: 64, insert: true},
	5: {chain: 16, lazy: 16, nice: 128, insert: true},
	6: {chain: 64, lazy: 32, nice: 128, insert: true},
	7: {chain: 128, lazy: 64, nice: 258, insert: true},
	8: {chain: 512, lazy: 128, nice: 258, insert: true},
	9: {chain: 2048, lazy: 258, nice: 258, insert: true},
}

// Encoder writes a raw DEFLATE stream (RFC 1951) whose back-references never
// reach further than a chosen window, optionally primed with a dictionary
// of earlier data. It allocates about 450 KiB once and nothing afterwards, so
// callers keep Encoders in a pool and Reset one for each use.
//
// The zero value is not usable; call NewEncoder.
type Encoder struct {
	cfg     levelConfig
	maxDist int

	buf     []byte // window followed by pending input; cap bufSize
	start   int    // first byte of buf not yet compressed
	indexed int    // first position not yet in the hash chains
	offset  int    // table entries hold position+offset

	head []int32 // hashSize entries: latest position+offset per hash
	prev []int32 // maxDist entries: previous position+offset in the chain

	tokens []uint32
	litF   [286]uint32
	distF  [30]uint32
	litL   [286]uint8
	distL  [30]uint8
	litC   [286]code
	distC  [30]code
	hb     huffmanBuilder
	bw     bitWriter
	hdr    headerState
}

// NewEncoder returns an Encoder; call Reset before writing.
func NewEncoder() *Encoder {
	return &Encoder{
		buf:    make([]byte, 0, bufSize),
		head:   make([]int32, hashSize),
		prev:   make([]int32, maxDist),
		tokens: make([]uint32, 0, blockSize),
	}
}

// Reset starts a new stream at level (1..9 or HuffmanOnly; other values are
// clamped) that never refers further back than 2^windowBits bytes (8..15,
// clamped). The stream may refer to the last bytes of dict, as if they had
// been written before it; Reset copies what it needs. Pending bits of an
// earlier stream are discarded.
func (e *Encoder) Reset(level, windowBits int, dict []byte) {
	if level != HuffmanOnly {
		level = min(max(level, 1), 9)
		e.cfg = levels[level]
	} else {
		e.cfg = levelConfig{}
	}
	windowBits = min(max(windowBits, MinWindowBits), MaxWindowBits)
	e.maxDist = 1 << windowBits
	// Move the offset past every entry of the previous use so that stale
	// table entries point before the buffer and are ignored.
	e.offset += len(e.buf) + maxDist + 1
	if e.offset > offsetLimit {
		clear(e.head)
		e.offset = maxDist + 1
	}
	if len(dict) > e.maxDist {
		dict = dict[len(dict)-e.maxDist:]
	}
	e.buf = append(e.buf[:0], dict...)
	e.start, e.indexed = len(dict), 0
	e.bw = bitWriter{}
}

// AppendWrite compresses p, appends the output completed so far to dst and
// returns the extended slice. Input may be held back until the next call to
// AppendWrite or AppendFlush.
func (e *Encoder) AppendWrite(dst, p []byte) []byte {
	e.bw.out = dst
	for len(p) > 0 {
		if len(e.buf)-e.start >= blockSize {
			e.compress()
		}
		if len(e.buf) == cap(e.buf) {
			e.slide()
		}
		n := copy(e.buf[len(e.buf):min(cap(e.buf), e.start+blockSize)], p)
		e.buf = e.buf[:len(e.buf)+n]
		p = p[n:]
	}
	dst, e.bw.out = e.bw.out, nil
	return dst
}

// AppendFlush compresses all pending input and ends the output on a byte
// boundary with the 3-bit header of an empty stored block and its padding,
// leaving off the block's LEN and NLEN (00 00 ff ff): this is the sync flush
// of permessage-deflate with the tail removed (RFC 7692, Section 7.2.1).
func (e *Encoder) AppendFlush(dst []byte) []byte {
	e.bw.out = dst
	if len(e.buf) > e.start {
		e.compress()
	}
	e.bw.write(0, 3) // BFINAL 0, BTYPE 00
	e.bw.align()
	dst, e.bw.out = e.bw.out, nil
	return dst
}

// History returns up to n of the most recent bytes written, for use as the
// dictionary of a later stream. The slice aliases the Encoder's buffer and
// is valid until its next method call.
func (e *Encoder) History(n int) []byte {
	n = min(n, len(e.buf), e.maxDist)
	return e.buf[len(e.buf)-n:]
}

// slide discards the bytes of buf that are out of reach of pending input.
func (e *Encoder) slide() {
	keep := min(e.start, maxDist)
	delta := e.start - keep
	copy(e.buf, e.buf[delta:])
	e.buf = e.buf[:len(e.buf)-delta]
	e.start -= delta
	e.indexed = max(e.indexed-delta, 0)
	e.offset += delta
	if e.offset > offsetLimit {
		// Rebase every live entry; dead ones become negative and
		// are ignored like any other stale entry.
		shift := int32(e.offset - (maxDist + 1))
		rebase(e.head, shift)
		rebase(e.prev, shift)
		e.offset = maxDist + 1
	}
}

// rebase subtracts shift from live entries and zeroes the rest, which keeps
// dead entries from wrapping around over repeated rebases.
func rebase(entries []int32, shift int32) {
	for i, v := range entries {
		entries[i] = max(v-shift, 0)
	}
}

func load32(b []byte, i int) uint32 {
	return binary.LittleEndian.Uint32(b[i:])
}

func hash4(u uint32) uint32 {
	return (u * hashMul) >> (32 - hashBits)
}

// insert adds position i (with i+minMatch <= len(buf)) to the hash chains
// and returns the previous head of its chain as a buffer index, which may be
// negative or otherwise stale.
func (e *Encoder) insert(i int) int {
	h := hash4(load32(e.buf, i))
	old := e.head[h]
	e.head[h] = int32(i + e.offset)
	e.prev[i&(maxDist-1)] = old
	return int(old) - e.offset
}

// insertHead is insert for levels that follow no chains: it leaves prev
// alone.
func (e *Encoder) insertHead(i int) {
	e.head[hash4(load32(e.buf, i))] = int32(i + e.offset)
}

// compress codes buf[start:] as one block.
func (e *Encoder) compress() {
	end := len(e.buf)
	if e.cfg.chain == 1 {
		// The dictionary is re-indexed for every message, which costs
		// more than compressing a short one; every other position finds
		// nearly all matches (a match starting at a skipped position is
		// found one byte later).
		for i := e.indexed; i < e.start && i+minMatch <= end; i += 2 {
			e.insertHead(i)
		}
		e.indexed = max(e.indexed, e.start)
	}
	for ; e.indexed < e.start && e.indexed+minMatch <= end; e.indexed++ {
		e.insert(e.indexed)
	}
	e.tokens = e.tokens[:0]
	switch {
	case e.cfg.chain == 0:
		for _, c := range e.buf[e.start:end] {
			e.tokens = append(e.tokens, uint32(c))
		}
	case e.cfg.chain == 1:
		e.fast(end)
	case e.cfg.lazy == 0:
		e.greedy(end)
	default:
		e.lazy(end)
	}
	e.indexed = max(end-minMatch+1, e.start)
	e.writeBlock(e.start, end)
	e.start = end
}

func literal(c byte) uint32 { return uint32(c) }

func match(length, dist int) uint32 {
	return 1<<31 | uint32(length-minLength)<<16 | uint32(dist-1)
}

// fast is greedy with a single candidate per position and no chains: it
// takes the most recent earlier position with the same hash if its first
// four bytes agree.
func (e *Encoder) fast(end int) {
	buf := e.buf[:end]
	lit := e.start // first byte not yet emitted
	for i := e.start; i+minMatch <= end; {
		cur := load32(buf, i)
		h := hash4(cur)
		cand := int(e.head[h]) - e.offset
		e.head[h] = int32(i + e.offset)
		if cand < max(i-e.maxDist, 0) || load32(buf, cand) != cur {
			i++
			continue
		}
		for _, c := range buf[lit:i] {
			e.tokens = append(e.tokens, literal(c))
		}
		maxLen := min(maxMatch, end-i)
		length := minMatch + matchLen(buf[cand+minMatch:cand+maxLen], buf[i+minMatch:i+maxLen])
		e.tokens = append(e.tokens, match(length, i-cand))
		i += length
		lit = i
	}
	for _, c := range buf[lit:end] {
		e.tokens = append(e.tokens, literal(c))
	}
}

// greedy takes the longest match at each position.
func (e *Encoder) greedy(end int) {
	i := e.start
	for i < end {
		if i+minMatch > end {
			e.tokens = append(e.tokens, literal(e.buf[i]))
			i++
			continue
		}
		length, dist := e.findMatch(i, end, e.insert(i), minMatch-1)
		if length < minMatch {
			e.tokens = append(e.tokens, literal(e.buf[i]))
			i++
			continue
		}
		e.tokens = append(e.tokens, match(length, dist))
		if e.cfg.insert {
			for j := i + 1; j < i+length && j+minMatch <= end; j++ {
				e.insert(j)
			}
		}
		i += length
	}
}

// lazy defers each match by one byte to see whether the next position
// starts a longer one (the strategy of RFC 1951, Section 4).
func (e *Encoder) lazy(end int) {
	i := e.start
	havePrev := false
	prevLen, prevDist := 0, 0
	for i < end {
		curLen, curDist := 0, 0
		if i+minMatch <= end {
			cand := e.insert(i)
			if !havePrev || prevLen < e.cfg.lazy {
				curLen, curDist = e.findMatch(i, end, cand, max(prevLen, minMatch-1))
			}
		}
		if havePrev && prevLen >= minMatch && curLen <= prevLen {
			e.tokens = append(e.tokens, match(prevLen, prevDist))
			stop := i - 1 + prevLen
			for j := i + 1; j < stop && j+minMatch <= end; j++ {
				e.insert(j)
			}
			i = stop
			havePrev = false
			continue
		}
		if havePrev {
			e.tokens = append(e.tokens, literal(e.buf[i-1]))
		}
		havePrev, prevLen, prevDist = true, curLen, curDist
		i++
	}
	if havePrev {
		e.tokens = append(e.tokens, literal(e.buf[end-1]))
	}
}

// findMatch follows the chain from cand and returns the longest match for
// position i longer than best, within the window and before end.
func (e *Encoder) findMatch(i, end, cand, best int) (length, dist int) {
	maxLen := min(maxMatch, end-i)
	if best >= maxLen {
		return 0, 0
	}
	lowest := max(i-e.maxDist, 0)
	cur := e.buf[i : i+maxLen]
	for chain := e.cfg.chain; chain > 0 && cand >= lowest && cand < i; chain-- {
		if e.buf[cand+best] == cur[best] {
			if l := matchLen(e.buf[cand:cand+maxLen], cur); l > best {
				best, length, dist = l, l, i-cand
				if l >= e.cfg.nice || l == maxLen {
					break
				}
			}
		}
		next := int(e.prev[cand&(maxDist-1)]) - e.offset
		if next >= cand {
			break
		}
		cand = next
	}
	return length, dist
}

// matchLen returns the length of the common prefix of a and b, which have
// the same length.
func matchLen(a, b []byte) int {
	n := 0
	for len(a)-n >= 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)>>3
		}
		n += 8
	}
	for n < len(a) && a[n] == b[n] {
		n++
	}
	return n
}
