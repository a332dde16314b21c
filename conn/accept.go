package conn

import (
	"fmt"
	"net/http"

	"github.com/hybi-go/websocket/handshake"
	"github.com/hybi-go/websocket/internal/deflate"
)

// Accept upgrades an HTTP request to a WebSocket connection, as the server
// (RFC 6455, Section 4.2). It checks the request (a browser request from
// another origin is refused unless opts allow it), chooses the subprotocol,
// negotiates compression when opts.Compression is set, writes the 101
// response and takes over the connection. On refusal it has already written
// the HTTP error response and returns an error matching the handshake
// package's errors (errors.Is, errors.As with *handshake.RequestError).
// A nil opts means the defaults.
func Accept(w http.ResponseWriter, r *http.Request, opts *AcceptOptions) (*Conn, error) {
	if opts == nil {
		opts = &AcceptOptions{}
	}
	var agreed deflate.Params
	var compress bool
	so := &handshake.ServerOptions{
		Subprotocols:            opts.Subprotocols,
		OriginPatterns:          opts.OriginPatterns,
		InsecureSkipOriginCheck: opts.InsecureSkipOriginCheck,
		Extensions:              serverExtensions(opts.Compression, &agreed, &compress),
		Header:                  opts.Header,
	}
	nc, leftover, res, err := handshake.Upgrade(w, r, so)
	if err != nil {
		return nil, fmt.Errorf("conn: accept: %w", err)
	}
	cfg := &Config{Options: opts.Options, Subprotocol: res.Subprotocol, Buffered: leftover}
	var params *deflate.Params
	if compress {
		params = &agreed
	}
	return newConn(nc, cfg, params, opts.Compression), nil
}
