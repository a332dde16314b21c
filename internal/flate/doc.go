// Package flate is a DEFLATE (RFC 1951) compressor and inflater written for
// permessage-deflate: it bounds how far back its matches reach, so it can
// honour a peer's server_max_window_bits or client_max_window_bits below 15
// (down to 256 bytes, which zlib cannot do), and it starts a stream from a
// caller-held dictionary, so a connection need not pin a compressor between
// messages.
//
// # Use
//
// An [Encoder] holds about 450 KiB of tables and buffers. Keep Encoders in a
// sync.Pool, Reset one per message with the level, window and the previous
// messages' tail as dictionary, feed it with [Encoder.AppendWrite], end with
// [Encoder.AppendFlush], and save [Encoder.History] for the next message:
//
//	e.Reset(level, windowBits, dict)
//	out = e.AppendWrite(out, msg)
//	out = e.AppendFlush(out) // ends like a sync flush without 00 00 ff ff
//	dict = append(dict[:0], e.History(4<<10)...)
//
// # Inflating
//
// A [Decoder] inflates into a caller-held [Window], the ring of recent
// output that back-references resolve against. A connection with context
// takeover keeps one Window between messages and the Decoder writes straight
// into it, so no history is copied per message; the Decoder itself (about
// 6 KiB of tables) is pooled like the Encoder:
//
//	d.Reset(payloadWithTail, &win)
//	n, err := d.Read(p) // io.EOF after the final block
//
// It accepts exactly the streams compress/flate accepts (FuzzDecoder holds
// it to that) and inflates no further ahead than the caller reads.
//
// # Format
//
// Input is coded in blocks of up to 64 KiB, each as the smallest of a
// dynamic Huffman, fixed Huffman or stored block. Blocks are never final.
// Matches are at least 4 bytes long. Level 1 keeps one candidate per hash
// and indexes only every other position of the dictionary, which is what
// bounds the cost of a short message after a long dictionary; levels 2-3
// take the longest match along a hash chain, levels 4-9 look one byte
// ahead, and higher levels search longer chains. The output decodes with any inflater, including
// compress/flate and zlib.
package flate
