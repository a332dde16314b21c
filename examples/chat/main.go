// Command chat is a chat room in the browser: everyone who opens the page
// and joins sees what everyone else writes.
//
//	go run ./examples/chat
//
// then open http://localhost:8080/ in two or more browser windows. Programs
// join at ws://localhost:8080/ws?name=alice and receive JSON events (see
// package chatserver).
//
// A client that cannot keep up is disconnected with close code 1013 (Try
// Again Later) once -queue events wait for it, so it never slows the others.
// Browsers are only let in from pages the server served itself; add other
// origins with -origin.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/hybi-go/websocket/examples/chat/chatserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	origins := flag.String("origin", "", "comma-separated extra origins allowed to connect (host or host:port patterns, such as localhost:* or *.example.com)")
	queue := flag.Int("queue", chatserver.DefaultQueueSize, "events that may wait for one client before it is disconnected as too slow")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	opts := &chatserver.Options{QueueSize: *queue, Logger: log.Default()}
	if *origins != "" {
		opts.OriginPatterns = strings.Split(*origins, ",")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("chat server is running on http://%s/", ln.Addr())
	srv := chatserver.New(opts)
	if err := run(ctx, ln, srv); err != nil {
		log.Fatal(err)
	}
	srv.Wait()
}

// run serves h on ln until ctx ends, then shuts down. http.Server does not
// track WebSocket connections; they see ctx end through their requests'
// contexts (BaseContext) and close themselves.
func run(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
