package handshake_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/handshake"
)

type (
	ext   = handshake.Extension
	param = handshake.Param
)

func TestParseExtensions_Valid(t *testing.T) {
	deflate := "permessage-deflate"
	tests := []struct {
		name   string
		values []string
		want   []ext
	}{
		{"no header", nil, nil},
		{"empty value", []string{""}, nil},
		{"only whitespace and commas", []string{" , ,\t,"}, nil},
		{"bare token", []string{deflate}, []ext{{Name: deflate}}},
		{"param without value", []string{"permessage-deflate; client_max_window_bits"},
			[]ext{{Name: deflate, Params: []param{{Name: "client_max_window_bits"}}}}},
		{"token value", []string{"permessage-deflate;server_max_window_bits=10"},
			[]ext{{Name: deflate, Params: []param{{Name: "server_max_window_bits", Value: "10"}}}}},
		{"quoted value", []string{`permessage-deflate; server_max_window_bits="10"`},
			[]ext{{Name: deflate, Params: []param{{Name: "server_max_window_bits", Value: "10"}}}}},
		{"escaped quoted value", []string{`x; a="\1\0"`},
			[]ext{{Name: "x", Params: []param{{Name: "a", Value: "10"}}}}},
		{"escape mid value", []string{`x; a="a\-b"`},
			[]ext{{Name: "x", Params: []param{{Name: "a", Value: "a-b"}}}}},
		{"whitespace around separators", []string{" x \t; a = 1 ;b\t=\t\"2\" , y ;c "},
			[]ext{
				{Name: "x", Params: []param{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}},
				{Name: "y", Params: []param{{Name: "c"}}},
			}},
		{"several elements", []string{"a, b; x, a; y=2"},
			[]ext{{Name: "a"}, {Name: "b", Params: []param{{Name: "x"}}}, {Name: "a", Params: []param{{Name: "y", Value: "2"}}}}},
		{"several headers in order", []string{"a", "", "b; x=1", "c"},
			[]ext{{Name: "a"}, {Name: "b", Params: []param{{Name: "x", Value: "1"}}}, {Name: "c"}}},
		{"empty elements tolerated", []string{",a,,b,"}, []ext{{Name: "a"}, {Name: "b"}}},
		{"repeated params kept", []string{"x; a=1; a=2"},
			[]ext{{Name: "x", Params: []param{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}}}}},
		{"all tchars", []string{"!#$%&'*+-.^_`|~09azAZ"}, []ext{{Name: "!#$%&'*+-.^_`|~09azAZ"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handshake.ParseExtensions(tt.values)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseExtensions_Invalid(t *testing.T) {
	tests := []struct {
		name   string
		value  string
		offset int
	}{
		{"leading semicolon", "; a", 0},
		{"empty param", "x;", 2},
		{"empty param before comma", "x; ,y", 3},
		{"missing value", "x; a=", 5},
		{"missing value before semicolon", "x; a= ;b", 6},
		{"space inside name", "per message", 4},
		{"separator in name", "x/y", 1},
		{"separator in value", "x; a=b/c", 6},
		{"unterminated quote", `x; a="10`, 8},
		{"empty quoted value", `x; a=""`, 5},
		{"quoted value not a token", `x; a="1 0"`, 5},
		{"escaped quote value not a token", `x; a="\""`, 5},
		{"dangling backslash", `x; a="1\`, 8},
		{"control char in quoted", "x; a=\"1\x01\"", 7},
		{"DEL in quoted", "x; a=\"1\x7f\"", 7},
		{"text after quoted", `x; a="1"2`, 8},
		{"control char", "x\x00", 1},
		{"non-ASCII token", "x\xc3\xa9", 1},
		{"quote as name", `"x"`, 0},
		{"equals without name", "x; =1", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := handshake.ParseExtensions([]string{"ok", tt.value})
			require.Error(t, err)
			assert.Nil(t, got)
			assert.ErrorIs(t, err, handshake.ErrBadExtensions)
			var se *handshake.SyntaxError
			require.True(t, errors.As(err, &se))
			assert.Equal(t, tt.value, se.Value)
			assert.Equal(t, tt.offset, se.Offset)
			assert.Contains(t, err.Error(), "handshake: invalid Sec-WebSocket-Extensions")
		})
	}
}

func TestAppendExtensions(t *testing.T) {
	tests := []struct {
		name string
		exts []ext
		want string
	}{
		{"none", nil, ""},
		{"one bare", []ext{{Name: "a"}}, "a"},
		{"params", []ext{{Name: "permessage-deflate", Params: []param{
			{Name: "client_max_window_bits"}, {Name: "server_max_window_bits", Value: "10"}}}},
			"permessage-deflate; client_max_window_bits; server_max_window_bits=10"},
		{"several", []ext{{Name: "a"}, {Name: "b", Params: []param{{Name: "x", Value: "1"}}}}, "a, b; x=1"},
		{"non-token value quoted and escaped", []ext{{Name: "a", Params: []param{{Name: "x", Value: `1 "2"\`}}}},
			`a; x="1 \"2\"\\"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("v: ")
			got := handshake.AppendExtensions(prefix, tt.exts)
			assert.Equal(t, "v: "+tt.want, string(got))
			assert.Equal(t, tt.want, handshake.FormatExtensions(tt.exts))
		})
	}
}

func TestAppendExtensions_RoundTrip(t *testing.T) {
	exts := []ext{
		{Name: "permessage-deflate", Params: []param{{Name: "client_max_window_bits"}, {Name: "server_no_context_takeover"}}},
		{Name: "permessage-deflate", Params: []param{{Name: "server_max_window_bits", Value: "9"}}},
		{Name: "x-webkit"},
	}
	got, err := handshake.ParseExtensions([]string{handshake.FormatExtensions(exts)})
	require.NoError(t, err)
	assert.Equal(t, exts, got)
}

func TestExtension_Param(t *testing.T) {
	e := ext{Name: "x", Params: []param{{Name: "a", Value: "1"}, {Name: "B"}, {Name: "a", Value: "2"}}}
	p, ok := e.Param("a")
	assert.True(t, ok)
	assert.Equal(t, param{Name: "a", Value: "1"}, p)
	p, ok = e.Param("b")
	assert.True(t, ok)
	assert.Equal(t, param{Name: "B"}, p)
	_, ok = e.Param("c")
	assert.False(t, ok)
}

func BenchmarkParseExtensions(b *testing.B) {
	values := []string{`permessage-deflate; client_max_window_bits; server_max_window_bits="10", permessage-deflate`}
	b.ReportAllocs()
	b.SetBytes(int64(len(values[0])))
	for b.Loop() {
		if _, err := handshake.ParseExtensions(values); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendExtensions(b *testing.B) {
	exts := []ext{{Name: "permessage-deflate", Params: []param{{Name: "client_max_window_bits"}, {Name: "server_max_window_bits", Value: "10"}}}}
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		buf = handshake.AppendExtensions(buf[:0], exts)
	}
	b.SetBytes(int64(len(buf)))
}
