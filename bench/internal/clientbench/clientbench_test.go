package clientbench_test

import (
	"context"
	"testing"
	"time"

	"github.com/hybi-go/websocket/bench/internal/clientbench"
	"github.com/hybi-go/websocket/bench/internal/echo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	addr, stop, err := echo.Start("gobwas-loop", nil)
	require.NoError(t, err)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, lib := range clientbench.Libs() {
		t.Run(lib, func(t *testing.T) {
			res, err := clientbench.Run(ctx, clientbench.Config{Lib: lib, URL: "ws://" + addr + "/",
				Size: 4 << 10, InFlight: 4, Warmup: 30 * time.Millisecond, Duration: 150 * time.Millisecond})
			require.NoError(t, err)
			assert.Positive(t, res.Messages)
			assert.Positive(t, res.UsPerMsg)
		})
	}
	_, err = clientbench.Run(ctx, clientbench.Config{Lib: "nope"})
	assert.ErrorIs(t, err, clientbench.ErrUnknownLib)
}
