package conn_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
	"github.com/hybi-go/websocket/frame"
)

func TestPreparedMessage(t *testing.T) {
	msg := bytes.Repeat([]byte("broadcast "), 100)
	pm, err := conn.NewPreparedMessage(conn.MessageText, msg)
	require.NoError(t, err)
	assert.Equal(t, conn.MessageText, pm.Type())
	_, err = conn.NewPreparedMessage(7, nil)
	assert.ErrorIs(t, err, conn.ErrMessageType)

	ctx := context.Background()
	// A server sends the same cached bytes every time.
	var out bytes.Buffer
	s := conn.New(stream{bytes.NewReader(nil), &out}, nil)
	require.NoError(t, s.WritePrepared(ctx, pm))
	first := append([]byte(nil), out.Bytes()...)
	require.NoError(t, s.WritePrepared(ctx, pm))
	assert.Equal(t, append(first, first...), out.Bytes())
	f, err := frame.ReadFrame(bytes.NewReader(first), 1<<20)
	require.NoError(t, err)
	assert.Equal(t, msg, f.Payload)
	assert.False(t, f.Masked)

	// A client masks each send with a fresh key.
	out.Reset()
	c := conn.New(stream{bytes.NewReader(nil), &out}, &conn.Config{Client: true})
	require.NoError(t, c.WritePrepared(ctx, pm))
	require.NoError(t, c.WritePrepared(ctx, pm))
	f1, err := frame.ReadFrame(&out, 1<<20)
	require.NoError(t, err)
	f2, err := frame.ReadFrame(&out, 1<<20)
	require.NoError(t, err)
	assert.True(t, f1.Masked)
	assert.NotEqual(t, f1.Key, f2.Key)
	assert.Equal(t, msg, f1.Payload)
	assert.Equal(t, msg, f2.Payload)
}

// A server's prepared messages reach compressed clients of every kind intact.
func TestPreparedMessageCompressed(t *testing.T) {
	msgs := make([]*conn.PreparedMessage, 3)
	for i := range msgs {
		pm, err := conn.NewPreparedMessage(conn.MessageBinary, bytes.Repeat([]byte{byte(i), 1, 2, 3}, 300))
		require.NoError(t, err)
		msgs[i] = pm
	}
	for _, comp := range []*conn.CompressionOptions{{}, {ServerNoContextTakeover: true}, {ServerNoContextTakeover: true, ServerMaxWindowBits: 9}} {
		t.Run(fmt.Sprintf("%+v", *comp), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: conn.Options{Compression: comp}})
				if err != nil {
					return
				}
				defer c.CloseNow()
				for _, pm := range msgs {
					if err := c.WritePrepared(r.Context(), pm); err != nil {
						return
					}
				}
				_, _, _ = c.Read(r.Context())
			}))
			defer srv.Close()
			ctx := context.Background()
			c, _, err := conn.Dial(ctx, srv.URL, &conn.DialOptions{Options: conn.Options{Compression: comp}})
			require.NoError(t, err)
			for i := range msgs {
				_, got, err := c.Read(ctx)
				require.NoError(t, err)
				assert.Equal(t, bytes.Repeat([]byte{byte(i), 1, 2, 3}, 300), got)
			}
			require.NoError(t, c.Close(conn.StatusNormalClosure, ""))
		})
	}
}
