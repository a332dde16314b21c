package echo

import (
	"io"
	"net/http"

	"github.com/coder/websocket"
)

// coderEcho is coder/websocket's own echo example: a Reader copied into a
// Writer per message. Its default 32 KiB read limit is lifted so the large
// messages pass; it does not validate UTF-8.
func coderEcho(o Options) http.Handler {
	opts := &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled}
	if o.Compress {
		opts.CompressionMode = websocket.CompressionContextTakeover
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, opts)
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(-1)
		ctx := r.Context()
		for {
			typ, rd, err := c.Reader(ctx)
			if err != nil {
				return
			}
			wr, err := c.Writer(ctx, typ)
			if err != nil {
				return
			}
			if _, err := io.Copy(wr, rd); err != nil {
				return
			}
			if err := wr.Close(); err != nil {
				return
			}
		}
	})
}
