package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(serve))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var out strings.Builder
	require.NoError(t, client(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &out))
	assert.Equal(t, `add {2 40} = 42
add {0.1 0.2} = 0.30000000000000004
multiply {6 7}: error: unknown type "multiply"
binary message: error {"Message":"conn: read json: unexpected message type: got binary, want text"}
`, out.String())
}
