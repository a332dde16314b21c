// Package handshake implements the WebSocket opening handshake of RFC 6455,
// Section 4, for both roles, on top of net/http. It hands over a raw
// connection; framing is the business of the packages built on it.
//
// # Server
//
// Upgrade turns an HTTP request into a WebSocket connection from inside an
// ordinary http.Handler:
//
//	func serve(w http.ResponseWriter, r *http.Request) {
//		c, leftover, res, err := handshake.Upgrade(w, r, &handshake.ServerOptions{
//			Subprotocols: []string{"chat.v2", "chat.v1"},
//		})
//		if err != nil {
//			return // the HTTP error is already written
//		}
//		defer c.Close()
//		// The WebSocket stream is leftover followed by c.
//	}
//
// Upgrade validates the request (method, HTTP version, Host, Upgrade and
// Connection tokens, Sec-WebSocket-Key and -Version), checks the origin,
// chooses a subprotocol, lets the Extensions hook accept extensions, hijacks
// the connection and writes the 101 response. Every refusal is answered with
// an HTTP status and a text/plain reason, and returned as a *RequestError
// that matches a sentinel such as ErrBadOrigin with errors.Is. CheckRequest
// runs the same validation without writing anything, for servers that want
// to decide for themselves.
//
// # Origin
//
// Browsers let any page open a WebSocket to any server, sending the user's
// cookies along. By default Upgrade therefore accepts an Origin header only
// when its host equals the request's Host; list other sites in
// ServerOptions.OriginPatterns ("*.example.com", "localhost:*"). Requests
// without Origin come from programs, not browsers, and are accepted.
// InsecureSkipOriginCheck turns the check off.
//
// # Client
//
// Dial sends the upgrade request through an *http.Client, so proxies
// (HTTP_PROXY, HTTPS_PROXY and NO_PROXY by default), TLS settings and custom
// dialers come from its transport:
//
//	rwc, resp, res, err := handshake.Dial(ctx, "wss://example.com/chat", &handshake.ClientOptions{
//		Header:       http.Header{"Origin": {"https://example.com"}},
//		Subprotocols: []string{"chat.v2"},
//	})
//
// The context bounds the handshake only. When the server refuses, err
// matches ErrBadStatus and resp holds the status, headers and the start of
// the body. A 101 is checked by CheckResponse: the Sec-WebSocket-Accept
// value, and a subprotocol and extensions that were offered.
//
// # Extensions
//
// The Sec-WebSocket-Extensions header is parsed by ParseExtensions into a
// list of Extension values and written back by AppendExtensions. The
// handshake only checks the grammar and that the server accepts nothing the
// client did not offer; the meaning of the parameters is negotiated by the
// extension itself, through ServerOptions.Extensions on the server and
// Result.Extensions on the client.
package handshake
