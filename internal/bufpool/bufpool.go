// Package bufpool lends byte buffers in a few size classes, so connections
// borrow memory while a message is in flight instead of owning it for life.
package bufpool

import "sync"

// Size classes: 1 KiB up to MaxSize in powers of four.
const (
	minShift = 10
	MaxSize  = 1 << 18
)

var pools [5]sync.Pool // 1 KiB, 4 KiB, 16 KiB, 64 KiB, 256 KiB

func class(n int) int {
	c := 0
	for size := 1 << minShift; size < n && c < len(pools)-1; size <<= 2 {
		c++
	}
	return c
}

// Get returns a buffer of length at least n (at most MaxSize; larger
// requests get a MaxSize buffer). Return it with Put when done.
func Get(n int) *[]byte {
	c := class(n)
	if v := pools[c].Get(); v != nil {
		return v.(*[]byte)
	}
	b := make([]byte, 1<<(minShift+2*c))
	return &b
}

// Put returns a buffer obtained from Get. Buffers of other sizes are dropped.
func Put(b *[]byte) {
	n := len(*b)
	c := class(n)
	if n != 1<<(minShift+2*c) {
		return
	}
	pools[c].Put(b)
}
