package handshake_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/handshake"
)

// slowUpgrader answers each handshake after holding it for a while and
// records the most handshakes it held at once.
type slowUpgrader struct {
	hold         time.Duration
	active, peak atomic.Int32
}

func (s *slowUpgrader) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.active.Add(1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			break
		}
	}
	time.Sleep(s.hold)
	s.active.Add(-1)
	nc, _, _, err := handshake.Upgrade(w, r, &handshake.ServerOptions{InsecureSkipOriginCheck: true})
	if err == nil {
		nc.Close()
	}
}

func dialMany(t *testing.T, url string, n int, opts *handshake.ClientOptions) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rwc, _, _, err := handshake.Dial(context.Background(), url, opts)
			if assert.NoError(t, err) {
				rwc.Close()
			}
		}()
	}
	wg.Wait()
}

// RFC 6455, Section 4.1, client requirement 2: simultaneous handshakes to
// one host and port are serialized, unless the caller opts out.
func TestDial_OneHandshakeAtATime(t *testing.T) {
	s := &slowUpgrader{hold: 30 * time.Millisecond}
	srv := httptest.NewServer(s)
	defer srv.Close()
	dialMany(t, srv.URL, 5, nil)
	assert.Equal(t, int32(1), s.peak.Load(), "handshakes in progress at once")
	assert.Zero(t, handshake.PendingHosts(), "every turn is given back")

	s.peak.Store(0)
	dialMany(t, srv.URL, 5, &handshake.ClientOptions{ConcurrentHandshakes: true})
	assert.Greater(t, s.peak.Load(), int32(1), "ConcurrentHandshakes runs them at once")
}

// A Dial waiting for its turn gives up with its context, and a failed
// handshake gives the turn back.
func TestDial_WaitingForTurn(t *testing.T) {
	s := &slowUpgrader{hold: 500 * time.Millisecond}
	srv := httptest.NewServer(s)
	defer srv.Close()
	first := make(chan error, 1)
	go func() {
		rwc, _, _, err := handshake.Dial(context.Background(), srv.URL, nil)
		if err == nil {
			rwc.Close()
		}
		first <- err
	}()
	require.Eventually(t, func() bool { return s.active.Load() == 1 }, 5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, _, err := handshake.Dial(ctx, srv.URL, nil)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Less(t, time.Since(start), 400*time.Millisecond, "gave up with its context, not after the other handshake")
	require.NoError(t, <-first)
	assert.Zero(t, handshake.PendingHosts())

	// A refused handshake frees the host too.
	refusing := httptest.NewServer(http.NotFoundHandler())
	defer refusing.Close()
	_, _, _, err = handshake.Dial(context.Background(), refusing.URL, nil)
	require.Error(t, err)
	assert.Zero(t, handshake.PendingHosts())
}

func TestHostKey(t *testing.T) {
	for raw, want := range map[string]string{
		"ws://Example.COM/chat":      "example.com:80",
		"wss://example.com/":         "example.com:443",
		"http://example.com:8080/x":  "example.com:8080",
		"https://127.0.0.1/":         "127.0.0.1:443",
		"ws://[0:0::1]:9000/":        "[::1]:9000",
		"ws://[::ffff:10.0.0.1]:81/": "10.0.0.1:81",
	} {
		assert.Equal(t, want, handshake.HostKey(raw), raw)
	}
}
