package mask

import "encoding/binary"

// Apply XORs b in place with the masking key, starting at key offset pos, and
// returns the key offset for the byte that follows b. Offsets are taken mod 4,
// so any pos is accepted (a negative pos is taken as its residue in 0..3).
// Masking and unmasking are the same operation.
//
// A payload can be masked in pieces by threading the returned offset:
//
//	pos := 0
//	pos = mask.Apply(key, pos, chunk1)
//	pos = mask.Apply(key, pos, chunk2)
//
// Apply does not allocate and does not retain b. It is safe for concurrent
// use on distinct slices.
func Apply(key [4]byte, pos int, b []byte) int {
	// RFC 6455, Section 5.3: octet i of the payload is XORed with octet
	// i MOD 4 of the masking key.
	pos &= 3
	next := (pos + len(b)) & 3
	// Rotate the key so that byte lane 0 of the word lines up with b[0];
	// every later word starts at a multiple of 8, which keeps the lanes aligned.
	k := binary.LittleEndian.Uint32(key[:])
	k = k>>(8*pos) | k<<(32-8*pos)
	k64 := uint64(k) | uint64(k)<<32
	if hasVector && len(b) >= vectorMin {
		applyVector(k64, b)
	} else {
		applyGeneric(k64, b)
	}
	return next
}

// applyGeneric masks b with the pre-rotated, widened key k64, 8 bytes at a time.
func applyGeneric(k64 uint64, b []byte) {
	for len(b) >= 64 {
		v := b[:64:64]
		binary.LittleEndian.PutUint64(v[0:], binary.LittleEndian.Uint64(v[0:])^k64)
		binary.LittleEndian.PutUint64(v[8:], binary.LittleEndian.Uint64(v[8:])^k64)
		binary.LittleEndian.PutUint64(v[16:], binary.LittleEndian.Uint64(v[16:])^k64)
		binary.LittleEndian.PutUint64(v[24:], binary.LittleEndian.Uint64(v[24:])^k64)
		binary.LittleEndian.PutUint64(v[32:], binary.LittleEndian.Uint64(v[32:])^k64)
		binary.LittleEndian.PutUint64(v[40:], binary.LittleEndian.Uint64(v[40:])^k64)
		binary.LittleEndian.PutUint64(v[48:], binary.LittleEndian.Uint64(v[48:])^k64)
		binary.LittleEndian.PutUint64(v[56:], binary.LittleEndian.Uint64(v[56:])^k64)
		b = b[64:]
	}
	for len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k64)
		b = b[8:]
	}
	if len(b) >= 4 {
		binary.LittleEndian.PutUint32(b, binary.LittleEndian.Uint32(b)^uint32(k64))
		b = b[4:]
	}
	for i := range b {
		b[i] ^= byte(k64 >> (8 * i))
	}
}
