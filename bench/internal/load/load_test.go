package load_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/hybi-go/websocket/bench/internal/echo"
	"github.com/hybi-go/websocket/bench/internal/load"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serve(t *testing.T, lib string, compress bool) string {
	t.Helper()
	addr, stop, err := echo.Start(lib, &echo.Options{Compress: compress})
	require.NoError(t, err)
	t.Cleanup(stop)
	return addr
}

func TestRun_Modes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The server runs in this process, so its CPU is ours: the figure is
	// checked for plausibility only.
	tests := []struct {
		name string
		lib  string
		cfg  load.Config
	}{
		{"throughput", "gobwas-loop", load.Config{Conns: 4, InFlight: 8, Size: 1 << 10}},
		{"throughput-large", "hybi", load.Config{Conns: 2, InFlight: 2, Size: 200 << 10}},
		{"raw", "tcp", load.Config{Conns: 2, InFlight: 4, Raw: true}},
		{"deflate", "hybi", load.Config{Conns: 2, InFlight: 4, Size: 1 << 10, Compress: true}},
		{"latency", "gws", load.Config{Mode: load.ModeLatency}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Addr = serve(t, tt.lib, cfg.Compress)
			cfg.ServerPID = os.Getpid()
			cfg.Warmup, cfg.Duration = 50*time.Millisecond, 200*time.Millisecond
			res, err := load.Run(ctx, cfg)
			require.NoError(t, err)
			assert.Positive(t, res.Messages)
			// A busy machine may wake the sampler late, never early.
			assert.GreaterOrEqual(t, res.Window, 0.19)
			assert.Less(t, res.Window, 2.0)
			assert.Positive(t, res.MsgsPerSec)
			if cfg.Mode == load.ModeLatency {
				assert.Positive(t, res.P50)
				assert.GreaterOrEqual(t, res.P99, res.P50)
			}
		})
	}
}

func TestRun_Idle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := load.Run(ctx, load.Config{Mode: load.ModeIdle, Addr: serve(t, "hybi", false),
		ServerPID: os.Getpid(), Conns: 50, Sources: 2})
	require.NoError(t, err)
	assert.Equal(t, int64(50), res.Messages)
	assert.Positive(t, res.RSSBefore)
	assert.Positive(t, res.RSSAfter)
}

func TestRun_Refusals(t *testing.T) {
	ctx := context.Background()
	_, err := load.Run(ctx, load.Config{Mode: load.ModeIdle, Addr: "127.0.0.1:1"})
	assert.Error(t, err, "idle mode without a pid")
	_, err = load.Run(ctx, load.Config{Mode: "nope"})
	assert.Error(t, err)
	_, err = load.Run(ctx, load.Config{Addr: serve(t, "gobwas-loop", false), Compress: true, Conns: 1})
	assert.ErrorIs(t, err, load.ErrNoCompression)
}

func TestPayload(t *testing.T) {
	for _, n := range []int{1, 2, 16, 1 << 10, 64 << 10} {
		p := load.Payload(n)
		assert.Len(t, p, n)
	}
	assert.Equal(t, byte(']'), load.Payload(1 << 10)[1<<10-1])
}
