package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/hybi-go/websocket/bench/internal/load"
	"github.com/stretchr/testify/assert"
)

func TestMedian(t *testing.T) {
	assert.True(t, math.IsNaN(median(nil)))
	assert.Equal(t, 2.0, median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
}

func TestRotate(t *testing.T) {
	s := []string{"a", "b", "c"}
	assert.Equal(t, []string{"a", "b", "c"}, rotate(s, 0))
	assert.Equal(t, []string{"c", "a", "b"}, rotate(s, 2))
	assert.Equal(t, []string{"b", "c", "a"}, rotate(s, 4))
	assert.Nil(t, rotate(nil, 1))
}

func TestStat_Noisy(t *testing.T) {
	s := &stat{vals: []float64{10, 10.5, 9.8, 14}, others: []float64{0, 0.5, 0, 0}}
	assert.Equal(t, 2, s.noisy(), "one disturbed round, one outlier")
	assert.InDelta(t, (14-9.8)/10.25, s.spread(), 1e-9)
}

func TestReport(t *testing.T) {
	rows := []row{allRows[0], latencyRows[0]}
	r := &runner{o: &options{libs: []string{"hybi", "gobwas-loop"}, rounds: 1, idleConns: 10}}
	res := func(us, p50 float64) *load.Result {
		return &load.Result{UsPerMsg: us, MsgsPerSec: 1000, Window: 1, P50: p50, P99: 2 * p50}
	}
	r.records = []record{
		{Kind: "throughput", Row: "16B", Lib: "hybi", Load: res(3, 0)},
		{Kind: "throughput", Row: "16B", Lib: "gobwas-loop", Load: res(0.5, 0)},
		{Kind: "latency", Row: "lat-16B", Lib: "hybi", Load: res(100, 40)},
		{Kind: "latency", Row: "lat-16B", Lib: "gobwas-loop", Err: "boom"},
		{Kind: "idle", Row: "idle", Lib: "hybi", Load: &load.Result{PerConn: 2048}},
	}
	var out bytes.Buffer
	report(&out, r, rows, "1 1 1", "2 2 2")
	s := out.String()
	assert.Contains(t, s, "| 16 B, 64 x 32 | 3.00 (6.0x) | 0.50 |")
	assert.Contains(t, s, "| 16 B, 1 x 1 | 40 / 80; 100.0 | error |")
	assert.Contains(t, s, "| KiB per connection | 2.0 | – |")
	assert.True(t, strings.HasPrefix(s, "## Measured "))
}
