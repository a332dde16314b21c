package chatserver_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/chat/chatserver"
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// startServer runs s on a loopback port until the test ends, then checks
// that all its connections are gone.
func startServer(t *testing.T, s *chatserver.Server) *httptest.Server {
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		srv.Close()
		s.Wait()
	})
	return srv
}

// join connects as name and reads the member's own join notice.
func join(ctx context.Context, t *testing.T, srv *httptest.Server, name string) *conn.Conn {
	t.Helper()
	return joinWith(ctx, t, srv, name, nil)
}

func joinWith(ctx context.Context, t *testing.T, srv *httptest.Server, name string, opts *conn.DialOptions) *conn.Conn {
	t.Helper()
	u := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws?name=" + url.QueryEscape(name)
	c, _, err := conn.Dial(ctx, u, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.CloseNow() })
	ev := readEvent(ctx, t, c)
	require.Equal(t, chatserver.KindJoin, ev.Kind)
	require.Equal(t, name, ev.Name)
	return c
}

func readEvent(ctx context.Context, t *testing.T, c *conn.Conn) chatserver.Event {
	t.Helper()
	var ev chatserver.Event
	require.NoError(t, conn.ReadJSON(ctx, c, &ev))
	return ev
}

func say(ctx context.Context, t *testing.T, c *conn.Conn, text string) {
	t.Helper()
	require.NoError(t, c.Write(ctx, conn.MessageText, []byte(text)))
}

func joined(name string, online int) chatserver.Event {
	return chatserver.Event{Kind: chatserver.KindJoin, Name: name, Online: online}
}

func left(name, reason string, online int) chatserver.Event {
	return chatserver.Event{Kind: chatserver.KindLeave, Name: name, Reason: reason, Online: online}
}

// TestServer_Broadcast has three members talk at once: each sees every
// message, all see the same order, each sender's messages stay in order,
// and joins and leaves are announced.
func TestServer_Broadcast(t *testing.T) {
	ctx := testContext(t)
	srv := startServer(t, chatserver.New(nil))
	names := []string{"alice", "bob", "carol"}
	members := make([]*conn.Conn, len(names))
	for i, name := range names {
		members[i] = join(ctx, t, srv, name)
		for _, earlier := range members[:i] {
			assert.Equal(t, joined(name, i+1), readEvent(ctx, t, earlier))
		}
	}

	// All messages fit in every queue, however the writers are scheduled.
	const perMember = chatserver.DefaultQueueSize / 3
	var wg sync.WaitGroup
	seen := make([][]string, len(members))
	for i, c := range members {
		wg.Go(func() {
			for n := range perMember {
				assert.NoError(t, c.Write(ctx, conn.MessageText, fmt.Appendf(nil, "%s %d", names[i], n)))
			}
		})
		wg.Go(func() {
			next := map[string]int{}
			for range perMember * len(names) {
				var ev chatserver.Event
				if !assert.NoError(t, conn.ReadJSON(ctx, c, &ev)) {
					return
				}
				assert.Equal(t, chatserver.KindMessage, ev.Kind)
				assert.Equal(t, fmt.Sprintf("%s %d", ev.Name, next[ev.Name]), ev.Text, "member %s: order of %s's messages", names[i], ev.Name)
				next[ev.Name]++
				seen[i] = append(seen[i], ev.Text)
			}
		})
	}
	wg.Wait()
	require.False(t, t.Failed())
	assert.Equal(t, seen[0], seen[1], "alice and bob saw the same order")
	assert.Equal(t, seen[0], seen[2], "alice and carol saw the same order")

	require.NoError(t, members[2].Close(conn.StatusNormalClosure, "bye"))
	assert.Equal(t, left("carol", chatserver.ReasonLeft, 2), readEvent(ctx, t, members[0]))
	assert.Equal(t, left("carol", chatserver.ReasonLeft, 2), readEvent(ctx, t, members[1]))
	require.NoError(t, members[1].Close(conn.StatusNormalClosure, ""))
	assert.Equal(t, left("bob", chatserver.ReasonLeft, 1), readEvent(ctx, t, members[0]))
	require.NoError(t, members[0].Close(conn.StatusNormalClosure, ""))
}

