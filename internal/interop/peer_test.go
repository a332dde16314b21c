package interop_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// peerTimeout bounds every external process a test starts.
const peerTimeout = 2 * time.Minute

// eventTimeout bounds the wait for one event from a peer.
const eventTimeout = 30 * time.Second

// missing skips the test because a peer is not installed, or fails it when
// HYBI_INTEROP_REQUIRED=1 says every peer must run.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("HYBI_INTEROP_REQUIRED") == "1" {
		t.Fatalf("HYBI_INTEROP_REQUIRED=1 but "+format, args...)
	}
	t.Skipf(format, args...)
}

// requireNode returns the path of node after checking that the fixture's
// packages are installed.
func requireNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node is not installed (apt-get install nodejs npm)")
	}
	for _, pkg := range []string{"ws", "playwright-core"} {
		if _, err := os.Stat(filepath.Join("node", "node_modules", pkg, "package.json")); err != nil {
			missing(t, "node package %s is not installed (npm ci --prefix internal/interop/node)", pkg)
		}
	}
	return node
}

// event is one JSON line from a Node script.
type event struct {
	Ev         string            `json:"ev"`
	Port       int               `json:"port"`
	Extensions string            `json:"extensions"`
	Agreed     string            `json:"agreed"` // Sec-WebSocket-Extensions of the 101
	Protocol   string            `json:"protocol"`
	Binary     bool              `json:"binary"`
	Len        int               `json:"len"`
	SHA256     string            `json:"sha256"`
	Data       []byte            `json:"data"`
	Code       int               `json:"code"`
	Reason     string            `json:"reason"`
	Message    string            `json:"message"`
	Request    map[string]string `json:"request"`
	Result     json.RawMessage   `json:"result"`
}

// nodeProc is a Node script the test talks to with JSON lines.
type nodeProc struct {
	t      *testing.T
	stdin  io.WriteCloser
	events chan event
	mu     sync.Mutex // guards stdin
}

// startNode runs node script with args from the fixture directory. The
// process ends when the test does: its stdin is closed, and it is killed if
// it has not exited within peerTimeout of its start.
func startNode(t *testing.T, script string, args ...string) *nodeProc {
	t.Helper()
	node := requireNode(t)
	ctx, cancel := context.WithTimeout(context.Background(), peerTimeout)
	cmd := exec.CommandContext(ctx, node, append([]string{script}, args...)...)
	cmd.Dir = "node"
	cmd.WaitDelay = 5 * time.Second
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	p := &nodeProc{t: t, stdin: stdin, events: make(chan event, 1024)}
	go func() {
		defer close(p.events)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		for sc.Scan() {
			var e event
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				e = event{Ev: "garbage", Message: sc.Text()}
			}
			p.events <- e
		}
	}()
	t.Cleanup(func() {
		_ = stdin.Close()
		err := cmd.Wait()
		cancel()
		if t.Failed() || (err != nil && ctx.Err() != nil) {
			t.Logf("%s (pid %d) ended: %v; stderr:\n%s", script, cmd.Process.Pid, err, stderr.String())
		}
	})
	return p
}

// send writes one command line to the script.
func (p *nodeProc) send(cmd map[string]any) {
	p.t.Helper()
	b, err := json.Marshal(cmd)
	require.NoError(p.t, err)
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err = p.stdin.Write(append(b, '\n'))
	require.NoError(p.t, err)
}

// next returns the next event of kind ev, skipping others (logged), and
// fails the test when none comes in time.
func (p *nodeProc) next(ev string) event {
	p.t.Helper()
	timer := time.NewTimer(eventTimeout)
	defer timer.Stop()
	for {
		select {
		case e, ok := <-p.events:
			if !ok {
				p.t.Fatalf("node exited while waiting for %q", ev)
			}
			if e.Ev == ev {
				return e
			}
			if e.Ev == "error" || e.Ev == "garbage" {
				p.t.Logf("node: %s: %s", e.Ev, e.Message)
			}
		case <-timer.C:
			p.t.Fatalf("no %q event from node in %v", ev, eventTimeout)
		}
	}
}
