package deflate_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/handshake"
	"github.com/hybi-go/websocket/internal/deflate"
)

// exts parses a Sec-WebSocket-Extensions value for a test table.
func exts(t *testing.T, v string) []handshake.Extension {
	t.Helper()
	e, err := handshake.ParseExtensions([]string{v})
	require.NoError(t, err)
	return e
}

func format(e handshake.Extension) string {
	return string(handshake.AppendExtensions(nil, []handshake.Extension{e}))
}

func params(snt, cnt bool, smw, cmw int) deflate.Params {
	return deflate.Params{ServerNoContextTakeover: snt, ClientNoContextTakeover: cnt,
		ServerMaxWindowBits: smw, ClientMaxWindowBits: cmw}
}

func TestServerNegotiate(t *testing.T) {
	tests := []struct {
		name   string
		offers string
		opts   *deflate.Options
		ok     bool
		resp   string
		want   deflate.Params
	}{
		{"plain", "permessage-deflate", nil, true, "permessage-deflate", params(false, false, 15, 15)},
		{"case-insensitive name", "Permessage-Deflate", nil, true, "permessage-deflate", params(false, false, 15, 15)},
		{"server_no_context_takeover", "permessage-deflate; server_no_context_takeover", nil, true,
			"permessage-deflate; server_no_context_takeover", params(true, false, 15, 15)},
		{"client_no_context_takeover", "permessage-deflate; client_no_context_takeover", nil, true,
			"permessage-deflate; client_no_context_takeover", params(false, true, 15, 15)},
		{"server_max_window_bits", "permessage-deflate; server_max_window_bits=10", nil, true,
			"permessage-deflate; server_max_window_bits=10", params(false, false, 10, 15)},
		{"quoted value", `permessage-deflate; server_max_window_bits="10"`, nil, true,
			"permessage-deflate; server_max_window_bits=10", params(false, false, 10, 15)},
		{"client_max_window_bits without value", "permessage-deflate; client_max_window_bits", nil, true,
			"permessage-deflate", params(false, false, 15, 15)},
		{"client_max_window_bits with value", "permessage-deflate; client_max_window_bits=9", nil, true,
			"permessage-deflate; client_max_window_bits=9", params(false, false, 15, 9)},
		{"all four", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=8",
			nil, true, "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=8",
			params(true, true, 8, 8)},
		{"server imposes its options", "permessage-deflate; client_max_window_bits",
			&deflate.Options{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 12, ClientMaxWindowBits: 11},
			true, "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12; client_max_window_bits=11",
			params(true, true, 12, 11)},
		{"server cannot limit client window not offered", "permessage-deflate",
			&deflate.Options{ClientMaxWindowBits: 11}, true, "permessage-deflate", params(false, false, 15, 15)},
		{"smaller of offer and option", "permessage-deflate; server_max_window_bits=9; client_max_window_bits=14",
			&deflate.Options{ServerMaxWindowBits: 12, ClientMaxWindowBits: 10}, true,
			"permessage-deflate; server_max_window_bits=9; client_max_window_bits=10", params(false, false, 9, 10)},
		{"other extensions skipped", "x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=15", nil, true,
			"permessage-deflate; server_max_window_bits=15", params(false, false, 15, 15)},
		{"fallback after unknown param", "permessage-deflate; foo, permessage-deflate; client_max_window_bits", nil, true,
			"permessage-deflate", params(false, false, 15, 15)},
		{"fallback after bad value", "permessage-deflate; server_max_window_bits=16, permessage-deflate; server_no_context_takeover", nil, true,
			"permessage-deflate; server_no_context_takeover", params(true, false, 15, 15)},
		{"none", "", nil, false, "", deflate.Params{}},
		{"other only", "x-foo", nil, false, "", deflate.Params{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var offers []handshake.Extension
			if tc.offers != "" {
				offers = exts(t, tc.offers)
			}
			resp, p, ok := deflate.ServerNegotiate(offers, tc.opts)
			require.Equal(t, tc.ok, ok)
			if !ok {
				return
			}
			assert.Equal(t, tc.resp, format(resp))
			assert.Equal(t, tc.want, p)
		})
	}
}

func TestServerNegotiate_declinesMalformed(t *testing.T) {
	malformed := []string{
		"permessage-deflate; foo",
		"permessage-deflate; foo=1",
		"permessage-deflate; server_no_context_takeover; server_no_context_takeover",
		"permessage-deflate; client_no_context_takeover; client_no_context_takeover",
		"permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
		"permessage-deflate; client_max_window_bits; client_max_window_bits=10",
		"permessage-deflate; server_no_context_takeover=1",
		"permessage-deflate; client_no_context_takeover=x",
		"permessage-deflate; server_max_window_bits",
		"permessage-deflate; server_max_window_bits=7",
		"permessage-deflate; server_max_window_bits=16",
		"permessage-deflate; server_max_window_bits=0",
		"permessage-deflate; server_max_window_bits=-9",
		"permessage-deflate; server_max_window_bits=1a",
		"permessage-deflate; server_max_window_bits=99999999999999999999",
		"permessage-deflate; client_max_window_bits=7",
		"permessage-deflate; client_max_window_bits=16",
		"permessage-deflate; client_max_window_bits=abc",
	}
	for _, offer := range malformed {
		t.Run(offer, func(t *testing.T) {
			_, _, ok := deflate.ServerNegotiate(exts(t, offer), nil)
			assert.False(t, ok)
		})
	}
}

