package keepalive

import (
	"math"
	"math/rand/v2"
	"time"
)

// Backoff computes the waits between reconnection attempts: capped
// exponential backoff with jitter. After n consecutive failures (counting
// from 0), Next returns a random duration between d/2 and d, where
// d = min(Max, Min·2ⁿ). The zero value waits 0; set Min and Max. A Backoff
// is for one goroutine.
type Backoff struct {
	// Min is d for the first failure.
	Min time.Duration
	// Max caps d. A Max below Min means Min.
	Max time.Duration

	failures int
}

// Next returns the wait before the next attempt and counts one failure.
func (b *Backoff) Next() time.Duration {
	limit := max(b.Max, b.Min)
	d := max(b.Min, 0)
	for i := 0; i < b.failures && d > 0 && d < limit; i++ {
		d = min(d, math.MaxInt64/2) * 2
	}
	d = min(d, limit)
	b.failures++
	if d <= 1 {
		return d
	}
	// Equal jitter: half the wait is fixed, so the backoff still grows,
	// and half is random, so clients dropped together spread out.
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

// Failures returns the number of failures counted since the last Reset.
func (b *Backoff) Failures() int { return b.failures }

// Reset forgets the failures: the next wait is drawn from Min again.
func (b *Backoff) Reset() { b.failures = 0 }
