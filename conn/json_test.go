package conn_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
)

type jsonPoint struct {
	X, Y  int
	Label string `json:"label,omitempty"`
}

func TestWriteJSON_ReadJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		wire string
	}{
		{"struct", jsonPoint{1, 2, "a"}, `{"X":1,"Y":2,"label":"a"}`},
		{"string with newline", "a\nb", `"a\nb"`},
		{"number", 42, `42`},
		{"null", nil, `null`},
		{"multi-byte", "héllo 世界 🌍", `"héllo 世界 🌍"`},
	}
	for _, compress := range []bool{false, true} {
		opts := &conn.Options{}
		if compress {
			opts.Compression = &conn.CompressionOptions{Threshold: -1}
		}
		client, server := ncDialAccept(t, opts)
		for _, tc := range tests {
			t.Run(fmt.Sprintf("%s/compress=%v", tc.name, compress), func(t *testing.T) {
				require.NoError(t, conn.WriteJSON(t.Context(), client, tc.v))
				typ, wire, err := server.Read(t.Context())
				require.NoError(t, err)
				assert.Equal(t, conn.MessageText, typ)
				assert.Equal(t, tc.wire, string(wire), "one value, no trailing newline")

				require.NoError(t, server.Write(t.Context(), conn.MessageText, wire))
				var got any
				require.NoError(t, conn.ReadJSON(t.Context(), client, &got))
				var want any // what decoding the value's own encoding gives
				require.NoError(t, json.Unmarshal([]byte(tc.wire), &want))
				assert.Equal(t, want, got)
			})
		}
	}
}

func TestWriteJSON_Large(t *testing.T) {
	client, server := ncDialAccept(t, nil)
	big := jsonPoint{Label: strings.Repeat("x", 1<<20)}
	errc := make(chan error, 1)
	go func() { errc <- conn.WriteJSON(t.Context(), client, big) }()
	var got jsonPoint
	require.NoError(t, conn.ReadJSON(t.Context(), server, &got))
	require.NoError(t, <-errc)
	assert.Equal(t, big, got)
}

func TestWriteJSON_Unencodable(t *testing.T) {
	client, server := ncDialAccept(t, nil)
	for _, v := range []any{make(chan int), math.NaN(), func() {}} {
		err := conn.WriteJSON(t.Context(), client, v)
		assert.ErrorContains(t, err, "conn: write json: json: unsupported")
	}
	// Nothing went out: the next message the peer sees is the next value.
	require.NoError(t, conn.WriteJSON(t.Context(), client, "after"))
	_, got, err := server.Read(t.Context())
	require.NoError(t, err)
	assert.Equal(t, `"after"`, string(got))
}

func TestReadJSON_Errors(t *testing.T) {
	tests := []struct {
		name    string
		typ     conn.MessageType
		msg     string
		wantErr string
		isType  bool
	}{
		{"binary", conn.MessageBinary, `{"X":1}`, "conn: read json: unexpected message type: got binary, want text", true},
		{"invalid", conn.MessageText, `{"X":`, "conn: read json: unexpected EOF", false},
		{"two values", conn.MessageText, `{"X":1} {"X":2}`, "conn: read json: data after the JSON value", false},
		{"trailing garbage", conn.MessageText, `{"X":1}]`, "conn: read json: invalid character ']'", false},
		{"wrong shape", conn.MessageText, `[1,2]`, "conn: read json: json: cannot unmarshal array", false},
		{"empty", conn.MessageText, ``, "conn: read json: EOF", false},
	}
	client, server := ncDialAccept(t, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, server.Write(t.Context(), tc.typ, []byte(tc.msg)))
			require.NoError(t, server.Write(t.Context(), conn.MessageText, []byte(`{"X":7}  `)))
			ctx, cancel := context.WithCancel(t.Context())
			var p jsonPoint
			err := conn.ReadJSON(ctx, client, &p)
			cancel() // the bad message was consumed: cancelling must not end the connection
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.wantErr)
			assert.Equal(t, tc.isType, errors.Is(err, conn.ErrUnexpectedType))

			// The connection is still good and at the next message.
			p = jsonPoint{}
			require.NoError(t, conn.ReadJSON(t.Context(), client, &p))
			assert.Equal(t, jsonPoint{X: 7}, p)
		})
	}
}

func TestReadJSON_PeerClosed(t *testing.T) {
	client, server := ncDialAccept(t, nil)
	go func() { _ = server.Close(conn.StatusGoingAway, "bye") }()
	var v any
	err := conn.ReadJSON(t.Context(), client, &v)
	var ce *conn.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, conn.StatusGoingAway, ce.Code)
}

// A server that answers each JSON request with a JSON reply.
func ExampleWriteJSON() {
	type Request struct{ A, B int }
	type Reply struct{ Sum int }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			var req Request
			if err := conn.ReadJSON(r.Context(), c, &req); err != nil {
				return
			}
			if err := conn.WriteJSON(r.Context(), c, Reply{Sum: req.A + req.B}); err != nil {
				return
			}
		}
	}))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(conn.StatusNormalClosure, "")
	if err := conn.WriteJSON(ctx, c, Request{A: 2, B: 3}); err != nil {
		fmt.Println(err)
		return
	}
	var reply Reply
	if err := conn.ReadJSON(ctx, c, &reply); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(reply.Sum)
	// Output: 5
}

// ReadJSON refuses a binary message and leaves the connection open.
func ExampleReadJSON() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, nil)
		if err != nil {
			return
		}
		_ = c.Write(r.Context(), conn.MessageBinary, []byte{1, 2, 3})
		_ = c.Write(r.Context(), conn.MessageText, []byte(`{"ok":true}`))
		_, _, _ = c.Read(r.Context()) // until the client closes
	}))
	defer srv.Close()

	ctx := context.Background()
	c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close(conn.StatusNormalClosure, "")
	var v struct{ OK bool }
	fmt.Println(conn.ReadJSON(ctx, c, &v))
	fmt.Println(conn.ReadJSON(ctx, c, &v), v.OK)
	// Output:
	// conn: read json: unexpected message type: got binary, want text
	// <nil> true
}
