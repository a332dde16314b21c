// Command heartbeat shows dead-peer detection and reconnection.
//
// The server pings clients that have been quiet for -interval and drops
// those that send nothing back within -timeout, logging them as dead:
//
//	go run ./examples/heartbeat
//
// The client connects, prints what it receives, and when the server goes
// away (stop it with Ctrl-C and start it again) reconnects with capped
// exponential backoff and jitter:
//
//	go run ./examples/heartbeat -client
//
// To see a dead client dropped, connect one that completes the handshake and
// then freezes, such as a client process stopped with Ctrl-Z (kill -STOP).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/hybi-go/websocket/examples/heartbeat/keepalive"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := runMain(ctx, os.Args[1:], os.Stderr, log.Default())
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// runMain parses args and runs the server or, with -client, the client
// until ctx ends. Usage errors go to stderr.
func runMain(ctx context.Context, args []string, stderr io.Writer, logger *log.Logger) error {
	fs := flag.NewFlagSet("heartbeat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address the server listens on")
	client := fs.Bool("client", false, "run the reconnecting client instead of the server")
	url := fs.String("url", "", "client: server to connect to (default ws://<addr>/)")
	interval := fs.Duration("interval", keepalive.DefaultInterval, "heartbeat: ping a peer silent for this long")
	timeout := fs.Duration("timeout", 0, "heartbeat: drop a peer silent for this long after a ping (default -interval)")
	minBackoff := fs.Duration("min-backoff", keepalive.DefaultMinBackoff, "client: wait after the first failure, before jitter")
	maxBackoff := fs.Duration("max-backoff", keepalive.DefaultMaxBackoff, "client: longest wait between attempts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}

	if *client {
		if *url == "" {
			*url = "ws://" + *addr + "/"
		}
		return keepalive.RunClient(ctx, *url, &keepalive.ClientOptions{
			MinBackoff:        *minBackoff,
			MaxBackoff:        *maxBackoff,
			HeartbeatInterval: *interval,
			HeartbeatTimeout:  *timeout,
			Logger:            logger,
		})
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Printf("heartbeat server is running on ws://%s/", ln.Addr())
	srv := keepalive.New(&keepalive.ServerOptions{Interval: *interval, Timeout: *timeout, Logger: logger})
	err = run(ctx, ln, srv)
	srv.Wait()
	return err
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