func TestClientOffers(t *testing.T) {
	tests := []struct {
		opts *deflate.Options
		want []string
	}{
		{nil, []string{"permessage-deflate; client_max_window_bits"}},
		{&deflate.Options{ClientNoContextTakeover: true, ClientMaxWindowBits: 10},
			[]string{"permessage-deflate; client_no_context_takeover; client_max_window_bits=10"}},
		{&deflate.Options{ServerNoContextTakeover: true, ServerMaxWindowBits: 9},
			[]string{"permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_max_window_bits",
				"permessage-deflate; client_max_window_bits"}},
		{&deflate.Options{ServerMaxWindowBits: 99, ClientMaxWindowBits: 1},
			[]string{"permessage-deflate; server_max_window_bits=15; client_max_window_bits=8",
				"permessage-deflate; client_max_window_bits=8"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.want), func(t *testing.T) {
			var got []string
			for _, e := range deflate.ClientOffers(tc.opts) {
				got = append(got, format(e))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestClientAccept(t *testing.T) {
	tests := []struct {
		name string
		opts *deflate.Options
		resp string
		want deflate.Params
	}{
		{"plain", nil, "permessage-deflate", params(false, false, 15, 15)},
		{"server limits itself", nil, "permessage-deflate; server_max_window_bits=10", params(false, false, 10, 15)},
		{"server drops its takeover", nil, "permessage-deflate; server_no_context_takeover", params(true, false, 15, 15)},
		{"server demands client no takeover", nil, "permessage-deflate; client_no_context_takeover", params(false, true, 15, 15)},
		{"server limits client", nil, "permessage-deflate; client_max_window_bits=8", params(false, false, 15, 8)},
		{"client keeps its promise", &deflate.Options{ClientNoContextTakeover: true, ClientMaxWindowBits: 10},
			"permessage-deflate", params(false, true, 15, 10)},
		{"client limit and smaller response", &deflate.Options{ClientMaxWindowBits: 10},
			"permessage-deflate; client_max_window_bits=9", params(false, false, 15, 9)},
		{"accepted first offer", &deflate.Options{ServerNoContextTakeover: true, ServerMaxWindowBits: 10},
			"permessage-deflate; server_no_context_takeover; server_max_window_bits=9", params(true, false, 9, 15)},
		{"accepted fallback", &deflate.Options{ServerNoContextTakeover: true, ServerMaxWindowBits: 10},
			"permessage-deflate", params(false, false, 15, 15)},
		{"fallback with larger server window", &deflate.Options{ServerMaxWindowBits: 10},
			"permessage-deflate; server_max_window_bits=12", params(false, false, 12, 15)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := deflate.ClientAccept(exts(t, tc.resp)[0], tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p)
		})
	}
}

func TestClientAccept_rejectsInvalid(t *testing.T) {
	tests := []struct {
		resp string
		opts *deflate.Options
	}{
		{"x-webkit-deflate-frame", nil},
		{"permessage-deflate; foo", nil},
		{"permessage-deflate; server_no_context_takeover; server_no_context_takeover", nil},
		{"permessage-deflate; server_no_context_takeover=1", nil},
		{"permessage-deflate; client_no_context_takeover=1", nil},
		{"permessage-deflate; server_max_window_bits", nil},
		{"permessage-deflate; server_max_window_bits=7", nil},
		{"permessage-deflate; server_max_window_bits=16", nil},
		{"permessage-deflate; client_max_window_bits", nil},
		{"permessage-deflate; client_max_window_bits=16", nil},
		{"permessage-deflate; client_max_window_bits=9; client_max_window_bits=9", nil},
		{"permessage-deflate; client_max_window_bits=11", &deflate.Options{ClientMaxWindowBits: 10}},
		{"permessage-deflate; client_max_window_bits=0", nil},
		{"permessage-deflate; server_max_window_bits=08x", nil},
	}
	for _, tc := range tests {
		t.Run(tc.resp, func(t *testing.T) {
			_, err := deflate.ClientAccept(exts(t, tc.resp)[0], tc.opts)
			assert.ErrorIs(t, err, deflate.ErrInvalidResponse)
		})
	}
}

// TestNegotiate_agreement checks that both sides reach the same Params for
// every combination of client and server options.
func TestNegotiate_agreement(t *testing.T) {
	var all []*deflate.Options
	for mask := range 16 {
		for _, bits := range [][2]int{{0, 0}, {8, 15}, {12, 9}} {
			o := &deflate.Options{
				ServerNoContextTakeover: mask&1 != 0,
				ClientNoContextTakeover: mask&2 != 0,
			}
			if mask&4 != 0 {
				o.ServerMaxWindowBits = bits[0]
			}
			if mask&8 != 0 {
				o.ClientMaxWindowBits = bits[1]
			}
			all = append(all, o)
		}
	}
	for _, co := range all {
		for _, so := range all {
			resp, sp, ok := deflate.ServerNegotiate(deflate.ClientOffers(co), so)
			require.True(t, ok)
			cp, err := deflate.ClientAccept(resp, co)
			require.NoError(t, err, "client %+v server %+v response %q", co, so, format(resp))
			require.Equal(t, sp, cp, "client %+v server %+v", co, so)
		}
	}
}
