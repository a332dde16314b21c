// Package mask implements the client-to-server masking of RFC 6455,
// Section 5.3.
//
// # Overview
//
// Every frame a client sends carries a 4-byte masking key, and each payload
// byte i is XORed with key byte i mod 4. Masking is its own inverse, so the
// one function [Apply] both masks (client, before sending) and unmasks
// (server, after receiving).
//
// # Chunked payloads
//
// A payload rarely arrives in one buffer. [Apply] takes the key offset to
// start at and returns the offset for the next chunk, so a reader can unmask
// each piece as it lands without copying it together first:
//
//	pos := 0
//	for chunk := range chunks {
//		pos = mask.Apply(key, pos, chunk)
//	}
//
// # Performance
//
// [Apply] works on machine words, never allocates, and touches each byte
// once. The package has no state and imports no I/O packages.
package mask
