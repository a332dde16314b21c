package utf8valid

// Valid reports whether b is entirely well-formed UTF-8. It gives the same
// answer as [unicode/utf8.Valid] for every input: surrogate halves
// (U+D800..U+DFFF), overlong encodings, code points above U+10FFFF and
// truncated sequences are all invalid.
func Valid(b []byte) bool {
	return run(sAccept, b) == sAccept
}

// run advances s over p and returns the final state (low 6 bits only).
func run(s state, p []byte) state {
	return step(s, p)
}
