package deflate_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/hybi-go/websocket/internal/deflate"
)

var benchSizes = []int{1 << 10, 64 << 10}

func sizeName(n int) string {
	if n >= 1<<10 {
		return fmt.Sprintf("size=%dKiB", n>>10)
	}
	return fmt.Sprintf("size=%dB", n)
}

// benchMessages returns distinct JSON-like messages of n bytes, so that
// context takeover helps as it would in real traffic but no message is an
// exact repeat.
func benchMessages(n int) [][]byte {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	msgs := make([][]byte, 16)
	for i := range msgs {
		msgs[i] = sample(rng, n)
	}
	return msgs
}

func BenchmarkCompressor_AppendMessage(b *testing.B) {
	for _, level := range []int{deflate.BestSpeed, 6} {
		for _, takeover := range []bool{false, true} {
			for _, n := range benchSizes {
				name := fmt.Sprintf("level=%d/takeover=%t/%s", level, takeover, sizeName(n))
				b.Run(name, func(b *testing.B) {
					msgs := benchMessages(n)
					c := deflate.NewCompressor(level, 15, takeover)
					dst := make([]byte, 0, 2*n)
					var in, out int
					b.ReportAllocs()
					b.SetBytes(int64(n))
					i := 0
					for b.Loop() {
						dst = c.AppendMessage(dst[:0], msgs[i%len(msgs)])
						in += n
						out += len(dst)
						i++
					}
					b.ReportMetric(float64(out)/float64(in), "ratio")
				})
			}
		}
	}
}

func BenchmarkDecompressor_AppendMessage(b *testing.B) {
	for _, takeover := range []bool{false, true} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("takeover=%t/%s", takeover, sizeName(n)), func(b *testing.B) {
				msgs := benchMessages(n)
				c := deflate.NewCompressor(deflate.BestSpeed, 15, takeover)
				// Replaying a recorded stream needs the same message
				// order, so record a full cycle and restart both ends.
				var payloads [][]byte
				for _, m := range msgs {
					payloads = append(payloads, c.AppendMessage(nil, m))
				}
				d := deflate.NewDecompressor(15, takeover)
				dst := make([]byte, 0, 2*n)
				b.ReportAllocs()
				b.SetBytes(int64(n))
				i := 0
				for b.Loop() {
					if i%len(payloads) == 0 {
						d = deflate.NewDecompressor(15, takeover)
					}
					var err error
					if dst, err = d.AppendMessage(dst[:0], payloads[i%len(payloads)], 1<<20); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

// idleBytes reports the heap retained per connection after each of n
// connections has sent and received one 1 KiB message in both directions
// with context takeover, when the pools have been emptied by GC.
func idleBytes(n int, windowBits int) float64 {
	msg := benchMessages(1 << 10)[0]
	type pair struct {
		c *deflate.Compressor
		d *deflate.Decompressor
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	conns := make([]pair, n)
	for i := range conns {
		c := deflate.NewCompressor(0, windowBits, true)
		d := deflate.NewDecompressor(windowBits, true)
		payload := c.AppendMessage(nil, msg)
		if _, err := d.AppendMessage(nil, payload, -1); err != nil {
			panic(err)
		}
		conns[i] = pair{c, d}
	}
	// Two collections empty sync.Pools (the victim cache survives one).
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(conns)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

func BenchmarkConn_IdleMemory(b *testing.B) {
	for _, bits := range []int{15, 10} {
		b.Run(fmt.Sprintf("bits=%d", bits), func(b *testing.B) {
			var per float64
			for b.Loop() {
				per = idleBytes(200, bits)
			}
			b.ReportMetric(per, "B/idle-conn")
		})
	}
}

// TestIdleMemory holds an idle connection with context takeover in both
// directions to its budget: the peer's 32 KiB window, our dictionary and
// small change, under 64 KiB.
func TestIdleMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("measures the heap; skipped with -short and -race")
	}
	per := idleBytes(500, 15)
	t.Logf("%.0f bytes retained per idle connection", per)
	if per > 64<<10 {
		t.Fatalf("%.0f bytes per idle connection, budget 64 KiB", per)
	}
	if per < 32<<10 {
		t.Fatalf("%.0f bytes per idle connection is less than the inflate window: measurement broken", per)
	}
}
