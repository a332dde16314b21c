// Package keepalive holds the two halves of the heartbeat example: a server
// that notices clients which vanished without closing, and a client that
// keeps coming back when the server goes away.
//
// It lives in its own package, apart from the command, so tests (and
// programs of yours) can run both halves in-process.
//
// # Dead peers
//
// A peer can disappear without a Close frame or even a TCP reset: a laptop
// lid shuts, a NAT forgets the mapping, a cable is pulled. Reads then just
// wait. The Server sets conn.Options.HeartbeatInterval and
// HeartbeatTimeout: when nothing has arrived from a client for the
// interval, the connection sends a Ping, and when nothing (the Pong or
// anything else) arrives within the timeout after it, the connection fails
// with conn.ErrHeartbeatTimeout. The Server logs that the client was dropped
// as dead. A dead client is thus gone between Interval+Timeout and
// 2·Interval+Timeout after its last frame.
//
// Pongs are only seen while a goroutine reads, so both halves keep one
// reading for the life of each connection.
//
// # Reconnecting
//
// RunClient connects, reads until the connection ends, and connects again,
// waiting between attempts as a Backoff says: exponentially longer after each
// consecutive failure, up to a cap, with random jitter so that many clients
// cut off at once do not all return at the same instant. A connection that
// lasted at least the cap resets the backoff; one that ended sooner counts as
// one more failure, so a server that accepts and drops at once is not
// hammered. The client can use heartbeats too, to notice a dead server.
package keepalive
