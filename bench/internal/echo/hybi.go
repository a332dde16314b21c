package echo

import (
	"context"
	"net/http"

	"github.com/hybi-go/websocket/conn"
)

// hybiHandler serves with conn.Handler, hybi's documented way to hold many
// connections, with its default options (plus compression when asked), and
// runs echo on each connection until it fails.
func hybiHandler(o Options, echo func(ctx context.Context, c *conn.Conn) error) http.Handler {
	opts := &conn.AcceptOptions{}
	if o.Compress {
		opts.Compression = &conn.CompressionOptions{}
	}
	return conn.Handler(opts, func(c *conn.Conn, r *http.Request) {
		_ = echo(r.Context(), c)
	})
}

// hybiRead is the loop of hybi's package documentation: Read, then Write.
func hybiRead(o Options) http.Handler {
	return hybiHandler(o, func(ctx context.Context, c *conn.Conn) error {
		for {
			typ, msg, err := c.Read(ctx)
			if err != nil {
				return err
			}
			if err := c.Write(ctx, typ, msg); err != nil {
				return err
			}
		}
	})
}

// hybiAppend reuses one buffer with ReadAppend, hybi's allocation-free read.
func hybiAppend(o Options) http.Handler {
	return hybiHandler(o, func(ctx context.Context, c *conn.Conn) error {
		var buf []byte
		for {
			typ, msg, err := c.ReadAppend(ctx, buf[:0])
			if err != nil {
				return err
			}
			if err := c.Write(ctx, typ, msg); err != nil {
				return err
			}
			buf = msg
		}
	})
}
