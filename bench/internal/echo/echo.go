// Package echo holds one WebSocket echo server per library under test, each
// written the way that library's own documentation and users write it, so
// that the benchmarks compare what an application would get.
//
// Every server echoes each data message back with the same type. Servers
// validate UTF-8 on text where their library offers it and negotiate
// permessage-deflate when Options.Compress is set and the library supports it.
package echo

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"time"
)

// Options configure an echo server.
type Options struct {
	// Compress offers permessage-deflate with context takeover where the
	// library supports it (gorilla only without takeover). Default off.
	Compress bool
}

// ErrUnknownLib is returned by Serve for a library name not in Libs.
var ErrUnknownLib = errors.New("echo: unknown library")

// ErrNoCompression is returned by Serve when Options.Compress is set for a
// server that cannot compress.
var ErrNoCompression = errors.New("echo: library has no permessage-deflate")

type server struct {
	name     string
	compress bool // supports permessage-deflate
	raw      bool // speaks plain TCP, no handshake
	// Exactly one of handler and serveConn is set: HTTP servers upgrade in
	// an http.Handler, the others take the accepted connection themselves.
	handler   func(Options) http.Handler
	serveConn func(net.Conn)
}

var servers = []server{
	{name: "hybi", compress: true, handler: hybiRead},
	{name: "hybi-append", compress: true, handler: hybiAppend},
	{name: "gorilla", compress: true, handler: gorillaEcho},
	{name: "coder", compress: true, handler: coderEcho},
	{name: "gws", compress: true, handler: gwsEcho},
	{name: "gobwas-loop", serveConn: gobwasLoop},
	{name: "gobwas-wsutil", handler: gobwasWsutil},
	{name: "tcp", raw: true, serveConn: tcpEcho},
}

// Libs lists the server names Serve accepts, in a stable order.
func Libs() []string {
	names := make([]string, len(servers))
	for i, s := range servers {
		names[i] = s.name
	}
	return names
}

// CanCompress reports whether lib's server negotiates permessage-deflate.
func CanCompress(lib string) bool {
	i := slices.IndexFunc(servers, func(s server) bool { return s.name == lib })
	return i >= 0 && servers[i].compress
}

// IsRaw reports whether lib is plain TCP: its clients skip the handshake.
func IsRaw(lib string) bool {
	i := slices.IndexFunc(servers, func(s server) bool { return s.name == lib })
	return i >= 0 && servers[i].raw
}

// Serve runs lib's echo server on ln until ln is closed, and returns the
// error that ended the accept loop.
func Serve(ln net.Listener, lib string, opts *Options) error {
	var o Options
	if opts != nil {
		o = *opts
	}
	i := slices.IndexFunc(servers, func(s server) bool { return s.name == lib })
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrUnknownLib, lib)
	}
	s := servers[i]
	if o.Compress && !s.compress {
		return fmt.Errorf("%w: %s", ErrNoCompression, lib)
	}
	if s.handler != nil {
		srv := &http.Server{Handler: s.handler(o), ReadHeaderTimeout: 10 * time.Second}
		return srv.Serve(ln)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go s.serveConn(c)
	}
}

// Start serves lib on a free loopback port in the background, for tests and
// in-process measurements. It returns the address and a stop function that
// closes the listener and waits for the accept loop to end; connections
// already accepted end when their clients close.
func Start(lib string, opts *Options) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = Serve(ln, lib, opts)
	}()
	return ln.Addr().String(), func() {
		ln.Close()
		<-done
	}, nil
}
