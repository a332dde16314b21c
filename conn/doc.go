// Package conn is hybi's WebSocket connection (RFC 6455): the same Conn type
// for servers and clients, with the close handshake, heartbeats and
// permessage-deflate (RFC 7692) built in.
//
// # Overview
//
// A server upgrades an HTTP request with [Accept]; a client connects with
// [Dial]. Both return a *Conn:
//
//	http.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
//		c, err := conn.Accept(w, r, nil)
//		if err != nil {
//			return // Accept has already answered with an HTTP error
//		}
//		defer c.CloseNow()
//		for {
//			typ, msg, err := c.Read(r.Context())
//			if err != nil {
//				return
//			}
//			if err := c.Write(r.Context(), typ, msg); err != nil {
//				return
//			}
//		}
//	})
//
//	c, _, err := conn.Dial(ctx, "ws://127.0.0.1:8080/ws", nil)
//	if err != nil { ... }
//	defer c.CloseNow()
//	err = c.Write(ctx, conn.MessageText, []byte("hello"))
//
// A handler like this one keeps net/http's request buffers and state (about
// 12 KiB) alive for the connection's whole life. A server that holds many
// connections, most of them idle, should use [Handler] instead: it accepts,
// returns from ServeHTTP at once and runs the connection on a goroutine of
// its own, which halves the memory an idle connection costs:
//
//	http.Handle("/ws", conn.Handler(nil, func(c *conn.Conn, r *http.Request) {
//		for {
//			typ, msg, err := c.Read(r.Context())
//			...
//		}
//	}))
//
// [New] wraps any other full-duplex byte stream whose handshake is done
// elsewhere (net.Pipe in tests, an HTTP/2 stream).
//
// # Messages
//
// A message is text ([MessageText], UTF-8) or binary ([MessageBinary]).
// Read it whole with [Conn.Read], into a buffer you reuse with
// [Conn.ReadAppend], or as a stream with [Conn.Reader]. Write it whole with
// [Conn.Write] or stream it with [Conn.Writer], which sends a fragment each
// time its buffer fills and the final one on Close. Received text is checked
// as UTF-8 as it arrives, across fragments, and the connection fails with
// 1007 at the first invalid byte (RFC 6455, Section 8.1).
//
// # Control frames
//
// Pings are answered with Pongs automatically, also between the fragments of
// a message. [Conn.Ping] sends a Ping and waits for its Pong. Options.OnPing
// and Options.OnPong observe them. Control frames are read by whoever is
// reading messages: keep a goroutine reading for as long as the connection
// lives, even if you expect no messages.
//
// # Heartbeats
//
// Set Options.HeartbeatInterval to detect dead peers: when nothing has
// arrived for that long the connection pings, and when nothing arrives within
// HeartbeatTimeout after that it ends with [ErrHeartbeatTimeout].
//
// # Concurrency
//
// One goroutine reads at a time. Any number of goroutines may call Write,
// Writer, Ping, Close and CloseNow: whole messages go out atomically, one
// after another. Every blocking method takes a context: when the context
// ends before the call does, the connection is closed, because a frame cut
// in half cannot be resumed (Ping is the exception: its wait for the Pong
// just ends).
//
// # Closing
//
// [Conn.Close] runs the closing handshake: it sends a Close frame with your
// code and reason, waits up to Options.CloseTimeout for the peer's Close,
// and closes the stream. [Conn.CloseNow] drops the connection at once. When
// the peer closes, the read methods return a [*CloseError] with its code and
// reason, after answering with the same code. Afterwards [Conn.CloseStatus]
// reports the code, the reason and whether the close was clean, like the
// browser's CloseEvent.
//
// # Errors
//
// The first error ends the connection and every later call returns it.
// A peer's Close is a *CloseError. A protocol violation we detected is a
// [*FailError] holding the close code we sent: 1002 for a broken frame, 1007
// for invalid UTF-8 or compressed data, 1009 for a message over the limit.
// A context that ended is returned as its error; a closed connection as an
// error wrapping [ErrClosed].
//
// # Limits
//
// Options.ReadLimit (default 32 MiB) bounds a message after decompression:
// a larger one fails with 1009 as soon as the limit is passed, and a length
// declared by the peer never decides an allocation. Options.MaxFrames bounds
// the fragments of one message. Handshakes are bounded by the Dial context or
// the http.Server's timeouts, the close handshake by Options.CloseTimeout.
// As RFC 6455 requires of clients, Dial runs one handshake at a time per
// host and port; concurrent Dials to one server wait their turn (within
// their context) unless DialOptions.ConcurrentHandshakes is set.
//
// # Compression
//
// Set Options.Compression on both sides to negotiate permessage-deflate.
// Messages shorter than CompressionOptions.Threshold go out uncompressed. An
// idle connection keeps only the window that context takeover needs; the
// compressor and inflater state is borrowed while a message is in flight.
// Received compressed messages count against ReadLimit as they inflate, so
// a small "deflate bomb" stops at the limit.
//
// # Security
//
// Accept refuses browser requests whose Origin is not the request's own host
// (cross-site WebSocket hijacking) unless AcceptOptions.OriginPatterns allows
// it; AcceptOptions.InsecureSkipOriginCheck turns the check off. Clients mask
// every frame with keys from a generator seeded by crypto/rand.
package conn
