package conn_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/conn"
)

func TestSmokeEcho(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := conn.Accept(w, r, &conn.AcceptOptions{Options: conn.Options{Compression: &conn.CompressionOptions{}}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, rd, err := c.Reader(r.Context())
			if err != nil {
				return
			}
			wr, err := c.Writer(r.Context(), typ)
			if err != nil {
				return
			}
			if _, err := io.Copy(wr, rd); err != nil {
				return
			}
			if err := wr.Close(); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	for _, comp := range []bool{false, true} {
		var opts conn.DialOptions
		if comp {
			opts.Compression = &conn.CompressionOptions{}
		}
		ctx := context.Background()
		c, _, err := conn.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &opts)
		require.NoError(t, err)
		for _, n := range []int{0, 1, 125, 126, 65535, 65536, 1 << 20} {
			msg := bytes.Repeat([]byte("héllo "), n/7+1)[:n]
			require.NoError(t, c.Write(ctx, conn.MessageBinary, msg))
			typ, got, err := c.Read(ctx)
			require.NoError(t, err, "n=%d", n)
			require.Equal(t, conn.MessageBinary, typ)
			require.Equal(t, msg, got, "n=%d comp=%v", n, comp)
		}
		require.NoError(t, c.Close(conn.StatusNormalClosure, "bye"))
		st, ok := c.CloseStatus()
		require.True(t, ok)
		require.True(t, st.WasClean, "%+v", st)
		require.Equal(t, conn.StatusNormalClosure, st.Code)
	}
}
