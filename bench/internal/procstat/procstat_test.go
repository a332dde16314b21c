package procstat_test

import (
	"os"
	"testing"

	"github.com/hybi-go/websocket/bench/internal/procstat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSelf(t *testing.T) {
	pid := os.Getpid()
	before, err := procstat.CPU(pid)
	require.NoError(t, err)
	x := 0
	for i := range 200_000_000 {
		x ^= i * i
	}
	after, err := procstat.CPU(pid)
	require.NoError(t, err)
	assert.Greater(t, after, before, "spinning must cost CPU time (x=%d)", x)

	rss, err := procstat.RSS(pid)
	require.NoError(t, err)
	assert.Greater(t, rss, int64(1<<20))

	r, w, err := procstat.Syscalls(pid)
	require.NoError(t, err)
	assert.Positive(t, r+w)

	busy, err := procstat.SystemBusy()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, busy, after)
	assert.NotEqual(t, "?", procstat.LoadAvg())
}

func TestCPU_NoSuchProcess(t *testing.T) {
	_, err := procstat.CPU(-1)
	assert.Error(t, err)
}
