package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

func TestRun(t *testing.T) {
	srv := httptest.NewServer(echoserver.New(nil))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var out strings.Builder
	in := strings.NewReader("hello\nhow are you?\nhéllo 世界\n")
	require.NoError(t, run(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), in, &out))
	assert.Equal(t, strings.Join([]string{
		"< Welcome to the WebSocket server!",
		"< Hello, you sent -> hello",
		"< Hello, you sent -> how are you?",
		"< Hello, you sent -> héllo 世界",
		"",
	}, "\n"), out.String())
}

func TestRun_NoServer(t *testing.T) {
	srv := httptest.NewServer(nil)
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	srv.Close()
	err := run(t.Context(), url, strings.NewReader("x\n"), &strings.Builder{})
	assert.Error(t, err)
}
