package utf8valid_test

import (
	"bytes"
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/hybi-go/websocket/internal/utf8valid"
)

// Sample texts. mixed is Greek, Japanese, Chinese and emoji with the
// spaces and punctuation real chat text has, so ASCII is a minority.
var benchTexts = []struct{ name, text string }{
	{"ascii", "The quick brown fox jumps over the lazy dog. {\"id\": 42, \"ok\": true}\n"},
	{"mixed", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. いろはにほへと ちりぬるを 我能吞下玻璃而不伤身体。😀🎉👍 "},
}

var benchSizes = []int{64, 1 << 10, 64 << 10}

func sizeName(n int) string {
	if n >= 1<<10 {
		return fmt.Sprintf("size=%dKiB", n>>10)
	}
	return fmt.Sprintf("size=%dB", n)
}

// benchInput repeats text to about n bytes, cut at a character boundary.
func benchInput(text string, n int) []byte {
	b := bytes.Repeat([]byte(text), n/len(text)+1)
	for !utf8.Valid(b[:n]) {
		n--
	}
	return b[:n]
}

func benchValid(b *testing.B, valid func([]byte) bool) {
	for _, tt := range benchTexts {
		for _, n := range benchSizes {
			b.Run(tt.name+"/"+sizeName(n), func(b *testing.B) {
				p := benchInput(tt.text, n)
				b.ReportAllocs()
				b.SetBytes(int64(len(p)))
				for b.Loop() {
					if !valid(p) {
						b.Fatal("invalid")
					}
				}
			})
		}
	}
}

func BenchmarkValid(b *testing.B) { benchValid(b, utf8valid.Valid) }

// BenchmarkStdlibValid is the baseline: unicode/utf8.Valid on the same inputs.
func BenchmarkStdlibValid(b *testing.B) { benchValid(b, utf8.Valid) }

func BenchmarkValidator_Write(b *testing.B) {
	benchValid(b, func(p []byte) bool {
		var v utf8valid.Validator
		// Fragments of 4000 bytes: boundaries fall inside characters.
		for len(p) > 4000 {
			v.Write(p[:4000])
			p = p[4000:]
		}
		v.Write(p)
		return v.Done()
	})
}
