// Package chatserver is the server of the chat example: a single chat room
// that every WebSocket client joins, with a browser page to join it from.
//
// It lives in its own package, apart from the command, so tests (and
// programs of yours) can mount it on any listener.
//
// # Endpoints
//
// A Server is an http.Handler. GET / serves the chat page; /ws is the
// WebSocket endpoint, where the query parameter name chooses the name shown
// to the others (a guest name is made up when it is missing):
//
//	new WebSocket('ws://localhost:8080/ws?name=alice')
//
// Clients send plain text messages of at most MaxMessage bytes. The server
// sends JSON Events: a join notice when someone enters (the newcomer gets
// its own, which tells it the name it was given), every message from every
// member, the sender included, and a leave notice when someone goes. All
// members see all events in the same order, and each member's messages in
// the order it sent them.
//
// # Broadcasting
//
// An event is encoded once, as a conn.PreparedMessage, and the same frame is
// sent to every member. Compression is negotiated without server context
// takeover, so even compressed frames are shared rather than compressed
// again for each connection.
//
// # Slow clients
//
// Each member has a send queue of Options.QueueSize events (default
// DefaultQueueSize, 64) and its own writer goroutine that drains it, so a
// member that reads slowly delays nobody else. Broadcasting never waits: when
// an event finds a member's queue full, that member is removed from the room
// at once (the others get a leave notice with the reason ReasonTooSlow) and
// the connection is closed with 1013 (Try Again Later) and the reason
// CloseReasonTooSlow. The Close frame goes out after the write in flight;
// if the client does not read it within the close timeout (5 seconds), the
// connection is dropped. Events still in its queue are discarded. A single
// write that cannot finish within 10 seconds also drops the connection.
//
// # Security
//
// Browsers are only let in from pages the server served itself (the origin
// check of conn.Accept); Options.OriginPatterns lists other allowed origins.
// Every text a client controls (names, messages) is sent inside JSON and
// shown by the page as text, never as HTML.
package chatserver
