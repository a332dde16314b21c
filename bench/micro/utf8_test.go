package micro_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/hybi-go/websocket/internal/utf8valid"
	"github.com/stretchr/testify/assert"
)

// stdlib is what gorilla (close reasons), coder, gobwas and gws validate
// text with; hybi has its own validator.
var validators = []struct {
	lib   string
	valid func([]byte) bool
}{
	{"hybi", utf8valid.Valid},
	{"stdlib", utf8.Valid},
	{"hybi-validator", func(b []byte) bool {
		var v utf8valid.Validator
		return v.Write(b) && v.Done()
	}},
}

var utf8Texts = []struct{ name, text string }{
	{"ascii", `{"id":42,"user":"user7","active":true,"text":"The quick brown fox jumps over the lazy dog."}`},
	{"mixed", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. いろはにほへと ちりぬるを 我能吞下玻璃而不伤身体。😀🎉👍 "},
}

// utf8Input repeats text to at most n bytes, cut at a character boundary.
func utf8Input(text string, n int) []byte {
	b := bytes.Repeat([]byte(text), n/len(text)+1)[:n]
	for !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return b
}

func TestValidatorsAgree(t *testing.T) {
	inputs := [][]byte{nil, []byte("a"), {0xff}, {0xe2, 0x82}, {0xed, 0xa0, 0x80}, []byte("€𝄞")}
	for _, tt := range utf8Texts {
		b := utf8Input(tt.text, 1000)
		inputs = append(inputs, b, append(bytes.Clone(b), 0xc0, 0x80))
	}
	for _, in := range inputs {
		for _, v := range validators {
			assert.Equal(t, utf8.Valid(in), v.valid(in), "%s %x", v.lib, in)
		}
	}
}

func BenchmarkUTF8_Valid(b *testing.B) {
	for _, v := range validators {
		for _, tt := range utf8Texts {
			for _, n := range []int{16, 1 << 10, 64 << 10} {
				in := utf8Input(tt.text, n)
				b.Run("lib="+v.lib+"/text="+tt.name+"/"+sizeName(n), func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(in)))
					for b.Loop() {
						if !v.valid(in) {
							b.Fatal("valid text rejected")
						}
					}
				})
			}
		}
	}
}
