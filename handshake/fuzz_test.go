package handshake_test

import (
	"testing"

	"github.com/hybi-go/websocket/handshake"
)

func FuzzParseExtensions(f *testing.F) {
	for _, seed := range []string{
		"",
		"permessage-deflate",
		"permessage-deflate; client_max_window_bits",
		`permessage-deflate; server_max_window_bits="10", permessage-deflate`,
		`x; a="\1\0"`,
		" , a ,, b ; c = d ",
		`x; a="1 0"`,
		`x; a="`,
		"x; a=\"\x80\"",
	} {
		f.Add(seed, "y; z")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		exts, err := handshake.ParseExtensions([]string{a, b})
		if err != nil {
			return
		}
		// Parsed names and values are tokens, so the canonical form must
		// parse back to the same list.
		again, err := handshake.ParseExtensions([]string{handshake.FormatExtensions(exts)})
		if err != nil {
			t.Fatalf("canonical form of %q, %q does not parse: %v", a, b, err)
		}
		if len(again) != len(exts) {
			t.Fatalf("round trip of %q, %q: %d extensions, want %d", a, b, len(again), len(exts))
		}
		for i := range exts {
			if again[i].Name != exts[i].Name || len(again[i].Params) != len(exts[i].Params) {
				t.Fatalf("round trip of %q, %q: got %+v, want %+v", a, b, again[i], exts[i])
			}
			for j := range exts[i].Params {
				if again[i].Params[j] != exts[i].Params[j] {
					t.Fatalf("round trip of %q, %q: got %+v, want %+v", a, b, again[i], exts[i])
				}
			}
		}
	})
}
