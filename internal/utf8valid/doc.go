// Package utf8valid validates UTF-8 for text messages (RFC 6455,
// Section 8.1), whole or arriving in fragments.
//
// # Whole messages
//
// [Valid] answers exactly as [unicode/utf8.Valid] does, for every input, and
// is faster on text that is not pure ASCII.
//
// # Fragmented messages
//
// A character may be split across fragments, and an endpoint should fail the
// connection as soon as the text cannot be valid, without waiting for the
// final fragment. [Validator] carries the position inside the current
// character from one [Validator.Write] to the next:
//
//	var v utf8valid.Validator
//	for each fragment p {
//		if !v.Write(p) {
//			// fail the connection with status 1007
//		}
//	}
//	if !v.Done() {
//		// the message ended inside a character: also 1007
//	}
//
// # How it works
//
// On amd64 with AVX2, whole texts of 32 bytes or more are checked 32 bytes
// at a time by the lookup algorithm of Keiser and Lemire (pair.go explains
// the tables). Elsewhere, or when built with the purego tag, a small
// deterministic automaton over bytes (dfa.go) does the work, running two
// halves of the text side by side, after skipping ASCII 32 bytes at a time.
//
// The automaton also carries a [Validator] across chunk boundaries: its state
// is the position inside the current character, and it rejects at the first
// byte after which no valid text can follow. The package has no dependencies
// beyond the standard library and does no I/O.
package utf8valid
