package bufpool_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hybi-go/websocket/internal/bufpool"
)

func TestGetSizes(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, 1 << 10}, {1, 1 << 10}, {1024, 1 << 10}, {1025, 4 << 10}, {4096, 4 << 10},
		{4097, 16 << 10}, {65536, 64 << 10}, {65537, 256 << 10}, {bufpool.MaxSize, bufpool.MaxSize}, {1 << 30, bufpool.MaxSize},
	} {
		b := bufpool.Get(tc.n)
		assert.Len(t, *b, tc.want, "n=%d", tc.n)
		bufpool.Put(b)
	}
	odd := make([]byte, 3000)
	bufpool.Put(&odd) // dropped, not lent out later at the wrong size
	assert.Len(t, *bufpool.Get(2000), 4<<10)
}

func BenchmarkGetPut(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		bufpool.Put(bufpool.Get(4096))
	}
}
