package conn

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrUnexpectedType: a message of another type than the one expected, such
// as a binary message where ReadJSON wants text.
var ErrUnexpectedType = errors.New("conn: unexpected message type")

// typeError reports an unexpected message type; it matches
// ErrUnexpectedType with errors.Is.
type typeError struct {
	op        string
	got, want MessageType
}

func (e *typeError) Error() string {
	return fmt.Sprintf("conn: %s: unexpected message type: got %v, want %v", e.op, e.got, e.want)
}

func (e *typeError) Is(target error) bool { return target == ErrUnexpectedType }

// WriteJSON sends v, encoded by encoding/json, as one text message. The
// encoder writes into a message writer (Conn.Writer), so a large value goes
// out in fragments rather than as one big copy; the encoder's trailing
// newline is not sent. When v cannot be encoded, WriteJSON returns the
// encoder's error and sends nothing. ctx and concurrency are as for
// Conn.Writer: it may run alongside other writes, and when ctx ends first
// the connection is closed.
func WriteJSON(ctx context.Context, c *Conn, v any) error {
	w := &jsonWriter{ctx: ctx, c: c}
	if err := json.NewEncoder(w).Encode(v); err != nil {
		if w.w != nil {
			// The message has started; cutting it short would leave
			// half a value on the wire, so end it as it is.
			_ = w.w.Close()
		}
		return fmt.Errorf("conn: write json: %w", err)
	}
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("conn: write json: %w", err)
	}
	return nil
}

// jsonWriter starts the message on the first write, so a value the encoder
// refuses (a channel, a NaN) sends no message at all.
type jsonWriter struct {
	ctx context.Context
	c   *Conn
	w   io.WriteCloser
}

func (j *jsonWriter) Write(p []byte) (int, error) {
	if j.w == nil {
		w, err := j.c.Writer(j.ctx, MessageText)
		if err != nil {
			return 0, err
		}
		j.w = w
	}
	// Without indentation the encoder emits no raw newline except the one
	// that ends the value.
	q := bytes.TrimSuffix(p, []byte{'\n'})
	if _, err := j.w.Write(q); err != nil {
		return 0, err
	}
	return len(p), nil
}

// ReadJSON reads the next message and decodes it into v with
// encoding/json. The message must be text holding exactly one JSON value
// (whitespace around it allowed); otherwise ReadJSON returns an error, which
// wraps ErrUnexpectedType for a binary message, and the connection stays
// open. The whole message is always consumed, so the next read starts at
// the next message. ctx bounds the wait and the reading of the message;
// when it ends first the connection is closed. ReadJSON is a read method:
// it must not run concurrently with another.
func ReadJSON(ctx context.Context, c *Conn, v any) error {
	typ, r, err := c.Reader(ctx)
	if err != nil {
		return fmt.Errorf("conn: read json: %w", err)
	}
	// The message must end here: its reader stays tied to ctx until it
	// does, and the caller may cancel ctx as soon as we return.
	defer func() { _, _ = io.Copy(io.Discard, r) }()
	if typ != MessageText {
		return &typeError{op: "read json", got: typ, want: MessageText}
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("conn: read json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the JSON value")
		}
		return fmt.Errorf("conn: read json: %w", err)
	}
	return nil
}
