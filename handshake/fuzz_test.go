package handshake_test

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
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

func FuzzCheckRequest(f *testing.F) {
	valid := "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + rfcKey + "\r\nSec-WebSocket-Version: 13\r\n"
	for _, seed := range []string{
		valid + "\r\n",
		valid + "Origin: http://server.example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\n\r\n",
		valid + "Origin: https://a.example.org:443\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
		valid + "Sec-WebSocket-Extensions: x; a=\"\\1\"\r\nSec-WebSocket-Extensions: ,\r\n\r\n",
		valid + "Origin: null\r\n\r\n",
		"GET / HTTP/1.0\r\nUpgrade: websocket\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	opts := &handshake.ServerOptions{
		Subprotocols:   []string{"chat"},
		OriginPatterns: []string{"*.example.org:*"},
		Extensions: func(offers []handshake.Extension) ([]handshake.Extension, error) {
			return offers[:1], nil
		},
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return
		}
		key, checkErr := handshake.CheckRequest(r, opts)
		var re *handshake.RequestError
		if checkErr != nil && !errors.As(checkErr, &re) {
			t.Fatalf("CheckRequest error %v is not a *RequestError", checkErr)
		}
		if checkErr == nil && len(key) != 24 {
			t.Fatalf("accepted key %q", key)
		}
		// A recorder cannot be hijacked, so Upgrade always refuses, with the
		// status CheckRequest chose or 500.
		w := httptest.NewRecorder()
		_, _, _, err = handshake.Upgrade(w, r, opts)
		if err == nil {
			t.Fatal("Upgrade succeeded on a recorder")
		}
		if checkErr != nil && w.Code != re.Status {
			t.Fatalf("Upgrade answered %d, CheckRequest said %d", w.Code, re.Status)
		}
		if checkErr == nil && w.Code != http.StatusInternalServerError {
			t.Fatalf("Upgrade answered %d on a valid request", w.Code)
		}
	})
}

func FuzzClientResponse(f *testing.F) {
	valid := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + rfcAccept + "\r\n"
	for _, seed := range []string{
		valid + "\r\n",
		valid + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\r\n\r\n",
		valid + "Sec-WebSocket-Protocol: chat, other\r\n\r\n",
		valid + "Sec-WebSocket-Extensions: x-unknown\r\n\r\n",
		"HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno\n",
		"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	opts := &handshake.ClientOptions{
		Subprotocols: []string{"chat"},
		Extensions:   []handshake.Extension{{Name: "permessage-deflate"}},
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
		if err != nil {
			return
		}
		res, err := handshake.CheckResponse(resp, rfcKey, opts)
		if err != nil {
			return
		}
		if resp.StatusCode != http.StatusSwitchingProtocols {
			t.Fatalf("accepted status %d", resp.StatusCode)
		}
		if res.Subprotocol != "" && res.Subprotocol != "chat" {
			t.Fatalf("accepted subprotocol %q", res.Subprotocol)
		}
		for _, e := range res.Extensions {
			if !strings.EqualFold(e.Name, "permessage-deflate") {
				t.Fatalf("accepted extension %q", e.Name)
			}
		}
	})
}
