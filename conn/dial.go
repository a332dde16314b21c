package conn

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hybi-go/websocket/handshake"
	"github.com/hybi-go/websocket/internal/deflate"
)

// Dial opens a WebSocket connection to url (ws, wss, http or https), as the
// client (RFC 6455, Section 4.1). The request goes through opts.HTTPClient,
// so proxies, TLS settings and custom dialers apply. ctx bounds the
// handshake only, and so does opts.HandshakeTimeout when ctx has no deadline. On a refused or invalid handshake Dial returns an error
// with the server's *http.Response, when there was one, so the caller can
// see why; on success the response is returned for its headers. A nil opts
// means the defaults.
func Dial(ctx context.Context, url string, opts *DialOptions) (*Conn, *http.Response, error) {
	if opts == nil {
		opts = &DialOptions{}
	}
	co := &handshake.ClientOptions{
		HTTPClient:   opts.HTTPClient,
		Header:       opts.Header,
		Subprotocols: opts.Subprotocols,

		ConcurrentHandshakes: opts.ConcurrentHandshakes,
	}
	var do *deflate.Options
	if opts.Compression != nil {
		do = opts.Compression.deflateOptions()
		co.Extensions = deflate.ClientOffers(do)
	}
	if _, ok := ctx.Deadline(); !ok {
		timeout := opts.HandshakeTimeout
		if timeout <= 0 {
			timeout = DefaultHandshakeTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	rwc, resp, res, err := handshake.Dial(ctx, url, co)
	if err != nil {
		return nil, resp, fmt.Errorf("conn: dial: %w", err)
	}
	var params *deflate.Params
	for _, e := range res.Extensions {
		if !strings.EqualFold(e.Name, extensionName) || params != nil || do == nil {
			// RFC 6455, Section 9.1: the server may only accept what was
			// offered, and RFC 7692, Section 5: at most one element of ours.
			_ = rwc.Close()
			return nil, resp, fmt.Errorf("conn: dial: %w: %q", handshake.ErrBadExtension, e.Name)
		}
		p, err := deflate.ClientAccept(e, do)
		if err != nil {
			// RFC 7692, Section 5: the client MUST _Fail the WebSocket
			// Connection_ on a response it cannot accept.
			_ = rwc.Close()
			return nil, resp, fmt.Errorf("conn: dial: %w", err)
		}
		params = &p
	}
	cfg := &Config{Options: opts.Options, Client: true, Subprotocol: res.Subprotocol}
	return newConn(rwc, cfg, params, opts.Compression), resp, nil
}
