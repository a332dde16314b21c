package handshake

import "strings"

// tokenTable marks the tchar set of RFC 7230, Section 3.2.6.
var tokenTable = [256]bool{
	'!': true, '#': true, '$': true, '%': true, '&': true, '\'': true, '*': true,
	'+': true, '-': true, '.': true, '^': true, '_': true, '`': true, '|': true, '~': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true, 'h': true, 'i': true,
	'j': true, 'k': true, 'l': true, 'm': true, 'n': true, 'o': true, 'p': true, 'q': true, 'r': true,
	's': true, 't': true, 'u': true, 'v': true, 'w': true, 'x': true, 'y': true, 'z': true,
	'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true, 'H': true, 'I': true,
	'J': true, 'K': true, 'L': true, 'M': true, 'N': true, 'O': true, 'P': true, 'Q': true, 'R': true,
	'S': true, 'T': true, 'U': true, 'V': true, 'W': true, 'X': true, 'Y': true, 'Z': true,
}

func isTokenChar(c byte) bool { return tokenTable[c] }

// isToken reports whether s is a non-empty HTTP token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenTable[s[i]] {
			return false
		}
	}
	return true
}

// isQDText reports whether c may appear unescaped in a quoted-string
// (RFC 7230, Section 3.2.6: HTAB, SP, VCHAR except '"' and '\', obs-text).
func isQDText(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c != 0x7f)
}

// isQuotedPairChar reports whether c may follow a backslash in a
// quoted-string (HTAB, SP, VCHAR, obs-text).
func isQuotedPairChar(c byte) bool {
	return c == '\t' || (c >= 0x20 && c != 0x7f)
}

// hasToken reports whether any comma-separated element of any of values
// equals token, ignoring case and surrounding whitespace. Upgrade and
// Connection are such lists and may be split over several header lines
// (RFC 7230, Section 3.2.2).
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for elem := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.Trim(elem, " \t"), token) {
				return true
			}
		}
	}
	return false
}

// listElements returns the trimmed, non-empty comma-separated elements of
// every value, in order.
func listElements(values []string) []string {
	var elems []string
	for _, v := range values {
		for elem := range strings.SplitSeq(v, ",") {
			if elem = strings.Trim(elem, " \t"); elem != "" {
				elems = append(elems, elem)
			}
		}
	}
	return elems
}
