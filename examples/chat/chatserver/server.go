package chatserver

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hybi-go/websocket/conn"
)

// DefaultQueueSize is the default for Options.QueueSize.
const DefaultQueueSize = 64

// MaxMessage is the longest message a client may send, in bytes. A longer
// one fails its connection with 1009 (Message Too Big).
const MaxMessage = 4 << 10

// MaxName is the most characters of a name; longer names are cut.
const MaxName = 32

// CloseReasonTooSlow is the reason of the Close frame, with code 1013 (Try
// Again Later), sent to a client whose send queue overflowed.
const CloseReasonTooSlow = "too slow: send queue full"

// writeTimeout bounds each write to a client, so one that stops reading
// while the room is quiet (and its queue never overflows) is still dropped.
const writeTimeout = 10 * time.Second

//go:embed index.html
var page []byte

// Options configure a Server. A nil *Options means the defaults.
type Options struct {
	// OriginPatterns are extra origins allowed to connect besides the
	// server's own pages, as conn.AcceptOptions.OriginPatterns
	// ("localhost:*", "*.example.com"). Default: none.
	OriginPatterns []string

	// QueueSize is how many events may wait for one client before it is
	// disconnected as too slow. Default DefaultQueueSize.
	QueueSize int

	// Logger receives a line per join and leave. Default: nothing is
	// logged.
	Logger *log.Logger
}

// Server is the chat room and its HTTP handler. Create it with New.
type Server struct {
	accept    conn.AcceptOptions
	queueSize int
	log       *log.Logger
	mux       *http.ServeMux
	room      *room
	guests    atomic.Int64
	conns     sync.WaitGroup
}

// New returns a Server with an empty room, configured by opts.
func New(opts *Options) *Server {
	if opts == nil {
		opts = &Options{}
	}
	s := &Server{
		queueSize: opts.QueueSize,
		log:       opts.Logger,
		mux:       http.NewServeMux(),
		room:      newRoom(),
	}
	if s.queueSize <= 0 {
		s.queueSize = DefaultQueueSize
	}
	s.accept = conn.AcceptOptions{
		Options: conn.Options{
			ReadLimit: MaxMessage,
			// No server context takeover: each compressed event is the
			// same bytes for everyone, so PreparedMessage shares it.
			Compression: &conn.CompressionOptions{ServerNoContextTakeover: true},
		},
		OriginPatterns: opts.OriginPatterns,
	}
	s.mux.HandleFunc("GET /{$}", s.servePage)
	s.mux.HandleFunc("GET /ws", s.serveWS)
	return s
}

// ServeHTTP serves the page at / and the room at /ws. When a WebSocket
// request's context ends (the http.Server's BaseContext is cancelled), its
// connection is closed with 1001 (Going Away).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Wait blocks until every WebSocket connection the server accepted has
// ended. Call it after http.Server.Shutdown, which does not track them.
func (s *Server) Wait() { s.conns.Wait() }

func (s *Server) servePage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'")
	_, _ = w.Write(page)
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
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

	ctx, cancel := context.WithCancelCause(r.Context())
	m := &member{
		name:  s.name(r.URL.Query().Get("name")),
		queue: make(chan *conn.PreparedMessage, s.queueSize),
		kick:  cancel,
	}
	// The context ends when the member is kicked or the server shuts down;
	// either way the closing handshake runs beside the read loop, which
	// sees its end.
	closed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(closed)
		if errors.Is(context.Cause(ctx), errTooSlow) {
			_ = c.Close(conn.StatusTryAgainLater, CloseReasonTooSlow)
			return
		}
		_ = c.Close(conn.StatusGoingAway, "server shutting down")
	})
	written := make(chan struct{})
	go func() {
		defer close(written)
		s.writeLoop(ctx, c, m)
	}()

	s.room.join(m)
	s.logf("%q joined from %s", m.name, r.RemoteAddr)
	err = s.readLoop(c, m)
	s.room.leave(m)
	var ce *conn.CloseError
	if errors.As(err, &ce) {
		// The peer's Close has arrived, so the closing handshake is over:
		// end a Close that may still wait for the answer the read loop
		// consumed.
		_ = c.CloseNow()
	}
	if !stop() {
		<-closed
	}
	// Free a writer still blocked on a client that stopped reading.
	_ = c.CloseNow()
	cancel(nil)
	<-written
	st, _ := c.CloseStatus()
	s.logf("%q left: code %d, reason %q, clean %v", m.name, uint16(st.Code), st.Reason, st.WasClean)
}

// readLoop publishes the member's messages until its connection ends, and
// returns the error that ended it.
func (s *Server) readLoop(c *conn.Conn, m *member) error {
	for {
		// No deadline: the read ends when the connection does.
		typ, msg, err := c.Read(context.Background())
		if err != nil {
			return err
		}
		if typ != conn.MessageText {
			return c.Close(conn.StatusUnsupportedData, "text messages only")
		}
		s.room.publish(Event{Kind: KindMessage, Name: m.name, Text: string(msg)})
	}
}

// writeLoop sends the member's queue until ctx ends or a write fails.
func (s *Server) writeLoop(ctx context.Context, c *conn.Conn, m *member) {
	for {
		// Once kicked, send nothing more: the Close frame is next.
		if ctx.Err() != nil {
			return
		}
		select {
		case pm := <-m.queue:
			wctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
			err := c.WritePrepared(wctx, pm)
			cancel()
			if err != nil {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// name cleans a requested name: valid UTF-8, no control characters, no
// space around it, at most MaxName characters. Without one the member is
// a numbered guest.
func (s *Server) name(requested string) string {
	n := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(requested, ""))
	if utf8.RuneCountInString(n) > MaxName {
		n = string([]rune(n)[:MaxName])
	}
	if n = strings.TrimSpace(n); n == "" {
		n = fmt.Sprintf("guest-%d", s.guests.Add(1))
	}
	return n
}

func (s *Server) logf(format string, args ...any) {
	if s.log != nil {
		s.log.Printf(format, args...)
	}
}
