// Package protocol holds hybi's sans-I/O WebSocket rules: the inbound
// machine that judges each received frame header and payload against the
// connection's state (RFC 6455, Sections 5 and 8.1), the outbound machine
// that orders sent frames, and the one table that maps every failure to the
// close code sent to the peer. Nothing here touches a socket, a clock or a
// lock; package conn moves the bytes and calls in.
package protocol
