// Command load is the fixed load generator: it drives an echo server with
// its own minimal client and prints one JSON Result on stdout.
//
//	load -addr 127.0.0.1:9001 -pid 1234 -conns 64 -inflight 32 -size 1024 -duration 2s
//	load -addr ... -pid ... -mode latency -size 16
//	load -addr ... -pid ... -mode idle -conns 10000 -sources 4
//
// With -pid the server's CPU time (utime+stime from /proc/<pid>/stat) is
// sampled at both edges of the window and reported per echoed message.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/hybi-go/websocket/bench/internal/load"
)

func main() {
	var cfg load.Config
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:9001", "server address")
	flag.StringVar(&cfg.Mode, "mode", load.ModeThroughput, "throughput, latency or idle")
	flag.IntVar(&cfg.Conns, "conns", 0, "connections (default 64; 1 for latency)")
	flag.IntVar(&cfg.InFlight, "inflight", 32, "messages in flight per connection (throughput)")
	flag.IntVar(&cfg.Size, "size", 16, "payload bytes")
	flag.BoolVar(&cfg.Text, "text", false, "send text (JSON) messages instead of binary")
	flag.BoolVar(&cfg.Compress, "compress", false, "negotiate permessage-deflate and send deflated JSON text")
	flag.BoolVar(&cfg.Raw, "raw", false, "plain TCP server: skip the handshake")
	flag.DurationVar(&cfg.Warmup, "warmup", 500*time.Millisecond, "time before the window opens")
	flag.DurationVar(&cfg.Duration, "duration", 2*time.Second, "measurement window")
	flag.IntVar(&cfg.ServerPID, "pid", 0, "server process to sample")
	flag.IntVar(&cfg.Sources, "sources", 1, "spread connections over 127.0.0.1..127.0.0.N")
	timeout := flag.Duration("timeout", 2*time.Minute, "hard limit for the whole run")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := load.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}
