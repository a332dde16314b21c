package interop_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
)

// The sizes every exchange covers: the edges of the three length encodings
// (RFC 6455, Section 5.2) and a large message.
var sizes = []int{0, 125, 126, 65535, 65536, 1 << 20}

// payload returns n bytes of a message: UTF-8 text with multi-byte runes
// (cut on a rune boundary, so slightly shorter when needed) or binary bytes
// of every value.
func payload(typ conn.MessageType, n int) []byte {
	if typ == conn.MessageBinary {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*131 + i>>9)
		}
		return b
	}
	const unit = "hybi ↔ ws: héllo wörld, 世界 🌍; "
	s := strings.Repeat(unit, n/len(unit)+1)[:n]
	return []byte(strings.ToValidUTF8(s, ""))
}

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// wsSetup connects hybi with a Node ws peer in echo mode. nodePMD is ws's
// perMessageDeflate option (nil for none); comp is hybi's compression.
type wsSetup func(t *testing.T, nodePMD map[string]any, comp *conn.CompressionOptions) (*conn.Conn, *nodeProc, event)

// hybiServer runs hybi's Accept and a ws client connecting to it.
func hybiServer(t *testing.T, nodePMD map[string]any, comp *conn.CompressionOptions) (*conn.Conn, *nodeProc, event) {
	accepted := make(chan *conn.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: conn.Options{Compression: comp}})
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		accepted <- c
	}))
	t.Cleanup(srv.Close)
	opts := map[string]any{"url": "ws" + strings.TrimPrefix(srv.URL, "http"), "perMessageDeflate": pmd(nodePMD)}
	peer := startNode(t, "peer.mjs", "client", mustJSON(t, opts))
	open := peer.next("open")
	var c *conn.Conn
	select {
	case c = <-accepted:
	case <-time.After(eventTimeout):
		t.Fatal("hybi accepted no connection")
	}
	t.Cleanup(func() { _ = c.CloseNow() })
	return c, peer, open
}

// hybiClient runs a ws server and hybi's Dial to it.
func hybiClient(t *testing.T, nodePMD map[string]any, comp *conn.CompressionOptions) (*conn.Conn, *nodeProc, event) {
	peer := startNode(t, "peer.mjs", "server", mustJSON(t, map[string]any{"perMessageDeflate": pmd(nodePMD)}))
	port := peer.next("listening").Port
	ctx, cancel := context.WithTimeout(t.Context(), eventTimeout)
	defer cancel()
	c, _, err := conn.Dial(ctx, "ws://127.0.0.1:"+strconv.Itoa(port), &conn.DialOptions{Options: conn.Options{Compression: comp}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.CloseNow() })
	return c, peer, peer.next("open")
}

