package suite

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"unicode/utf8"
)

// How many bytes of a payload the reports show: the wire log shows more
// than the event lists, as in the official reports.
const (
	maxLogData   = 256
	maxEventData = 64
)

// repeat returns pattern repeated and cut to n bytes.
func repeat(pattern []byte, n int) []byte {
	if len(pattern) == 0 {
		return make([]byte, n)
	}
	return bytes.Repeat(pattern, n/len(pattern)+1)[:n]
}

// newKey returns a masking key from crypto/rand (RFC 6455, Section 5.3).
func newKey() [4]byte {
	var k [4]byte
	_, _ = rand.Read(k[:])
	return k
}

func hexString(b []byte) string { return hex.EncodeToString(b) }

// logData renders a payload for the wire log as [length, logText].
func logData(b []byte) []any { return []any{len(b), logText(b, maxLogData)} }

// logText renders at most max bytes of a payload for a report: valid
// UTF-8 as text, anything else as 0x-prefixed hex.
func logText(b []byte, max int) string {
	cut := b
	suffix := ""
	if len(cut) > max {
		cut, suffix = cut[:max], " ..."
	}
	if utf8.Valid(cut) {
		return string(cut) + suffix
	}
	return "0x" + hex.EncodeToString(cut) + suffix
}

// logOctets renders raw wire bytes as [length, hex].
func logOctets(b []byte) []any {
	cut := b
	suffix := ""
	if len(cut) > maxLogData {
		cut, suffix = cut[:maxLogData], " ..."
	}
	return []any{len(b), hex.EncodeToString(cut) + suffix}
}

func nullInt(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// truncate cuts s to at most n bytes without splitting a code point.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func itoa(n int) string { return strconv.Itoa(n) }
