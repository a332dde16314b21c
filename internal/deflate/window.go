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