func pmd(m map[string]any) any {
	if m == nil {
		return false
	}
	return m
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func roles() []struct {
	name  string
	setup wsSetup
} {
	return []struct {
		name  string
		setup wsSetup
	}{
		{"hybi-server+ws-client", hybiServer},
		{"hybi-client+ws-server", hybiClient},
	}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// exchange checks messages of every size and type both ways: hybi sends and
// ws reports what it got, then echoes it back for hybi to compare; ws sends
// (in fragments too) and hybi compares.
func exchange(t *testing.T, c *conn.Conn, peer *nodeProc) {
	ctx := testCtx(t)
	for _, typ := range []conn.MessageType{conn.MessageText, conn.MessageBinary} {
		for _, n := range sizes {
			msg := payload(typ, n)
			name := fmt.Sprintf("%v/%d", typ, len(msg))

			require.NoError(t, c.Write(ctx, typ, msg), name)
			got := peer.next("message")
			assert.Equal(t, typ == conn.MessageBinary, got.Binary, "%s: type seen by ws", name)
			assert.Equal(t, len(msg), got.Len, "%s: length seen by ws", name)
			assert.Equal(t, digest(msg), got.SHA256, "%s: bytes seen by ws", name)
			rtyp, back, err := c.Read(ctx)
			require.NoError(t, err, name)
			assert.Equal(t, typ, rtyp, "%s: echo type", name)
			assert.True(t, string(msg) == string(back), "%s: echo differs", name)

			for _, frags := range []int{1, 3} {
				peer.send(map[string]any{"op": "send", "data": msg, "binary": typ == conn.MessageBinary, "fragments": frags})
				rtyp, back, err := c.Read(ctx)
				require.NoError(t, err, "%s in %d fragments from ws", name, frags)
				assert.Equal(t, typ, rtyp, "%s in %d fragments from ws: type", name, frags)
				assert.True(t, string(msg) == string(back), "%s in %d fragments from ws: bytes differ", name, frags)
			}
		}
	}
}

func TestWS_Messages(t *testing.T) {
	for _, r := range roles() {
		t.Run(r.name, func(t *testing.T) {
			c, peer, open := r.setup(t, nil, nil)
			assert.Empty(t, open.Extensions)
			exchange(t, c, peer)
		})
	}
}

// compressionCases pair a ws perMessageDeflate setting with hybi's, and say
// what the agreed extension header must contain.
var compressionCases = []struct {
	name string
	node map[string]any
	hybi conn.CompressionOptions
	want []string
}{
	{"context-takeover", map[string]any{"threshold": 0}, conn.CompressionOptions{Threshold: -1}, nil},
	{"ws-asks-no-context-takeover",
		map[string]any{"threshold": 0, "serverNoContextTakeover": true, "clientNoContextTakeover": true},
		conn.CompressionOptions{Threshold: -1},
		[]string{"server_no_context_takeover", "client_no_context_takeover"}},
	{"hybi-asks-no-context-takeover",
		map[string]any{"threshold": 0},
		conn.CompressionOptions{Threshold: -1, ServerNoContextTakeover: true, ClientNoContextTakeover: true},
		[]string{"server_no_context_takeover", "client_no_context_takeover"}},
	{"ws-asks-window-9",
		map[string]any{"threshold": 0, "serverMaxWindowBits": 9, "clientMaxWindowBits": 9},
		conn.CompressionOptions{Threshold: -1},
		[]string{"server_max_window_bits=9"}},
	{"hybi-asks-window-9",
		map[string]any{"threshold": 0},
		conn.CompressionOptions{Threshold: -1, ServerMaxWindowBits: 9, ClientMaxWindowBits: 9},
		[]string{"server_max_window_bits=9", "client_max_window_bits=9"}},
	{"hybi-asks-window-8",
		map[string]any{"threshold": 0},
		conn.CompressionOptions{Threshold: -1, ServerMaxWindowBits: 8, ClientMaxWindowBits: 8},
		[]string{"server_max_window_bits=8", "client_max_window_bits=8"}},
}

func TestWS_Compression(t *testing.T) {
	for _, r := range roles() {
		for _, tc := range compressionCases {
			t.Run(r.name+"/"+tc.name, func(t *testing.T) {
				c, peer, open := r.setup(t, tc.node, &tc.hybi)
				t.Logf("agreed: %s", open.Agreed)
				require.Equal(t, "permessage-deflate", open.Extensions, "ws has it on")
				require.Contains(t, open.Agreed, "permessage-deflate")
				for _, p := range tc.want {
					assert.Contains(t, open.Agreed, p)
				}
				exchange(t, c, peer)
			})
		}
	}
}

func TestWS_Ping(t *testing.T) {
	for _, r := range roles() {
		t.Run(r.name, func(t *testing.T) {
			c, peer, _ := r.setup(t, nil, nil)
			ctx := testCtx(t)

			// ws pings; hybi answers while it reads.
			peer.send(map[string]any{"op": "ping", "data": []byte("from ws")})
			peer.send(map[string]any{"op": "send", "data": []byte("after ping")})
			_, msg, err := c.Read(ctx)
			require.NoError(t, err)
			assert.Equal(t, "after ping", string(msg))
			assert.Equal(t, "from ws", string(peer.next("pong").Data))

			// hybi pings; the pong is seen by a goroutine reading.
			read := make(chan error, 1)
			go func() {
				_, _, err := c.Read(ctx)
				read <- err
			}()
			require.NoError(t, c.Ping(ctx))
			peer.next("ping")
			peer.send(map[string]any{"op": "send", "data": []byte("release the reader")})
			require.NoError(t, <-read)
		})
	}
}

func TestWS_Close(t *testing.T) {
	for _, r := range roles() {
		t.Run(r.name+"/hybi-closes", func(t *testing.T) {
			c, peer, _ := r.setup(t, nil, nil)
			require.NoError(t, c.Close(4001, "hybi says bye"))
			got := peer.next("close")
			assert.Equal(t, 4001, got.Code, "code seen by ws")
			assert.Equal(t, "hybi says bye", got.Reason, "reason seen by ws")
			st, ok := c.CloseStatus()
			require.True(t, ok)
			assert.True(t, st.WasClean)
			assert.Equal(t, conn.StatusCode(4001), st.Code, "ws echoes the code")
			t.Logf("hybi saw %+v, ws saw %d %q", st, got.Code, got.Reason)
		})
		t.Run(r.name+"/ws-closes", func(t *testing.T) {
			c, peer, _ := r.setup(t, nil, nil)
			peer.send(map[string]any{"op": "close", "code": 4002, "reason": "ws says bye"})
			_, _, err := c.Read(testCtx(t))
			var ce *conn.CloseError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, conn.CloseError{Code: 4002, Reason: "ws says bye"}, *ce)
			got := peer.next("close")
			assert.Equal(t, 4002, got.Code, "hybi echoes the code")
			<-c.Done()
			st, _ := c.CloseStatus()
			assert.Equal(t, conn.CloseStatus{Code: 4002, Reason: "ws says bye", WasClean: true}, st)
			t.Logf("hybi saw %+v, ws saw %d %q", st, got.Code, got.Reason)
		})
		t.Run(r.name+"/ws-closes-without-code", func(t *testing.T) {
			c, peer, _ := r.setup(t, nil, nil)
			peer.send(map[string]any{"op": "close"})
			_, _, err := c.Read(testCtx(t))
			var ce *conn.CloseError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, conn.StatusNoStatusReceived, ce.Code)
			assert.Equal(t, 1005, peer.next("close").Code)
		})
		t.Run(r.name+"/ws-drops", func(t *testing.T) {
			c, peer, _ := r.setup(t, nil, nil)
			peer.send(map[string]any{"op": "terminate"})
			_, _, err := c.Read(testCtx(t))
			require.Error(t, err)
			var ce *conn.CloseError
			assert.False(t, errors.As(err, &ce), "no Close frame arrived: %v", err)
			st, ok := c.CloseStatus()
			require.True(t, ok)
			assert.Equal(t, conn.CloseStatus{Code: conn.StatusAbnormalClosure}, st)
		})
		t.Run(r.name+"/hybi-drops", func(t *testing.T) {
			c, peer, _ := r.setup(t, nil, nil)
			require.NoError(t, c.CloseNow())
			assert.Equal(t, 1006, peer.next("close").Code)
		})
	}
}
