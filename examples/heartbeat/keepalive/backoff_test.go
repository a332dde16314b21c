package keepalive_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hybi-go/websocket/examples/heartbeat/keepalive"
)

func TestBackoff_Next(t *testing.T) {
	tests := []struct {
		name     string
		min, max time.Duration
		// ceilings lists d for the first failures; the last repeats.
		ceilings []time.Duration
	}{
		{"doubles to the cap", 100 * time.Millisecond, time.Second, []time.Duration{
			100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second,
		}},
		{"cap not a power of two of min", 3 * time.Second, 10 * time.Second, []time.Duration{
			3 * time.Second, 6 * time.Second, 10 * time.Second,
		}},
		{"max below min", time.Second, time.Millisecond, []time.Duration{time.Second}},
		{"min equals max", time.Second, time.Second, []time.Duration{time.Second}},
		{"zero", 0, 0, []time.Duration{0}},
		{"huge cap does not overflow", time.Hour, math.MaxInt64, []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := keepalive.Backoff{Min: tc.min, Max: tc.max}
			for n := range 100 {
				d := tc.ceilings[min(n, len(tc.ceilings)-1)]
				if n >= len(tc.ceilings) && tc.max == math.MaxInt64 {
					break // the doubling goes on; three steps show it
				}
				got := b.Next()
				assert.GreaterOrEqual(t, got, d/2, "failure %d", n)
				assert.LessOrEqual(t, got, d, "failure %d", n)
				assert.Equal(t, n+1, b.Failures())
			}
		})
	}
}

func TestBackoff_HugeFailureCount(t *testing.T) {
	b := keepalive.Backoff{Min: time.Nanosecond, Max: math.MaxInt64}
	for range 200 {
		assert.Positive(t, b.Next())
	}
}

func TestBackoff_Jitter(t *testing.T) {
	b := keepalive.Backoff{Min: time.Second, Max: time.Second}
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[b.Next()] = true
	}
	// 50 draws among half a billion nanoseconds: equal ones would mean no
	// jitter at all.
	assert.Greater(t, len(seen), 40, "distinct waits")
}

func TestBackoff_Reset(t *testing.T) {
	b := keepalive.Backoff{Min: time.Second, Max: time.Minute}
	for range 5 {
		b.Next()
	}
	assert.Greater(t, b.Next(), 16*time.Second)
	b.Reset()
	assert.Equal(t, 0, b.Failures())
	assert.LessOrEqual(t, b.Next(), time.Second)
}

// Waits double from Min up to Max; jitter puts each in the upper half of
// its range.
func ExampleBackoff() {
	b := keepalive.Backoff{Min: 100 * time.Millisecond, Max: time.Second}
	ceiling := b.Min
	for n := 1; n <= 6; n++ {
		wait := b.Next()
		fmt.Printf("failure %d: wait in [%v, %v]: %v\n", n, ceiling/2, ceiling, wait >= ceiling/2 && wait <= ceiling)
		ceiling = min(2*ceiling, b.Max)
	}
	// Output:
	// failure 1: wait in [50ms, 100ms]: true
	// failure 2: wait in [100ms, 200ms]: true
	// failure 3: wait in [200ms, 400ms]: true
	// failure 4: wait in [400ms, 800ms]: true
	// failure 5: wait in [500ms, 1s]: true
	// failure 6: wait in [500ms, 1s]: true
}