// TestServer_SlowClient has a member that never reads while another sends
// as fast as the two readers keep up. The reader is dropped with 1013 once
// its queue is full, and the others receive every message meanwhile. No
// clock is involved: the sender stays at most half a queue ahead of the
// readers, so only the member that stopped reading can overflow.
func TestServer_SlowClient(t *testing.T) {
	const (
		queue    = 16
		ahead    = queue / 2
		textSize = chatserver.MaxMessage - 96
		// The kernel holds what the server wrote to the slow member, in
		// its socket buffers on both ends, before the writer blocks and
		// the queue fills. Small buffers keep that short; the bound is
		// the most loopback buffers can grow to, and then the queue.
		socketBuffer = 16 << 10
		maxMessages  = 32<<20/textSize + queue
	)
	ctx := testContext(t)
	s := chatserver.New(&chatserver.Options{QueueSize: queue})
	srv := httptest.NewUnstartedServer(s)
	srv.Config.ConnState = func(c net.Conn, st http.ConnState) {
		if tc, ok := c.(*net.TCPConn); ok && st == http.StateNew {
			_ = tc.SetWriteBuffer(socketBuffer)
		}
	}
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		s.Wait()
	})
	smallBuffer := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(ctx, network, addr)
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetReadBuffer(socketBuffer)
			}
			return c, err
		},
	}
	defer smallBuffer.CloseIdleConnections()
	slow := joinWith(ctx, t, srv, "slow", &conn.DialOptions{HTTPClient: &http.Client{Transport: smallBuffer}})
	readers := []*conn.Conn{join(ctx, t, srv, "reader"), join(ctx, t, srv, "sender")}
	sender := readers[1]
	_ = readEvent(ctx, t, readers[0]) // sender joined

	// Each reader's events go to a channel big enough for all of them, so
	// the readers never stop reading while the test looks elsewhere.
	events := make([]chan chatserver.Event, len(readers))
	var wg sync.WaitGroup
	defer wg.Wait()
	for i, c := range readers {
		events[i] = make(chan chatserver.Event, maxMessages+8)
		wg.Go(func() {
			defer close(events[i])
			for {
				var ev chatserver.Event
				if err := conn.ReadJSON(ctx, c, &ev); err != nil {
					return
				}
				events[i] <- ev
			}
		})
	}
	text := func(n int) string { return fmt.Sprintf("%08d", n) + strings.Repeat(".", textSize-8) }
	sent := 0
	dropped := -1 // messages sent when the drop was seen
	received := make([]int, len(readers))
	// await reads reader i's events until it has seen message n.
	await := func(i, n int) {
		for received[i] <= n {
			ev, ok := <-events[i]
			require.True(t, ok, "reader %d ended", i)
			switch ev.Kind {
			case chatserver.KindMessage:
				require.Equal(t, text(received[i]), ev.Text, "reader %d: message order", i)
				received[i]++
			case chatserver.KindLeave:
				require.Equal(t, left("slow", chatserver.ReasonTooSlow, 2), ev, "reader %d", i)
				if dropped < 0 {
					dropped = sent
				}
			default:
				t.Fatalf("reader %d: unexpected %+v", i, ev)
			}
		}
	}
	// Send until the drop is seen, then a queue's worth more that the
	// others must still receive.
	for ; sent < maxMessages && (dropped < 0 || sent < dropped+queue); sent++ {
		say(ctx, t, sender, text(sent))
		if sent >= ahead {
			for i := range readers {
				await(i, sent-ahead)
			}
		}
	}
	require.GreaterOrEqual(t, dropped, 0, "the slow member was not dropped after %d messages", sent)
	for i := range readers {
		await(i, sent-1)
	}
	t.Logf("slow member dropped after %d messages of %d bytes; %d sent in all", dropped, textSize, sent)

	// The slow member reads at last: a prefix of the messages, in order,
	// then the Close frame.
	n := 0
	for {
		var ev chatserver.Event
		err := conn.ReadJSON(ctx, slow, &ev)
		var ce *conn.CloseError
		if errors.As(err, &ce) {
			assert.Equal(t, conn.StatusTryAgainLater, ce.Code)
			assert.Equal(t, chatserver.CloseReasonTooSlow, ce.Reason)
			break
		}
		require.NoError(t, err)
		if ev.Kind == chatserver.KindJoin {
			continue // reader and sender
		}
		require.Equal(t, chatserver.KindMessage, ev.Kind)
		require.Equal(t, text(n), ev.Text)
		n++
	}
	assert.LessOrEqual(t, n, dropped, "the slow member missed the messages after its queue overflowed")
	st, ok := slow.CloseStatus()
	require.True(t, ok)
	assert.Equal(t, conn.CloseStatus{Code: conn.StatusTryAgainLater, Reason: chatserver.CloseReasonTooSlow, WasClean: true}, st)

	for _, c := range readers {
		require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
	}
}

