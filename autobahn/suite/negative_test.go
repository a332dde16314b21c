package suite_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/autobahn/suite"
	"github.com/hybi-go/websocket/frame"
	"github.com/hybi-go/websocket/handshake"
)

// carelessEcho is an echo server that keeps every rule of RFC 6455 except
// the UTF-8 ones: it echoes text that is not UTF-8 and answers a Close
// frame whose reason is not UTF-8 with a normal Close, as coder/websocket
// does. Everything else it gets right: masking, reserved bits and opcodes,
// fragmentation, control frames, close codes.
func carelessEcho(w http.ResponseWriter, r *http.Request) {
	c, leftover, _, err := handshake.Upgrade(w, r, &handshake.ServerOptions{InsecureSkipOriginCheck: true})
	if err != nil {
		return
	}
	defer func() { _ = c.Close() }()
	br := bufio.NewReader(io.MultiReader(bytes.NewReader(leftover), c))
	var msg []byte
	var op frame.Opcode
	fail := func(code frame.StatusCode) {
		b, _ := frame.AppendClose(nil, code, "")
		_ = frame.WriteFrame(c, frame.Frame{Header: frame.Header{Fin: true, Opcode: frame.OpClose, Length: int64(len(b))}, Payload: b})
	}
	for {
		f, err := frame.ReadFrame(br, 64<<20)
		if err != nil {
			return
		}
		inMessage := op != 0
		switch {
		case f.Check() != nil, f.Rsv != 0, !f.Masked,
			f.Opcode == frame.OpContinuation && !inMessage,
			f.Opcode.IsData() && f.Opcode != frame.OpContinuation && inMessage:
			fail(frame.StatusProtocolError)
			return
		}
		switch f.Opcode {
		case frame.OpPing:
			_ = frame.WriteFrame(c, frame.Frame{Header: frame.Header{Fin: true, Opcode: frame.OpPong, Length: f.Length}, Payload: f.Payload})
		case frame.OpPong:
		case frame.OpClose:
			code, _, err := frame.ParseClose(f.Payload)
			switch {
			case err == nil || len(f.Payload) > 2 && isValidCode(f.Payload[:2]):
				// The reason is not checked: a valid code is echoed.
				reply := f.Payload[:min(2, len(f.Payload))]
				if code == frame.StatusNoStatusReceived {
					reply = nil
				}
				_ = frame.WriteFrame(c, frame.Frame{Header: frame.Header{Fin: true, Opcode: frame.OpClose, Length: int64(len(reply))}, Payload: reply})
			default:
				fail(frame.StatusProtocolError)
			}
			return
		default:
			if f.Opcode != frame.OpContinuation {
				op, msg = f.Opcode, nil
			}
			msg = append(msg, f.Payload...)
			if f.Fin {
				_ = frame.WriteFrame(c, frame.Frame{Header: frame.Header{Fin: true, Opcode: op, Length: int64(len(msg))}, Payload: msg})
				op = 0
			}
		}
	}
}

func isValidCode(b []byte) bool {
	_, _, err := frame.ParseClose(b)
	return err == nil
}

// TestCarelessServer runs the catalogue's frame, UTF-8 and close groups
// against carelessEcho: the cases that send invalid UTF-8 (in messages, in
// fragments, in a close reason) must fail, as they fail for coder/websocket
// in the official reports, and every other case must pass. It shows the
// harness catches a missing check rather than passing everything.
func TestCarelessServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(carelessEcho))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	opts := &suite.Options{TimeScale: 0.25, CaseTimeout: 30 * time.Second}
	rep, err := suite.RunServerTests(context.Background(), url, "careless", "1.*,5.*,6.*,7.*", opts)
	require.NoError(t, err)

	ref, err := suite.ReadIndex("/work/shared/autobahn-reference/coder-server/index.json")
	if err != nil {
		t.Skip("no coder reference results")
	}
	failedByCoder := 0
	for _, r := range rep.Results("careless") {
		want := ref["coder"][r.ID]
		if !strings.HasPrefix(r.ID, "6.") && r.ID != "7.5.1" {
			assert.True(t, r.Passed(), "case %s should pass: %s / %s", r.ID, r.Behavior, r.BehaviorClose)
			continue
		}
		coderFailed := want.Behavior == suite.VerdictFailed
		assert.Equal(t, coderFailed, r.Behavior == suite.VerdictFailed, "case %s: ours %s, coder's %s", r.ID, r.Behavior, want.Behavior)
		if coderFailed {
			failedByCoder++
		}
	}
	assert.Equal(t, 76, failedByCoder, "every case coder fails (6.*, 7.5.1) was run")
}
