package keepalive

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/hybi-go/websocket/conn"
)

// ClientOptions configure RunClient. A nil *ClientOptions means the
// defaults.
type ClientOptions struct {
	// MinBackoff is the wait, before jitter, after the first failure.
	// Default DefaultMinBackoff.
	MinBackoff time.Duration

	// MaxBackoff caps the wait between attempts, and a connection that
	// lasted this long resets the backoff. Default DefaultMaxBackoff.
	MaxBackoff time.Duration

	// HeartbeatInterval and HeartbeatTimeout let the client notice a dead
	// server, as conn.Options describes. Default: off.
	HeartbeatInterval, HeartbeatTimeout time.Duration

	// Logger receives a line per connection, message, disconnection and
	// wait. Default: nothing is logged.
	Logger *log.Logger

	// OnConnect, when set, is called with each new connection before the
	// client starts reading it. The connection may be written to from any
	// goroutine; it must not be read.
	OnConnect func(c *conn.Conn)

	// OnRetry, when set, is called before each wait, with the failures
	// counted so far (1 for the first), the wait, and the error of the dial
	// or of the connection that ended. It runs on RunClient's goroutine and
	// must not block.
	OnRetry func(failures int, wait time.Duration, err error)
}

// RunClient keeps a connection to url open until ctx ends: it dials, logs
// the messages it receives, and when the connection ends or the dial fails,
// waits as Backoff says and tries again. When ctx ends it closes the
// connection with 1000 (Normal Closure) and returns nil. Each dial is
// bounded by conn.DefaultHandshakeTimeout.
func RunClient(ctx context.Context, url string, opts *ClientOptions) error {
	if opts == nil {
		opts = &ClientOptions{}
	}
	b := Backoff{Min: opts.MinBackoff, Max: opts.MaxBackoff}
	if b.Min <= 0 {
		b.Min = DefaultMinBackoff
	}
	if b.Max <= 0 {
		b.Max = DefaultMaxBackoff
	}
	dial := &conn.DialOptions{Options: conn.Options{
		HeartbeatInterval: opts.HeartbeatInterval,
		HeartbeatTimeout:  opts.HeartbeatTimeout,
	}}
	logf := func(format string, args ...any) {
		if opts.Logger != nil {
			opts.Logger.Printf(format, args...)
		}
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		c, _, err := conn.Dial(ctx, url, dial)
		if err == nil {
			logf("connected to %s", url)
			if opts.OnConnect != nil {
				opts.OnConnect(c)
			}
			began := time.Now()
			err = session(ctx, c, logf)
			if time.Since(began) >= b.Max {
				b.Reset()
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		wait := b.Next()
		logf("%v; trying again in %v", err, wait.Round(time.Millisecond))
		if opts.OnRetry != nil {
			opts.OnRetry(b.Failures(), wait, err)
		}
		timer.Reset(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			return nil
		}
	}
}

// session reads c until it ends, or closes it when ctx ends first. It
// returns the error that ended the connection.
func session(ctx context.Context, c *conn.Conn, logf func(string, ...any)) error {
	closed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(closed)
		_ = c.Close(conn.StatusNormalClosure, "client stopping")
	})
	defer func() {
		if !stop() {
			<-closed
		}
		_ = c.CloseNow()
	}()
	for {
		typ, msg, err := c.Read(context.Background())
		var ce *conn.CloseError
		if errors.As(err, &ce) {
			// The server's Close has arrived, so the closing handshake is
			// over: end a Close that may still wait for the answer this
			// read consumed.
			_ = c.CloseNow()
		}
		if err != nil {
			if errors.Is(err, conn.ErrHeartbeatTimeout) {
				return fmt.Errorf("server dropped as dead: %w", err)
			}
			return err
		}
		if typ == conn.MessageText {
			logf("received %q", msg)
		} else {
			logf("received %d bytes", len(msg))
		}
	}
}
