package keepalive

import (
	"context"
	"errors"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/hybi-go/websocket/conn"
)

// Defaults for ServerOptions and ClientOptions.
const (
	DefaultInterval   = 5 * time.Second
	DefaultMinBackoff = 250 * time.Millisecond
	DefaultMaxBackoff = 30 * time.Second
)

// Welcome is the first message the server sends on every connection.
const Welcome = "connected; the server pings when you are quiet"

// writeTimeout bounds each reply, so a client that stops reading cannot pin
// its goroutine.
const writeTimeout = 10 * time.Second

// ServerOptions configure a Server. A nil *ServerOptions means the defaults.
type ServerOptions struct {
	// Interval is how long a client may stay silent before the server pings
	// it. Default DefaultInterval.
	Interval time.Duration

	// Timeout is how long the server waits for any frame after such a ping
	// before dropping the client as dead. Default: equal to Interval.
	Timeout time.Duration

	// Logger receives a line when a client connects, leaves or is dropped
	// as dead. Default: nothing is logged.
	Logger *log.Logger
}

// Server accepts WebSocket connections on any path, greets each with
// Welcome, echoes its messages and drops it when it stops answering
// heartbeats. Create it with New.
type Server struct {
	accept conn.AcceptOptions
	log    *log.Logger
	conns  sync.WaitGroup
}

// New returns a Server configured by opts.
func New(opts *ServerOptions) *Server {
	if opts == nil {
		opts = &ServerOptions{}
	}
	interval, timeout := opts.Interval, opts.Timeout
	if interval <= 0 {
		interval = DefaultInterval
	}
	if timeout <= 0 {
		timeout = interval
	}
	return &Server{
		accept: conn.AcceptOptions{Options: conn.Options{
			ReadLimit:         64 << 10,
			HeartbeatInterval: interval,
			HeartbeatTimeout:  timeout,
		}},
		log: opts.Logger,
	}
}

// ServeHTTP upgrades the request and serves the connection until it ends.
// When the request's context ends (the http.Server's BaseContext is
// cancelled), the connection is closed with 1001 (Going Away).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Counted before Accept hijacks the connection: http.Server.Shutdown
	// waits for handlers until then, so Wait cannot miss this one.
	s.conns.Add(1)
	defer s.conns.Done()
	c, err := conn.Accept(w, r, &s.accept)
	if err != nil {
		// Accept has already answered with the HTTP error.
		s.logf("refused %s: %v", r.RemoteAddr, err)
		return
	}
	defer c.CloseNow()
	closed := make(chan struct{})
	stop := context.AfterFunc(r.Context(), func() {
		defer close(closed)
		_ = c.Close(conn.StatusGoingAway, "server shutting down")
	})

	s.logf("client %s connected", r.RemoteAddr)
	err = s.echo(c)
	var ce *conn.CloseError
	if errors.As(err, &ce) {
		// The peer's Close has arrived, so the closing handshake is
		// over: end a Close that may still wait for the answer echo's
		// read consumed.
		_ = c.CloseNow()
	}
	if !stop() {
		<-closed
	}
	switch {
	case errors.Is(err, conn.ErrHeartbeatTimeout):
		o := s.accept.Options
		s.logf("client %s dropped as dead: silent for %v after a ping (heartbeat every %v)", r.RemoteAddr, o.HeartbeatTimeout, o.HeartbeatInterval)
	default:
		st, _ := c.CloseStatus()
		s.logf("client %s left: code %d, reason %q, clean %v", r.RemoteAddr, uint16(st.Code), st.Reason, st.WasClean)
	}
}

// Wait blocks until every connection the server accepted has ended. Call it
// after http.Server.Shutdown, which does not track them.
func (s *Server) Wait() { s.conns.Wait() }

// echo greets c and sends every message back until the connection ends,
// and returns the error that ended it.
func (s *Server) echo(c *conn.Conn) error {
	if err := write(c, conn.MessageText, []byte(Welcome)); err != nil {
		return err
	}
	for {
		// The read waits as long as the client lives: the heartbeat,
		// not a deadline, decides when it is gone.
		typ, msg, err := c.Read(context.Background())
		if err != nil {
			return err
		}
		if err := write(c, typ, msg); err != nil {
			return err
		}
	}
}

func write(c *conn.Conn, typ conn.MessageType, p []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	return c.Write(ctx, typ, p)
}

func (s *Server) logf(format string, args ...any) {
	if s.log != nil {
		s.log.Printf(format, args...)
	}
}
