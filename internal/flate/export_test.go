package flate

// SetOffset moves the table offset, so tests can reach the rebasing that
// otherwise happens after a gigabyte of input.
func (e *Encoder) SetOffset(offset int) { e.offset = offset }
