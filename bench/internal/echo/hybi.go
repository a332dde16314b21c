package echo

import (
	"context"
	"net/http"

	"github.com/hybi-go/websocket/conn"
)

// hybiHandler accepts with hybi's default options (plus compression when
// asked) and runs echo on the connection until it fails.
func hybiHandler(o Options, echo func(ctx context.Context, c *conn.Conn) error) http.Handler {
	opts := &conn.AcceptOptions{}
	if o.Compress {
		opts.Compression = &conn.CompressionOptions{}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, opts)
		if err != nil {
			return
		}
		defer c.CloseNow()
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
