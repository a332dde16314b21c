package flate

// RFC 1951, Section 3.2.5: length and distance codes.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// RFC 1951, Section 3.2.7: the order in which code length code lengths are
// sent.
var codeLengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

var (
	lengthCode   [256]uint8 // by length-3
	distCodeLow  [256]uint8 // by dist-1 for dist <= 256
	distCodeHigh [256]uint8 // by (dist-1)>>7 for dist > 256
	fixedLit     [288]code
	fixedDist    [30]code
)

func init() {
	for c := range lengthBase {
		n := 1 << lengthExtra[c]
		for l := int(lengthBase[c]); l < int(lengthBase[c])+n && l <= maxMatch; l++ {
			lengthCode[l-minLength] = uint8(c)
		}
	}
	// 258 has its own code (28) although 227+31 would reach it via 27.
	lengthCode[maxMatch-minLength] = 28
	for c := range distBase {
		n := 1 << distExtra[c]
		for d := int(distBase[c]); d < int(distBase[c])+n; d++ {
			if d <= 256 {
				distCodeLow[d-1] = uint8(c)
			} else {
				distCodeHigh[(d-1)>>7] = uint8(c)
			}
		}
	}
	lens := fixedLitLengths()
	assignCodes(fixedLit[:], lens[:])
	var dlens [30]uint8
	for i := range dlens {
		dlens[i] = 5
	}
	assignCodes(fixedDist[:], dlens[:])
}

// fixedLitLengths returns the code lengths of the fixed literal/length
// code (RFC 1951, Section 3.2.6).
func fixedLitLengths() [288]uint8 {
	var lens [288]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	return lens
}

func distCode(dist int) uint8 {
	if dist <= 256 {
		return distCodeLow[dist-1]
	}
	return distCodeHigh[(dist-1)>>7]
}
