package utf8valid_test

import (
	"testing"
	"unicode/utf8"

	"github.com/hybi-go/websocket/internal/utf8valid"
)

var fuzzSeeds = []string{
	"",
	"Hello",
	"κόσμε",
	"\U0010ffff\u0800\u07ff",
	"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80edited",
	"\xed\xa0\x80",
	"\xc0\x80",
	"\xf0\x8f\xbf\xbf",
	"abcdefghijklmnopqrstuvwxyz\xe2\x82",
	"漢字かな交じり文😀 and ASCII ωμέγα",
}

func FuzzValid(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := utf8valid.Valid(b), utf8.Valid(b); got != want {
			t.Fatalf("Valid(%q) = %v, want %v", b, got, want)
		}
	})
}

func FuzzValidator(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add([]byte(s), uint64(i)*0x9e3779b97f4a7c15)
	}
	f.Fuzz(func(t *testing.T, b []byte, splits uint64) {
		// Each 4 bits of splits choose the next chunk length (0..15).
		var v utf8valid.Validator
		rejected := false
		for rest := b; len(rest) > 0; splits = splits>>4 | splits<<60 {
			n := min(int(splits&15), len(rest))
			ok := v.Write(rest[:n])
			if rejected && ok {
				t.Fatalf("Write accepted data after a rejection, input %q", b)
			}
			rejected = !ok
			rest = rest[n:]
		}
		if got, want := v.Done() && !rejected, utf8.Valid(b); got != want {
			t.Fatalf("Validator on %q = %v, want %v", b, got, want)
		}
	})
}
