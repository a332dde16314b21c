package conn

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"runtime"

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

// Handler returns an http.Handler that accepts each request with opts and
// runs serve on a goroutine of its own, returning from ServeHTTP at once.
// net/http keeps a request's buffers, its header and its connection state
// (about 12 KiB) until ServeHTTP returns, so for a server that holds many
// connections, most of them idle, Handler halves the memory per connection
// (bench/: 9.7 KiB of RSS instead of 19.7 with Accept in a handler that runs
// for the connection's life).
//
// serve gets the request with a context that carries its values but is not
// cancelled when ServeHTTP returns, nor by the http.Server's BaseContext
// (http.Server.Shutdown does not track hijacked connections either): the
// connection's life is serve's, and a server that wants its connections
// closed on shutdown closes them itself. When serve returns the connection
// is closed as by CloseNow, so serve should Close it first to end it with a
// close handshake. A refused request has already had its HTTP error
// response, and serve is not called. A panic in serve is recovered and
// logged, and drops the connection, as net/http does for a panicking
// handler; http.ErrAbortHandler drops it without a log line.
func Handler(opts *AcceptOptions, serve func(c *Conn, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := Accept(w, r, opts)
		if err != nil {
			return
		}
		r = r.WithContext(context.WithoutCancel(r.Context()))
		go func() {
			defer c.CloseNow()
			defer recoverServe(r)
			serve(c, r)
		}()
	})
}

// recoverServe recovers a panic of Handler's serve and logs it where
// net/http logs a handler's: to the server's ErrorLog, else the log package.
func recoverServe(r *http.Request) {
	err := recover()
	if err == nil || err == http.ErrAbortHandler {
		return
	}
	buf := make([]byte, 64<<10)
	buf = buf[:runtime.Stack(buf, false)]
	logf := log.Printf
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok && srv.ErrorLog != nil {
		logf = srv.ErrorLog.Printf
	}
	logf("conn: panic serving WebSocket %v: %v\n%s", r.RemoteAddr, err, buf)
}
