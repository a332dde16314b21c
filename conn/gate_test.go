package conn

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Many goroutines, some of them giving up at random: the count a held gate
// guards is never seen by two at once, and nobody waits forever.
func TestGate_Exclusion(t *testing.T) {
	g := newGate()
	var (
		inside, taken, gaveUp int
		wg                    sync.WaitGroup
		mu                    sync.Mutex // guards taken and gaveUp only
	)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 2000 {
				var quit chan struct{}
				if (i+j)%5 == 0 {
					quit = make(chan struct{})
					close(quit)
				}
				if g.lock(quit, nil, nil) != 0 {
					mu.Lock()
					gaveUp++
					mu.Unlock()
					continue
				}
				inside++
				if inside != 1 {
					t.Errorf("%d holders at once", inside)
				}
				inside--
				mu.Lock()
				taken++
				mu.Unlock()
				g.unlock()
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a waiter was never woken")
	}
	assert.Equal(t, 16*2000, taken+gaveUp)
	assert.Positive(t, taken)
	assert.True(t, g.tryLock(), "the gate is free at the end")
}

// A waiter gives up on the channel that fires, and reports which one.
func TestGate_GiveUp(t *testing.T) {
	g := newGate()
	require.True(t, g.tryLock())
	assert.False(t, g.tryLock())
	for i := 1; i <= 3; i++ {
		chans := [3]chan struct{}{}
		fire := make(chan struct{})
		chans[i-1] = fire
		got := make(chan int)
		go func() { got <- g.lock(chans[0], chans[1], chans[2]) }()
		time.Sleep(10 * time.Millisecond)
		close(fire)
		assert.Equal(t, i, <-got)
	}
	// A waiter that is still there when the gate frees takes it.
	got := make(chan int)
	go func() { got <- g.lock(nil, nil, nil) }()
	time.Sleep(10 * time.Millisecond)
	g.unlock()
	select {
	case r := <-got:
		assert.Equal(t, 0, r)
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter was not woken")
	}
	assert.False(t, g.tryLock(), "the waiter holds the gate")
}
