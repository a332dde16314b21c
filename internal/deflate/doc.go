// Package deflate implements the permessage-deflate WebSocket extension of
// RFC 7692: negotiating its parameters in the opening handshake and
// compressing and inflating message payloads. It does no I/O beyond the
// io.Reader and io.Writer it is handed; package conn moves the frames.
//
// # Negotiation
//
// A client sends [ClientOffers] in its Sec-WebSocket-Extensions header and
// checks the server's answer with [ClientAccept]. A server answers with
// [ServerNegotiate], which walks the client's offers in order and accepts
// the first one it can honour. Both produce [Params], the agreement for one
// connection.
//
// # Messages
//
// Each direction of a connection gets one [Compressor] (on the sending side)
// and one [Decompressor] (on the receiving side). A client compresses with
// the client_* parameters and inflates with the server_* ones; a server does
// the opposite:
//
//	c := deflate.NewCompressor(level, p.ServerMaxWindowBits, !p.ServerNoContextTakeover) // server side
//	d := deflate.NewDecompressor(p.ClientMaxWindowBits, !p.ClientNoContextTakeover)
//
// [Compressor.AppendMessage] turns a whole message into the payload of a
// frame with RSV1 set, without the 00 00 ff ff that ends every compressed
// message on the wire (RFC 7692, Section 7.2.1). [Decompressor.Reader]
// streams one message's bytes back out of the concatenated payloads of its
// frames, stopping with [ErrTooLarge] the moment the caller's limit is
// passed, so a small "deflate bomb" can never inflate to gigabytes.
//
// # Memory
//
// An idle connection keeps only the history that context takeover needs: the
// peer's window (up to 32 KiB) for inflating and a [DictionarySize] (4 KiB)
// dictionary for compressing, about 38 KiB in all with 15-bit windows (see
// TestIdleMemory and BenchmarkConn_IdleMemory). With a full 32 KiB window
// the Decompressor inflates straight into that history, so no window is
// copied per message. Encoder and inflater tables, and a 32 KiB window for
// smaller agreed windows, are borrowed from pools while a message is in
// flight. Without context takeover an idle connection keeps nothing.
//
// # Small windows
//
// When the peer limits our window with server_max_window_bits or
// client_max_window_bits, the Compressor never refers further back than
// 2^bits bytes, down to 256 bytes for 8 bits. zlib cannot compress with an
// 8-bit window and silently uses 9 bits, so a peer built on zlib may refer up
// to 512 bytes back after agreeing to 8: the Decompressor tolerates that by
// keeping at least 512 bytes of history. Within a message the Decompressor
// accepts any distance DEFLATE allows; it does not police the peer's window.
package deflate
