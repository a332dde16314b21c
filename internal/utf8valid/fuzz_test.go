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
		// Each 5 bits of splits choose the next chunk length (1..16) and
		// whether an empty chunk comes before it.
		var v utf8valid.Validator
		rejected := false
		for rest := b; len(rest) > 0; splits = splits>>5 | splits<<59 {
			if splits&16 != 0 && v.Write(nil) == rejected {
				t.Fatalf("an empty Write changed the verdict, input %q", b)
			}
			n := min(int(splits&15)+1, len(rest))
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
