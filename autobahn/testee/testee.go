// Package testee holds the programs under test of hybi's conformance
// harness: an echo server and a fuzzing-server client built on the public
// API of package conn, one variant per way of reading and writing messages.
package testee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hybi-go/websocket/conn"
)

// ReadLimit is the message size the testees accept: the largest message
// of the catalogue is 16 MiB, so 64 MiB leaves room.
const ReadLimit = 64 << 20

// Echo copies every message it reads back to the peer until the connection
// ends, and reports why it ended: a *conn.CloseError when the peer closed.
type Echo func(ctx context.Context, c *conn.Conn) error

// Styles maps each agent name to its echo loop: "whole" uses Read and
// Write, "stream" Reader and Writer, "append" ReadAppend into one reused
// buffer and Write.
var Styles = map[string]Echo{
	"whole":  EchoWhole,
	"stream": EchoStream,
	"append": EchoAppend,
}

// Agents lists the keys of Styles in a fixed order.
var Agents = []string{"whole", "stream", "append"}

// EchoWhole echoes with Read and Write.
func EchoWhole(ctx context.Context, c *conn.Conn) error {
	for {
		typ, b, err := c.Read(ctx)
		if err != nil {
			return err
		}
		if err := c.Write(ctx, typ, b); err != nil {
			return err
		}
	}
}

// EchoAppend echoes with ReadAppend, reusing one buffer, and Write.
func EchoAppend(ctx context.Context, c *conn.Conn) error {
	var buf []byte
	for {
		typ, b, err := c.ReadAppend(ctx, buf[:0])
		if err != nil {
			return err
		}
		if err := c.Write(ctx, typ, b); err != nil {
			return err
		}
		buf = b
	}
}

// EchoStream echoes with Reader and Writer, copying each message through
// as it arrives, so the echo of a long message starts before its end.
func EchoStream(ctx context.Context, c *conn.Conn) error {
	buf := make([]byte, 32<<10)
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return err
		}
		w, err := c.Writer(ctx, typ)
		if err != nil {
			return err
		}
		if _, err := io.CopyBuffer(w, r, buf); err != nil {
			_ = w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
}

// DeflateAgents are the server agents with permessage-deflate on: each
// style of Styles with the suffix "-deflate".
var DeflateAgents = []string{"whole-deflate", "stream-deflate", "append-deflate"}

// deflateSuffix marks an agent path with compression on.
const deflateSuffix = "-deflate"

// options returns the testees' connection options: the read limit, and
// permessage-deflate with its defaults when compress is set.
func options(compress bool) conn.Options {
	o := conn.Options{ReadLimit: ReadLimit}
	if compress {
		o.Compression = &conn.CompressionOptions{}
	}
	return o
}

// Handler returns the echo server: the request path names the agent, a
// style of Styles ("/whole", "/stream", "/append"), optionally with
// permessage-deflate accepted ("/whole-deflate", ...). Each connection is
// echoed until it ends.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, compress := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), deflateSuffix)
		echo, ok := Styles[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: options(compress), InsecureSkipOriginCheck: true})
		if err != nil {
			return // Accept has answered the request
		}
		defer func() { _ = c.CloseNow() }()
		_ = echo(r.Context(), c)
	})
}

// RunClient is the client under test of the fuzzing server at base
// ("ws://127.0.0.1:9001"): it asks for the case count, runs every case with
// the echo loop of style (a key of Styles) under agent, offering
// permessage-deflate with its defaults, then asks the server to update its
// reports. It returns the first error that stopped it; the
// cases' own failures are the server's to judge.
func RunClient(ctx context.Context, base, agent, style string) error {
	echo, ok := Styles[style]
	if !ok {
		return fmt.Errorf("testee: unknown style %q", style)
	}
	text, err := fetchText(ctx, base+"/getCaseCount")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return fmt.Errorf("testee: case count %q: %w", text, err)
	}
	q := url.QueryEscape(agent)
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, _, err := conn.Dial(ctx, fmt.Sprintf("%s/runCase?case=%d&agent=%s", base, i, q), &conn.DialOptions{Options: options(true)})
		if err != nil {
			continue // the server records the failed handshake
		}
		_ = echo(ctx, c)
		_ = c.CloseNow()
	}
	_, err = fetchText(ctx, base+"/updateReports?agent="+q)
	return err
}

// fetchText connects to u, returns the first text message (or "") and
// waits for the server to close.
func fetchText(ctx context.Context, u string) (string, error) {
	c, _, err := conn.Dial(ctx, u, nil)
	if err != nil {
		return "", fmt.Errorf("testee: %w", err)
	}
	defer func() { _ = c.CloseNow() }()
	text := ""
	for {
		_, b, err := c.Read(ctx)
		var ce *conn.CloseError
		switch {
		case errors.As(err, &ce):
			return text, nil
		case err != nil:
			return text, fmt.Errorf("testee: %w", err)
		}
		text = string(b)
	}
}
