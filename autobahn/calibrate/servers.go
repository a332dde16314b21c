// Package calibrate runs hybi's Go Autobahn catalogue against the
// third-party servers the official suite's reference results came from
// (/work/shared/autobahn-reference): gorilla/websocket v1.5.3, coder/websocket
// v1.8.15 and lxzan/gws v1.8.9, each configured as its reference run
// describes. Its test compares the catalogue's verdicts with the official
// ones case by case. It is a module of its own so the main module does not
// depend on other WebSocket libraries.
package calibrate

import (
	"context"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	coder "github.com/coder/websocket"
	gorilla "github.com/gorilla/websocket"
	"github.com/lxzan/gws"
)

// Server is one reference server: its agent name in the official reports,
// the URL path it was tested on, and a handler configured like it.
type Server struct {
	Agent   string
	Path    string
	Handler http.Handler
}

// Servers returns the three reference servers.
func Servers() []Server {
	return []Server{
		{Agent: "gorilla", Path: "/m", Handler: http.HandlerFunc(gorillaEcho)},
		{Agent: "coder", Path: "/", Handler: http.HandlerFunc(coderEcho)},
		{Agent: "gws", Path: "/", Handler: gwsEcho()},
	}
}

var gorillaUpgrader = gorilla.Upgrader{
	ReadBufferSize:    4096,
	WriteBufferSize:   4096,
	EnableCompression: true,
	CheckOrigin:       func(*http.Request) bool { return true },
}

// gorillaEcho behaves like the echoReadAllWriteMessage handler of
// gorilla's own Autobahn example: whole messages in and out, and for text
// that is not UTF-8 a Close frame with 1007, after which the message is
// still echoed (gorilla itself does not check UTF-8).
func gorillaEcho(w http.ResponseWriter, r *http.Request) {
	c, err := gorillaUpgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer func() { _ = c.Close() }()
	for {
		typ, b, err := c.ReadMessage()
		if err != nil {
			return
		}
		if typ == gorilla.TextMessage && !utf8.Valid(b) {
			_ = c.WriteControl(gorilla.CloseMessage, gorilla.FormatCloseMessage(gorilla.CloseInvalidFramePayloadData, ""), time.Time{})
		}
		if err := c.WriteMessage(typ, b); err != nil {
			return
		}
	}
}

// coderEcho is the minimal coder server of the reference run: context
// takeover compression, a 1 GiB read limit, each message copied from its
// Reader to a Writer.
func coderEcho(w http.ResponseWriter, r *http.Request) {
	c, err := coder.Accept(w, r, &coder.AcceptOptions{CompressionMode: coder.CompressionContextTakeover, InsecureSkipVerify: true})
	if err != nil {
		return
	}
	defer func() { _ = c.Close(coder.StatusNormalClosure, "") }()
	c.SetReadLimit(1 << 30)
	ctx := context.Background()
	buf := make([]byte, 32<<10)
	for {
		typ, rd, err := c.Reader(ctx)
		if err != nil {
			return
		}
		wr, err := c.Writer(ctx, typ)
		if err != nil {
			return
		}
		if _, err := io.CopyBuffer(wr, rd, buf); err != nil {
			return
		}
		if err := wr.Close(); err != nil {
			return
		}
	}
}

// gwsHandler echoes every message and answers every Ping (gws leaves both
// to the application).
type gwsHandler struct{ gws.BuiltinEventHandler }

func (gwsHandler) OnPing(socket *gws.Conn, payload []byte) { _ = socket.WritePong(payload) }

func (gwsHandler) OnMessage(socket *gws.Conn, m *gws.Message) {
	defer func() { _ = m.Close() }()
	_ = socket.WriteMessage(m.Opcode, m.Bytes())
}

// gwsEcho is the minimal gws server of the reference run: UTF-8 checks and
// permessage-deflate on (with context takeover, which is what its
// reference handshakes show).
func gwsEcho() http.Handler {
	up := gws.NewUpgrader(gwsHandler{}, &gws.ServerOption{
		CheckUtf8Enabled:  true,
		PermessageDeflate: gws.PermessageDeflate{Enabled: true, ServerContextTakeover: true, ClientContextTakeover: true},
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		socket, err := up.Upgrade(w, r)
		if err != nil {
			return
		}
		socket.ReadLoop()
	})
}
