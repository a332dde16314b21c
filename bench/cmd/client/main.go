// Command client measures one library's client: a single connection
// pipelining messages to an echo server (the runner uses the gobwas frame
// loop), reporting its own CPU time per echoed message as one JSON line.
//
//	client -lib hybi -url ws://127.0.0.1:9001/ -size 65536 -inflight 8
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hybi-go/websocket/bench/internal/clientbench"
)

func main() {
	var cfg clientbench.Config
	flag.StringVar(&cfg.Lib, "lib", "hybi", "client library: "+strings.Join(clientbench.Libs(), ", "))
	flag.StringVar(&cfg.URL, "url", "ws://127.0.0.1:9001/", "echo server URL")
	flag.IntVar(&cfg.Size, "size", 64<<10, "payload bytes")
	flag.IntVar(&cfg.InFlight, "inflight", 8, "messages in flight")
	flag.DurationVar(&cfg.Warmup, "warmup", 500*time.Millisecond, "time before the window opens")
	flag.DurationVar(&cfg.Duration, "duration", 2*time.Second, "measurement window")
	timeout := flag.Duration("timeout", time.Minute, "hard limit for the run")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := clientbench.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}
