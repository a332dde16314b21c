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
// [Apply] never allocates and touches each byte once. On amd64 with AVX2
// it masks 128 bytes per loop iteration with 32-byte-aligned stores; on other
// machines, or when built with the purego tag, it XORs 64 bytes per iteration
// as eight 64-bit words. Both paths are checked against a byte-at-a-time
// reference for every length up to 300, every key offset and every
// misalignment. The package has no state and imports no I/O packages.
package mask
