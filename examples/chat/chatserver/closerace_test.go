package chatserver_test

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hybi-go/websocket/conn"
)

// holdClose is a server stream whose Write of our Close frame returns only
// once the server's reading goroutine has returned, so that goroutine has
// consumed the peer's answer before Close waits for it.
type holdClose struct {
	net.Conn
	readerDone <-chan struct{}
}

func (h holdClose) Write(p []byte) (int, error) {
	n, err := h.Conn.Write(p)
	if len(p) > 0 && p[0] == 0x88 {
		<-h.readerDone
	}
	return n, err
}

// TestConnCloseWithReader reproduces a conn issue the server works around
// (see serveWS): when a reading goroutine has already received the peer's
// answer to Close, Close's select may take the read half and drain for an
// answer that never comes, so it returns only after CloseTimeout (and the
// client, waiting for the server to close TCP, waits as long). Set HYBI_REPRO_CLOSE=1 to run it.
func TestConnCloseWithReader(t *testing.T) {
	if os.Getenv("HYBI_REPRO_CLOSE") != "1" {
		t.Skip("reproduction of a conn issue; set HYBI_REPRO_CLOSE=1 to run")
	}
	const closeTimeout = time.Second
	for i := range 20 {
		a, b := net.Pipe()
		readerDone := make(chan struct{})
		srv := conn.New(holdClose{a, readerDone}, &conn.Config{Options: conn.Options{CloseTimeout: closeTimeout}})
		cli := conn.New(b, &conn.Config{Client: true, Options: conn.Options{CloseTimeout: closeTimeout}})
		go func() {
			defer close(readerDone)
			_, _, _ = srv.Read(context.Background())
		}()
		go func() { _, _, _ = cli.Read(context.Background()) }()
		start := time.Now()
		err := srv.Close(conn.StatusGoingAway, "")
		took := time.Since(start)
		_ = cli.CloseNow()
		if !assert.NoError(t, err, "run %d", i) || !assert.Less(t, took, closeTimeout/2, "run %d: Close waited for an answer already read", i) {
			return
		}
	}
}