// TestServer_Binary checks that a binary message is refused with 1003.
func TestServer_Binary(t *testing.T) {
	ctx := testContext(t)
	srv := startServer(t, chatserver.New(nil))
	c := join(ctx, t, srv, "bin")
	require.NoError(t, c.Write(ctx, conn.MessageBinary, []byte{1, 2, 3}))
	_, _, err := c.Read(ctx)
	var ce *conn.CloseError
	require.True(t, errors.As(err, &ce), "got %v", err)
	assert.Equal(t, conn.StatusUnsupportedData, ce.Code)
}

func TestServer_Names(t *testing.T) {
	ctx := testContext(t)
	srv := startServer(t, chatserver.New(nil))
	tests := []struct {
		query, want string
	}{
		{"alice", "alice"},
		{"  spaced  ", "spaced"},
		{"a\x00b\nc\x1b", "abc"},
		{"bad\xffutf8", "badutf8"},
		{"héllo 世界", "héllo 世界"},
		{strings.Repeat("é", 40), strings.Repeat("é", chatserver.MaxName)},
		{"", "guest-1"},
		{" \t ", "guest-2"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.query), func(t *testing.T) {
			u := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws?name=" + url.QueryEscape(tc.query)
			c, _, err := conn.Dial(ctx, u, nil)
			require.NoError(t, err)
			ev := readEvent(ctx, t, c)
			assert.Equal(t, chatserver.KindJoin, ev.Kind)
			assert.Equal(t, tc.want, ev.Name)
			require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
		})
	}
}

// TestServer_Shutdown checks that members are closed with 1001 when the
// server's base context ends, and that Wait returns once they are gone.
func TestServer_Shutdown(t *testing.T) {
	base, stop := context.WithCancel(context.Background())
	defer stop()
	s := chatserver.New(nil)
	srv := httptest.NewUnstartedServer(s)
	srv.Config.BaseContext = func(net.Listener) context.Context { return base }
	srv.Start()
	defer srv.Close()

	ctx := testContext(t)
	c := join(ctx, t, srv, "last")
	stop()
	_, _, err := c.Read(ctx)
	var ce *conn.CloseError
	require.True(t, errors.As(err, &ce), "got %v", err)
	assert.Equal(t, conn.StatusGoingAway, ce.Code)
	s.Wait()
}

func TestServer_Page(t *testing.T) {
	srv := startServer(t, chatserver.New(nil))
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{http.MethodGet, "/", http.StatusOK, "new WebSocket("},
		{http.MethodHead, "/", http.StatusOK, ""},
		{http.MethodGet, "/missing", http.StatusNotFound, "404"},
		{http.MethodPost, "/", http.StatusMethodNotAllowed, "Method Not Allowed"},
		{http.MethodGet, "/ws", http.StatusBadRequest, ""},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequestWithContext(testContext(t), tc.method, srv.URL+tc.path, nil)
			require.NoError(t, err)
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Contains(t, string(body), tc.body)
		})
	}
}

func TestServer_Origin(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		origin   string
		ok       bool
	}{
		{"no origin (not a browser)", nil, "", true},
		{"same origin", nil, "http://{host}", true},
		{"foreign origin refused", nil, "http://evil.example", false},
		{"foreign origin allowed by pattern", []string{"*.example"}, "http://evil.example", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, chatserver.New(&chatserver.Options{OriginPatterns: tc.patterns}))
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", strings.ReplaceAll(tc.origin, "{host}", srv.Listener.Addr().String()))
			}
			c, resp, err := conn.Dial(testContext(t), "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", &conn.DialOptions{Header: h})
			if !tc.ok {
				require.Error(t, err)
				require.NotNil(t, resp)
				assert.Equal(t, http.StatusForbidden, resp.StatusCode)
				return
			}
			require.NoError(t, err)
			assert.NoError(t, c.Close(conn.StatusNormalClosure, ""))
		})
	}
}
