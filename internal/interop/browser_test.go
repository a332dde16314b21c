package interop_test

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

// requireChromium returns the Chromium executable, $HYBI_CHROMIUM or
// /usr/bin/chromium.
func requireChromium(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HYBI_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		missing(t, "chromium not found at %s (apt-get install chromium, or set HYBI_CHROMIUM)", path)
	}
	return path
}

// artifactDir is where screenshots go: $HYBI_ARTIFACTS, or a directory
// that lives as long as the test.
func artifactDir(t *testing.T) string {
	if dir := os.Getenv("HYBI_ARTIFACTS"); dir != "" {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		return dir
	}
	return t.TempDir()
}

// syncBuffer collects the echo server's log from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type browserResults struct {
	Page struct {
		Status  string
		Log     []string
		Console []string
	}
	Suite struct {
		Protocol   string
		Extensions string
		Welcome    string
		Messages   []struct {
			Kind string
			Len  int
			OK   bool
		}
		UTF8         bool
		BrowserClose closeEvent
		ServerClose  closeEvent
	}
}

type closeEvent struct {
	Type     string
	Code     int
	Reason   string
	WasClean bool
}

// TestChromium loads examples/echo's page from hybi's server in headless
// Chromium, then runs WebSocket exchanges from a script in that page.
func TestChromium(t *testing.T) {
	chromium := requireChromium(t)
	requireNode(t)

	var serverLog syncBuffer
	echo := echoserver.New(&echoserver.Options{
		Subprotocols: []string{"echo.v1"},
		Logger:       log.New(&serverLog, "", 0),
	})
	serverSaw := make(chan conn.CloseStatus, 1)
	mux := http.NewServeMux()
	mux.Handle("/", echo)
	mux.HandleFunc("/close", func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, nil)
		if err != nil {
			t.Errorf("accept /close: %v", err)
			return
		}
		if err := c.Close(4011, "server says bye"); err != nil {
			t.Errorf("close: %v", err)
		}
		st, _ := c.CloseStatus()
		serverSaw <- st
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	shot := filepath.Join(artifactDir(t), "echo-page.png")
	cfg := map[string]any{
		"url":         srv.URL + "/",
		"chromium":    chromium,
		"userDataDir": t.TempDir(),
		"screenshot":  shot,
		"sizes":       sizes,
	}
	peer := startNode(t, "browser.mjs", mustJSON(t, cfg))
	var res browserResults
	for _, name := range []string{"page", "suite"} {
		e := peer.next("result")
		require.Equal(t, name, e.Message)
		dst := any(&res.Page)
		if name == "suite" {
			dst = &res.Suite
		}
		require.NoError(t, json.Unmarshal(e.Result, dst))
	}
	peer.next("done")
	t.Logf("screenshot of the echo page: %s", shot)
	echo.Wait()
	t.Logf("echo server log:\n%s", serverLog.String())

	t.Run("page", func(t *testing.T) {
		p := res.Page
		assert.Equal(t, "closed", p.Status)
		log := strings.Join(p.Log, "\n")
		for _, want := range []string{
			"< Welcome to the WebSocket server!",
			"> Hello from client!",
			"< Hello, you sent -> Hello from client!",
			"> typed in the page",
			"< Hello, you sent -> typed in the page",
			`Closed: code 1000, reason "", wasClean true`,
		} {
			assert.Contains(t, log, want)
		}
		assert.Empty(t, p.Console, "console output of the page")
		info, err := os.Stat(shot)
		require.NoError(t, err)
		assert.Greater(t, info.Size(), int64(1000), "screenshot size")
	})
	t.Run("handshake", func(t *testing.T) {
		assert.Equal(t, "echo.v1", res.Suite.Protocol, "subprotocol")
		assert.Contains(t, res.Suite.Extensions, "permessage-deflate", "compression negotiated by the browser")
		assert.Equal(t, echoserver.Welcome, res.Suite.Welcome)
	})
	t.Run("messages", func(t *testing.T) {
		require.Len(t, res.Suite.Messages, 2*len(sizes))
		for _, m := range res.Suite.Messages {
			assert.True(t, m.OK, "%s message of %d bytes", m.Kind, m.Len)
		}
		assert.True(t, res.Suite.UTF8, "multi-byte UTF-8 round trip")
	})
	t.Run("browser-closes", func(t *testing.T) {
		// hybi answers with the code alone.
		assert.Equal(t, closeEvent{Type: "close", Code: 4010, WasClean: true}, res.Suite.BrowserClose)
		assert.Contains(t, serverLog.String(), `code 4010, reason "browser says bye", clean true`)
	})
	t.Run("server-closes", func(t *testing.T) {
		assert.Equal(t, closeEvent{Type: "close", Code: 4011, Reason: "server says bye", WasClean: true}, res.Suite.ServerClose)
		st := <-serverSaw
		assert.Equal(t, conn.CloseStatus{Code: 4011, Reason: "server says bye", WasClean: true}, st, "Chromium echoes code and reason")
	})
}
