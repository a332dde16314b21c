package deflate_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/internal/deflate"
)

// sample returns n bytes of JSON-like text that compresses well but not
// trivially.
func sample(rng *rand.Rand, n int) []byte {
	words := []string{`{"id":`, `"name":`, `"value":`, `true`, `false`, `null`, `}`, `,`, `[`, `]`, `"status":"ok"`, ` `}
	var b bytes.Buffer
	for b.Len() < n {
		if rng.IntN(4) == 0 {
			fmt.Fprintf(&b, "%d", rng.IntN(100000))
		} else {
			b.WriteString(words[rng.IntN(len(words))])
		}
	}
	return b.Bytes()[:n]
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

func TestCompressor_roundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	levels := []int{deflate.HuffmanOnly, 0, 1, 2, 4, 6, 9}
	for _, level := range levels {
		for _, bits := range []int{8, 9, 10, 12, 15} {
			for _, takeover := range []bool{false, true} {
				name := fmt.Sprintf("level=%d/bits=%d/takeover=%t", level, bits, takeover)
				t.Run(name, func(t *testing.T) {
					c := deflate.NewCompressor(level, bits, takeover)
					d := deflate.NewDecompressor(bits, takeover)
					var stream bytes.Buffer
					for i := range 10 {
						var msg []byte
						switch n := rng.IntN(3000); i % 5 {
						case 0:
							msg = sample(rng, n)
						case 1:
							msg = randomBytes(rng, n)
						case 2:
							msg = nil
						case 3:
							msg = sample(rng, 40000+n)
						default:
							msg = bytes.Repeat([]byte("abc"), n)
						}
						if i%2 == 0 {
							comp := c.AppendMessage(nil, msg)
							got, err := d.AppendMessage(nil, comp, -1)
							require.NoError(t, err, "message %d", i)
							require.True(t, bytes.Equal(msg, got), "message %d", i)
							continue
						}
						stream.Reset()
						w := c.Writer(&stream)
						for rest := msg; len(rest) > 0; {
							k := min(len(rest), 1+rng.IntN(5000))
							_, err := w.Write(rest[:k])
							require.NoError(t, err)
							rest = rest[k:]
						}
						require.NoError(t, w.Close())
						got, err := io.ReadAll(d.Reader(&stream, -1))
						require.NoError(t, err, "message %d", i)
						require.True(t, bytes.Equal(msg, got), "message %d", i)
					}
				})
			}
		}
	}
}

func TestCompressor_AppendMessage_empty(t *testing.T) {
	c := deflate.NewCompressor(0, 15, true)
	assert.Equal(t, []byte{0x00}, c.AppendMessage(nil, nil))
}

func TestCompressor_AppendMessage_appends(t *testing.T) {
	c := deflate.NewCompressor(0, 15, false)
	got := c.AppendMessage([]byte("prefix"), []byte("Hello"))
	require.True(t, bytes.HasPrefix(got, []byte("prefix")))
	d := deflate.NewDecompressor(15, false)
	out, err := d.AppendMessage([]byte("x"), got[len("prefix"):], -1)
	require.NoError(t, err)
	assert.Equal(t, "xHello", string(out))
}
