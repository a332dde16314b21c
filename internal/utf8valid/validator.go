package utf8valid

// Validator checks UTF-8 incrementally, for a text message that arrives in
// fragments whose boundaries may fall inside a character (RFC 6455,
// Section 5.6 requires the whole message to be valid UTF-8, and Section 8.1
// lets the endpoint fail as soon as it sees an invalid sequence).
//
// The zero value is ready to use. A Validator holds one byte of state and no
// buffers; the chunks passed to Write are not retained. It is not safe for
// concurrent use.
type Validator struct {
	s uint8 // automaton state; the zero value is sAccept
}

// Write feeds the next chunk. It returns false as soon as the bytes fed so far
// cannot be the prefix of valid UTF-8, that is on the chunk that contains the
// first byte at which no valid continuation exists, and keeps returning false
// until Reset. A chunk may end inside a character: Write then returns true and
// waits for the rest.
func (v *Validator) Write(p []byte) bool {
	s := run(state(v.s), p)
	v.s = uint8(s)
	return s != sReject
}

// Done reports whether everything fed since the last Reset is valid and
// complete, with no character left unfinished. Call it at the end of a
// message.
func (v *Validator) Done() bool {
	return state(v.s) == sAccept
}

// Reset returns v to its zero state, ready for a new message.
func (v *Validator) Reset() {
	*v = Validator{}
}
