// Command json shows typed JSON messages over a WebSocket with
// conn.WriteJSON and conn.ReadJSON: every message is an envelope whose
// "type" says how to decode its "data".
//
//	go run ./examples/json
//
// It starts a calculator server on a loopback port, connects a client to
// it, and prints the exchange.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/hybi-go/websocket/conn"
)

// Envelope is every message on the wire.
type Envelope struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// Add asks the server for A+B ("add").
type Add struct {
	A, B float64
}

// Sum is the answer to Add ("sum").
type Sum struct {
	Result float64
}

// Problem reports a request the server could not handle ("error").
type Problem struct {
	Message string
}

func main() {
	srv := httptest.NewServer(http.HandlerFunc(serve))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := client(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// send writes v in an envelope of type typ.
func send(ctx context.Context, c *conn.Conn, typ string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return conn.WriteJSON(ctx, c, Envelope{Type: typ, Data: data})
}

// serve answers "add" with "sum", and anything else with "error".
func serve(w http.ResponseWriter, r *http.Request) {
	c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: conn.Options{ReadLimit: 64 << 10}})
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := context.Background()
	for {
		var env Envelope
		err := conn.ReadJSON(ctx, c, &env)
		var ce *conn.CloseError
		switch {
		case errors.As(err, &ce):
			return
		case err != nil && c.Err() != nil:
			return // the connection has ended
		case err != nil:
			// A bad message, but the connection is fine: say so.
			err = send(ctx, c, "error", Problem{Message: err.Error()})
		case env.Type == "add":
			var req Add
			if err = json.Unmarshal(env.Data, &req); err == nil {
				err = send(ctx, c, "sum", Sum{Result: req.A + req.B})
			} else {
				err = send(ctx, c, "error", Problem{Message: "bad add: " + err.Error()})
			}
		default:
			err = send(ctx, c, "error", Problem{Message: fmt.Sprintf("unknown type %q", env.Type)})
		}
		if err != nil {
			return
		}
	}
}

// client sends a few requests and prints the answers to out.
func client(ctx context.Context, url string, out io.Writer) error {
	c, _, err := conn.Dial(ctx, url, nil)
	if err != nil {
		return err
	}
	defer c.CloseNow()
	requests := []struct {
		typ string
		v   any
	}{
		{"add", Add{A: 2, B: 40}},
		{"add", Add{A: 0.1, B: 0.2}},
		{"multiply", Add{A: 6, B: 7}},
	}
	for _, req := range requests {
		if err := send(ctx, c, req.typ, req.v); err != nil {
			return err
		}
		var env Envelope
		if err := conn.ReadJSON(ctx, c, &env); err != nil {
			return err
		}
		switch env.Type {
		case "sum":
			var s Sum
			if err := json.Unmarshal(env.Data, &s); err != nil {
				return err
			}
			fmt.Fprintf(out, "%s %v = %v\n", req.typ, req.v, s.Result)
		case "error":
			var p Problem
			if err := json.Unmarshal(env.Data, &p); err != nil {
				return err
			}
			fmt.Fprintf(out, "%s %v: error: %s\n", req.typ, req.v, p.Message)
		}
	}
	// A binary message is refused by the server's ReadJSON, which keeps
	// the connection open and answers with an error.
	if err := c.Write(ctx, conn.MessageBinary, []byte{0xde, 0xad}); err != nil {
		return err
	}
	var env Envelope
	if err := conn.ReadJSON(ctx, c, &env); err != nil {
		return err
	}
	fmt.Fprintf(out, "binary message: %s %s\n", env.Type, env.Data)
	return c.Close(conn.StatusNormalClosure, "")
}
