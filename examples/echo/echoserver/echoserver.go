// Package echoserver is the server of the echo example: one handler that
// serves a WebSocket echo endpoint and, to plain GET requests on the same
// path, the HTML page that talks to it.
//
// It lives in its own package, apart from the command, so tests (and
// programs of yours) can mount it on any listener.
package echoserver

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hybi-go/websocket/conn"
)

// Welcome is the first message every connection receives.
const Welcome = "Welcome to the WebSocket server!"

// ReplyPrefix starts every reply; the received message follows it.
const ReplyPrefix = "Hello, you sent -> "

// ReadLimit is the largest message the server accepts, in bytes. A larger
// one fails the connection with close code 1009 (Message Too Big).
const ReadLimit = 4 << 20

// writeTimeout bounds each reply, so a client that stops reading cannot pin
// the connection's goroutine forever. When it passes the connection is
// dropped.
const writeTimeout = 10 * time.Second

//go:embed index.html
var page []byte

// Options configure a Server. A nil *Options means the defaults.
type Options struct {
	// OriginPatterns are extra origins allowed to connect besides the
	// server's own pages, as conn.AcceptOptions.OriginPatterns
	// ("localhost:*", "*.example.com"). Default: none.
	OriginPatterns []string

	// Subprotocols the server agrees to, in order of preference. Default:
	// none, so a client offering subprotocols gets none.
	Subprotocols []string

	// Logger receives a line per connection, message and close. Default:
	// nothing is logged.
	Logger *log.Logger
}

// Server is the echo handler. Create it with New.
type Server struct {
	accept conn.AcceptOptions
	log    *log.Logger
	conns  sync.WaitGroup
}

// New returns a Server configured by opts.
func New(opts *Options) *Server {
	if opts == nil {
		opts = &Options{}
	}
	s := &Server{log: opts.Logger}
	s.accept = conn.AcceptOptions{
		Options: conn.Options{
			ReadLimit:   ReadLimit,
			Compression: &conn.CompressionOptions{},
		},
		Subprotocols:   opts.Subprotocols,
		OriginPatterns: opts.OriginPatterns,
	}
	return s
}

// ServeHTTP answers a WebSocket handshake by echoing messages until the
// client leaves, and any other GET or HEAD with the HTML page. When the
// request's context ends (the http.Server's BaseContext is cancelled), the
// connection is closed with 1001 (Going Away).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isUpgrade(r) {
		s.servePage(w, r)
		return
	}
	// Counted before Accept, so that Wait after Shutdown cannot miss a
	// connection being upgraded.
	s.conns.Add(1)
	defer s.conns.Done()
	c, err := conn.Accept(w, r, &s.accept)
	if err != nil {
		// Accept has already answered with the HTTP error.
		s.logf("refused %s: %v", r.RemoteAddr, err)
		return
	}
	s.logf("connection from %s (subprotocol %q)", r.RemoteAddr, c.Subprotocol())
	stop := context.AfterFunc(r.Context(), func() {
		_ = c.Close(conn.StatusGoingAway, "server shutting down")
	})
	defer stop()
	s.echo(c)
	st, _ := c.CloseStatus()
	s.logf("closed %s: code %d, reason %q, clean %v", r.RemoteAddr, uint16(st.Code), st.Reason, st.WasClean)
}

// Wait blocks until every WebSocket connection the server accepted has
// ended. Call it after http.Server.Shutdown, which does not track them.
func (s *Server) Wait() { s.conns.Wait() }

// Reply returns the answer to a message.
func Reply(msg []byte) []byte {
	return append([]byte(ReplyPrefix), msg...)
}

func (s *Server) echo(c *conn.Conn) {
	defer c.CloseNow()
	if err := s.write(c, conn.MessageText, []byte(Welcome)); err != nil {
		return
	}
	var buf []byte
	for {
		// No deadline on the read: it ends when the connection does, and
		// the client may be quiet for as long as it likes.
		typ, msg, err := c.ReadAppend(context.Background(), buf[:0])
		if err != nil {
			var ce *conn.CloseError
			if !errors.As(err, &ce) {
				s.logf("read: %v", err)
			}
			return
		}
		buf = msg
		s.logf("received: %s", summary(typ, msg))
		if err := s.write(c, typ, Reply(msg)); err != nil {
			s.logf("write: %v", err)
			return
		}
	}
}

func (s *Server) write(c *conn.Conn, typ conn.MessageType, p []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	return c.Write(ctx, typ, p)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'")
	_, _ = w.Write(page)
}

func (s *Server) logf(format string, args ...any) {
	if s.log != nil {
		s.log.Printf(format, args...)
	}
}

// isUpgrade reports whether r asks for a WebSocket. Requests that only look
// like one are left to conn.Accept, which refuses them with a precise error.
func isUpgrade(r *http.Request) bool {
	for _, v := range r.Header.Values("Upgrade") {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "websocket") {
				return true
			}
		}
	}
	return false
}

// summary shortens a message for the log, quoted so a message cannot
// forge log lines.
func summary(typ conn.MessageType, msg []byte) string {
	const max = 200
	switch {
	case typ == conn.MessageBinary:
		return fmt.Sprintf("binary, %d bytes", len(msg))
	case len(msg) > max:
		return fmt.Sprintf("%q... (%d bytes)", strings.ToValidUTF8(string(msg[:max]), ""), len(msg))
	}
	return fmt.Sprintf("%q", msg)
}
