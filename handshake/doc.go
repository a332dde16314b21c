// Package handshake implements the WebSocket opening handshake of RFC 6455,
// Section 4, for both roles, on top of net/http.
//
// # Extensions
//
// The Sec-WebSocket-Extensions header is parsed by ParseExtensions into a list
// of Extension values and written back by AppendExtensions. Negotiating the
// meaning of the parameters is left to the extension itself.
package handshake
