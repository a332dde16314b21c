package interop_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/websocket"

	"github.com/hybi-go/websocket/conn"
)

// xnetMsg is a message with its frame type, as x/net sees it.
type xnetMsg struct {
	typ  byte
	data []byte
}

// xnetCodec sends and receives xnetMsg, keeping the frame type that
// websocket.Message leaves implicit.
var xnetCodec = websocket.Codec{
	Marshal: func(v any) ([]byte, byte, error) {
		m := v.(xnetMsg)
		return m.data, m.typ, nil
	},
	Unmarshal: func(data []byte, typ byte, v any) error {
		*v.(*xnetMsg) = xnetMsg{typ: typ, data: append([]byte(nil), data...)}
		return nil
	},
}

// xnetEcho answers every message with the same bytes and type until the
// client leaves. x/net answers a Close frame only through ws.Close.
func xnetEcho(ws *websocket.Conn) {
	defer ws.Close()
	for {
		var m xnetMsg
		if err := xnetCodec.Receive(ws, &m); err != nil {
			return
		}
		if err := xnetCodec.Send(ws, m); err != nil {
			return
		}
	}
}

func TestXNet_HybiClient(t *testing.T) {
	// A websocket.Server with no Handshake hook checks no origin.
	srv := httptest.NewServer(websocket.Server{Handler: xnetEcho})
	defer srv.Close()
	ctx := testCtx(t)
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	require.NoError(t, err)
	defer c.CloseNow()
	for _, typ := range []conn.MessageType{conn.MessageText, conn.MessageBinary} {
		for _, n := range sizes {
			msg := payload(typ, n)
			require.NoError(t, c.Write(ctx, typ, msg))
			rtyp, back, err := c.Read(ctx)
			require.NoError(t, err, "%v/%d", typ, n)
			assert.Equal(t, typ, rtyp, "%v/%d", typ, n)
			assert.True(t, string(msg) == string(back), "%v/%d: bytes differ", typ, n)
		}
	}
	require.NoError(t, c.Close(conn.StatusNormalClosure, "done"))
	st, _ := c.CloseStatus()
	t.Logf("hybi saw %+v", st)
	assert.Equal(t, conn.CloseStatus{Code: conn.StatusNormalClosure, WasClean: true}, st)
}

func TestXNet_HybiServer(t *testing.T) {
	statuses := make(chan conn.CloseStatus, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, nil)
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		defer func() {
			<-c.Done()
			st, _ := c.CloseStatus()
			statuses <- st
		}()
		for {
			typ, msg, err := c.Read(r.Context())
			if err != nil {
				return
			}
			if err := c.Write(r.Context(), typ, msg); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	// x/net always sends an Origin; the server's own origin passes hybi's check.
	ws, err := websocket.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), "", srv.URL)
	require.NoError(t, err)
	for _, typ := range []conn.MessageType{conn.MessageText, conn.MessageBinary} {
		for _, n := range sizes {
			msg := payload(typ, n)
			name := fmt.Sprintf("%v/%d", typ, n)
			frameType := byte(websocket.BinaryFrame)
			if typ == conn.MessageText {
				frameType = websocket.TextFrame
			}
			require.NoError(t, xnetCodec.Send(ws, xnetMsg{frameType, msg}), name)
			var back xnetMsg
			require.NoError(t, xnetCodec.Receive(ws, &back), name)
			assert.Equal(t, frameType, back.typ, name)
			assert.True(t, string(msg) == string(back.data), "%s: bytes differ", name)
		}
	}
	require.NoError(t, ws.Close())
	st := <-statuses
	t.Logf("hybi saw %+v", st)
	assert.Equal(t, conn.StatusNormalClosure, st.Code, "x/net's Close sends 1000")

}
