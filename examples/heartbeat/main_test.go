package main

import (
	"context"
	"io"
	"log"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lines is a log destination that hands each line to the test.
type lines chan string

func (l lines) Write(p []byte) (int, error) {
	select {
	case l <- string(p):
	default:
	}
	return len(p), nil
}

func (l lines) await(ctx context.Context, t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	for {
		select {
		case line := <-l:
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case <-ctx.Done():
			require.FailNow(t, "no log line", "matching %v", re)
			return nil
		}
	}
}

// TestRunMain runs the command's server and client modes in-process: the
// client connects, reconnects when the server restarts, and both stop as
// Ctrl-C would stop them.
func TestRunMain(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	start := func(args ...string) (lines, func()) {
		l := make(lines, 64)
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- runMain(runCtx, args, io.Discard, log.New(l, "", 0)) }()
		return l, func() {
			stop()
			assert.NoError(t, <-done)
		}
	}

	serverLog, stopServer := start("-addr", "127.0.0.1:0", "-interval", "50ms")
	addr := serverLog.await(ctx, t, regexp.MustCompile(`running on ws://(\S+)/`))[1]
	clientLog, stopClient := start("-client", "-addr", addr, "-interval", "50ms", "-min-backoff", "10ms", "-max-backoff", "50ms")
	defer stopClient()
	clientLog.await(ctx, t, regexp.MustCompile(`^connected to ws://`+regexp.QuoteMeta(addr)+`/`))
	clientLog.await(ctx, t, regexp.MustCompile(`^received "connected; `))

	stopServer()
	clientLog.await(ctx, t, regexp.MustCompile(`1001.*trying again in`))
	serverLog, stopServer = start("-addr", addr, "-interval", "50ms")
	defer stopServer()
	serverLog.await(ctx, t, regexp.MustCompile(`running on`))
	clientLog.await(ctx, t, regexp.MustCompile(`^connected to`))
}

func TestRunMain_Usage(t *testing.T) {
	var stderr strings.Builder
	err := runMain(t.Context(), []string{"-nosuchflag"}, &stderr, log.New(io.Discard, "", 0))
	assert.Error(t, err)
	assert.Contains(t, stderr.String(), "-max-backoff")
	err = runMain(t.Context(), []string{"extra"}, &stderr, log.New(io.Discard, "", 0))
	assert.ErrorContains(t, err, "unexpected arguments")
}
