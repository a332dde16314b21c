// Command echo is the Go twin of the classic "Node ws server plus browser
// page" WebSocket demo.
//
//	go run ./examples/echo
//
// then open http://localhost:8080/ in a browser. The page opens a WebSocket
// to the server it came from, sends a greeting, and shows every message, error
// and the close event. Scripts can connect too:
//
//	new WebSocket('ws://localhost:8080')
//
// The server greets each connection with "Welcome to the WebSocket server!"
// and answers every message with "Hello, you sent -> <message>".
//
// Browsers are only let in from pages the server served itself (the origin
// check); add other origins with -origin, for example
// -origin 'localhost:*' for a page served by a development server.
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

	"github.com/hybi-go/websocket/examples/echo/echoserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	origins := flag.String("origin", "", "comma-separated extra origins allowed to connect (host or host:port patterns, such as localhost:* or *.example.com)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	opts := &echoserver.Options{Logger: log.Default()}
	if *origins != "" {
		opts.OriginPatterns = strings.Split(*origins, ",")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("WebSocket server is running on http://%s/", ln.Addr())
	srv := echoserver.New(opts)
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
