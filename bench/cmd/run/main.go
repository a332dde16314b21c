// Command run is the side-by-side benchmark runner. From the bench module:
//
//	go run ./cmd/run            # full run, about 8.5 minutes
//	go run ./cmd/run -quick     # under 2 minutes, fewer rounds and connections
//	go run ./cmd/run -libs hybi,gobwas-loop -rows 16B,1KiB -rounds 3
//	go run ./cmd/run -baseline HEAD   # adds "hybi@HEAD", built from that commit
//
// It builds the echo server, load generator and client binaries, then for
// each round runs every (row, library) pair with the server pinned to one
// core and the load generator to the other (taskset), interleaving the
// libraries so that slow drifts in machine load hit them all alike. The
// figure is the server's CPU time (utime+stime from /proc/<pid>/stat) per
// echoed message; the tables show the median over rounds, the ratio to the
// gobwas frame loop, and which rounds were disturbed by other work.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// row is one line of the throughput tables.
type row struct {
	key      string
	title    string
	size     int
	conns    int
	inFlight int
	compress bool
	// scale stretches the window for rows with few messages per second, so
	// that a window still holds enough messages and CPU ticks.
	scale float64
}

var allRows = []row{
	{key: "16B", title: "16 B, 64 x 32", size: 16, conns: 64, inFlight: 32},
	{key: "1KiB", title: "1 KiB, 64 x 32", size: 1 << 10, conns: 64, inFlight: 32},
	{key: "64KiB", title: "64 KiB, 64 x 16", size: 64 << 10, conns: 64, inFlight: 16, scale: 2},
	{key: "1MiB", title: "1 MiB, 64 x 2", size: 1 << 20, conns: 64, inFlight: 2, scale: 3},
	{key: "json-deflate", title: "1 KiB JSON text, permessage-deflate, 64 x 32", size: 1 << 10, conns: 64, inFlight: 32, compress: true},
}

var latencyRows = []row{
	{key: "lat-16B", title: "16 B, 1 x 1", size: 16, conns: 1, inFlight: 1},
	{key: "lat-1KiB", title: "1 KiB, 1 x 1", size: 1 << 10, conns: 1, inFlight: 1},
}

const defaultLibs = "hybi,gorilla,coder,gws,gobwas-loop,gobwas-wsutil,tcp"

// options are the runner's flags after -quick has filled in its defaults.
type options struct {
	quick       bool
	rounds      int
	libs        []string
	rows        []row
	warmup      time.Duration
	window      time.Duration
	latency     bool
	latWindow   time.Duration
	idleConns   int
	clients     bool
	clientLibs  []string
	text        bool
	serverCPU   string
	loadCPU     string
	outDir      string
	profileDir  string
	profileLibs []string
	baseline    string
	limit       time.Duration
}

func parseFlags() (*options, error) {
	o := &options{}
	flag.BoolVar(&o.quick, "quick", false, "short run: 2 rounds, short windows, 2,000 idle connections (under 2 minutes)")
	rounds := flag.Int("rounds", 0, "rounds (default 5, quick 2)")
	libs := flag.String("libs", defaultLibs, "servers to compare (see server -h); hybi-append is also available")
	rows := flag.String("rows", "16B,1KiB,64KiB,1MiB,json-deflate", "throughput rows")
	window := flag.Duration("window", 0, "measurement window per run, doubled for 64 KiB and tripled for 1 MiB (default 1s, quick 500ms)")
	warmup := flag.Duration("warmup", 0, "warmup per run (default 300ms, quick 200ms)")
	flag.BoolVar(&o.latency, "latency", true, "also run the ping-pong latency rows")
	idle := flag.Int("idle", -1, "connections for the idle-memory table (default 10000, quick 2000; 0 skips)")
	flag.BoolVar(&o.clients, "clients", true, "also measure each library's client against the gobwas-loop server")
	clientLibs := flag.String("client-libs", "hybi,gorilla,coder,gws,gobwas,raw", "clients to measure")
	flag.BoolVar(&o.text, "text", false, "send text instead of binary messages in the plain rows (UTF-8 checked)")
	flag.StringVar(&o.serverCPU, "server-cpu", "0", "taskset CPU list for the servers")
	flag.StringVar(&o.loadCPU, "load-cpu", "1", "taskset CPU list for the load generator and clients")
	flag.StringVar(&o.outDir, "out", "", "directory for raw JSON results (one line per run)")
	flag.StringVar(&o.profileDir, "cpuprofile", "", "directory for server CPU profiles of -profile-libs")
	profileLibs := flag.String("profile-libs", "hybi", "servers to profile when -cpuprofile is set")
	flag.StringVar(&o.baseline, "baseline", "", "git revision of the main module to build as an extra server \"hybi@REV\"")
	flag.DurationVar(&o.limit, "limit", 15*time.Minute, "hard limit for the whole run")
	flag.Parse()

	o.rounds = pick(*rounds, 5, 2, o.quick)
	o.window = pick(*window, time.Second, 500*time.Millisecond, o.quick)
	o.warmup = pick(*warmup, 300*time.Millisecond, 200*time.Millisecond, o.quick)
	o.latWindow = pick(0, 500*time.Millisecond, 300*time.Millisecond, o.quick)
	o.idleConns = *idle
	if o.idleConns < 0 {
		o.idleConns = pick(0, 10000, 2000, o.quick)
	}
	o.libs = split(*libs)
	o.clientLibs = split(*clientLibs)
	o.profileLibs = split(*profileLibs)
	for _, k := range split(*rows) {
		found := false
		for _, r := range allRows {
			if r.key == k {
				o.rows = append(o.rows, r)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown row %q", k)
		}
	}
	if o.baseline != "" {
		o.libs = append(o.libs, "hybi@"+o.baseline)
	}
	return o, nil
}

func pick[T comparable](set, normal, quick T, isQuick bool) T {
	var zero T
	switch {
	case set != zero:
		return set
	case isQuick:
		return quick
	}
	return normal
}

func split(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func main() {
	o, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "run:", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.limit)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "run:", err)
		os.Exit(1)
	}
}
