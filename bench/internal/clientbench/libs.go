package clientbench

import (
	"context"
	"io"
	"net"
	"net/url"

	"github.com/coder/websocket"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
	gorilla "github.com/gorilla/websocket"
	"github.com/hybi-go/websocket/bench/internal/wsclient"
	"github.com/hybi-go/websocket/conn"
	"github.com/lxzan/gws"
)

// hybi: Write and Read, as its package documentation shows.
type hybiPipe struct{ c *conn.Conn }

func dialHybi(ctx context.Context, u string) (pipe, error) {
	c, _, err := conn.Dial(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	return hybiPipe{c}, nil
}

func (p hybiPipe) write(ctx context.Context, b []byte) error {
	return p.c.Write(ctx, conn.MessageBinary, b)
}

func (p hybiPipe) readLoop(ctx context.Context, on func()) error {
	for {
		if _, _, err := p.c.Read(ctx); err != nil {
			return err
		}
		on()
	}
}

func (p hybiPipe) close() { p.c.CloseNow() }

// hybi-append: Write and ReadAppend into one reused buffer, hybi's
// allocation-free read.
type hybiAppendPipe struct{ hybiPipe }

func dialHybiAppend(ctx context.Context, u string) (pipe, error) {
	c, _, err := conn.Dial(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	return hybiAppendPipe{hybiPipe{c}}, nil
}

func (p hybiAppendPipe) readLoop(ctx context.Context, on func()) error {
	var buf []byte
	for {
		_, msg, err := p.c.ReadAppend(ctx, buf[:0])
		if err != nil {
			return err
		}
		buf = msg
		on()
	}
}

// gorilla: WriteMessage and ReadMessage, one writer and one reader goroutine.
type gorillaPipe struct{ c *gorilla.Conn }

func dialGorilla(_ context.Context, u string) (pipe, error) {
	c, _, err := gorilla.DefaultDialer.Dial(u, nil)
	if err != nil {
		return nil, err
	}
	return gorillaPipe{c}, nil
}

func (p gorillaPipe) write(_ context.Context, b []byte) error {
	return p.c.WriteMessage(gorilla.BinaryMessage, b)
}

func (p gorillaPipe) readLoop(_ context.Context, on func()) error {
	for {
		if _, _, err := p.c.ReadMessage(); err != nil {
			return err
		}
		on()
	}
}

func (p gorillaPipe) close() { p.c.Close() }

// coder: Write and Read with the read limit lifted.
type coderPipe struct{ c *websocket.Conn }

func dialCoder(ctx context.Context, u string) (pipe, error) {
	c, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(-1)
	return coderPipe{c}, nil
}

func (p coderPipe) write(ctx context.Context, b []byte) error {
	return p.c.Write(ctx, websocket.MessageBinary, b)
}

func (p coderPipe) readLoop(ctx context.Context, on func()) error {
	for {
		if _, _, err := p.c.Read(ctx); err != nil {
			return err
		}
		on()
	}
}

func (p coderPipe) close() { p.c.CloseNow() }

// gobwas: ws.Dial, then wsutil.WriteClientMessage and wsutil.ReadServerData.
type gobwasPipe struct {
	c net.Conn
	r io.Reader
}

func dialGobwas(ctx context.Context, u string) (pipe, error) {
	c, br, _, err := ws.Dial(ctx, u)
	if err != nil {
		return nil, err
	}
	p := gobwasPipe{c: c, r: c}
	if br != nil {
		p.r = io.MultiReader(br, c)
	}
	return p, nil
}

func (p gobwasPipe) write(_ context.Context, b []byte) error {
	return wsutil.WriteClientMessage(p.c, ws.OpBinary, b)
}

func (p gobwasPipe) readLoop(_ context.Context, on func()) error {
	rw := struct {
		io.Reader
		io.Writer
	}{p.r, p.c}
	for {
		if _, _, err := wsutil.ReadServerData(rw); err != nil {
			return err
		}
		on()
	}
}

func (p gobwasPipe) close() { p.c.Close() }

// gws: an event handler and ReadLoop; WriteMessage from the writer goroutine.
type gwsPipe struct {
	c *gws.Conn
	h *gwsEvents
}

type gwsEvents struct {
	gws.BuiltinEventHandler
	on func()
}

func (h *gwsEvents) OnMessage(_ *gws.Conn, m *gws.Message) {
	m.Close()
	h.on()
}

func dialGws(_ context.Context, u string) (pipe, error) {
	h := &gwsEvents{}
	c, _, err := gws.NewClient(h, &gws.ClientOption{Addr: u, CheckUtf8Enabled: true})
	if err != nil {
		return nil, err
	}
	return gwsPipe{c: c, h: h}, nil
}

func (p gwsPipe) write(_ context.Context, b []byte) error {
	return p.c.WriteMessage(gws.OpcodeBinary, b)
}

// readLoop sets the callback before gws's loop can deliver a message.
func (p gwsPipe) readLoop(_ context.Context, on func()) error {
	p.h.on = on
	p.c.ReadLoop()
	return nil
}

func (p gwsPipe) close() { p.c.NetConn().Close() }

// raw: the load generator's own client, for reference.
type rawPipe struct {
	c    net.Conn
	rest []byte
	fr   []byte
}

func dialRaw(ctx context.Context, u string) (pipe, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", pu.Host)
	if err != nil {
		return nil, err
	}
	rest, _, err := wsclient.Handshake(c, pu.Host, "/", false)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &rawPipe{c: c, rest: rest}, nil
}

func (p *rawPipe) write(_ context.Context, b []byte) error {
	if p.fr == nil {
		p.fr = wsclient.AppendFrame(nil, wsclient.OpBinary, b, false)
	}
	_, err := p.c.Write(p.fr)
	return err
}

func (p *rawPipe) readLoop(_ context.Context, on func()) error {
	var parser wsclient.Parser
	chunk := make([]byte, 64<<10)
	pending := p.rest
	for {
		if len(pending) == 0 {
			n, err := p.c.Read(chunk)
			if err != nil {
				return err
			}
			pending = chunk[:n]
		}
		n, err := parser.Feed(pending)
		pending = nil
		if err != nil {
			return err
		}
		for range n {
			on()
		}
	}
}

func (p *rawPipe) close() { p.c.Close() }
