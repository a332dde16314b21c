package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hybi-go/websocket/bench/internal/clientbench"
	"github.com/hybi-go/websocket/bench/internal/echo"
	"github.com/hybi-go/websocket/bench/internal/load"
	"github.com/hybi-go/websocket/bench/internal/procstat"
)

// record is the outcome of one measured run.
type record struct {
	Kind   string              `json:"kind"` // throughput, latency, idle, client
	Row    string              `json:"row"`
	Lib    string              `json:"lib"`
	Round  int                 `json:"round"`
	Load   *load.Result        `json:"load,omitempty"`
	Client *clientbench.Result `json:"client,omitempty"`
	Err    string              `json:"err,omitempty"`
}

type runner struct {
	o       *options
	b       *binaries
	records []record
	out     *os.File
	done    int
	total   int
	start   time.Time
}

func baseLib(col string) string {
	lib, _, _ := strings.Cut(col, "@")
	return lib
}

// libsFor returns the columns that can serve r.
func (r *runner) libsFor(rw row) []string {
	var libs []string
	for _, l := range r.o.libs {
		if !rw.compress || echo.CanCompress(baseLib(l)) {
			libs = append(libs, l)
		}
	}
	return libs
}

// rotate starts the order at a different library each round, so none
// always runs first after a row change or last before one.
func rotate(s []string, k int) []string {
	if len(s) == 0 {
		return nil
	}
	k %= len(s)
	return append(append([]string(nil), s[k:]...), s[:k]...)
}

func run(ctx context.Context, o *options) error {
	r := &runner{o: o, start: time.Now()}
	loadBefore := procstat.LoadAvg()
	fmt.Fprintln(os.Stderr, "building...")
	b, err := build(ctx, o)
	if err != nil {
		return err
	}
	defer os.RemoveAll(b.dir)
	r.b = b
	if o.outDir != "" {
		if err := os.MkdirAll(o.outDir, 0o755); err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(o.outDir, "results.jsonl"))
		if err != nil {
			return err
		}
		defer f.Close()
		r.out = f
	}
	if o.profileDir != "" {
		if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
			return err
		}
	}
	rows := o.rows
	if o.latency {
		rows = append(append([]row(nil), rows...), latencyRows...)
	}
	for _, rw := range rows {
		r.total += o.rounds * len(r.libsFor(rw))
	}
	if o.idleConns > 0 {
		r.total += len(o.libs)
	}
	clientRounds := min(o.rounds, 3)
	if o.quick {
		clientRounds = 1
	}
	if o.clients {
		r.total += clientRounds * len(o.clientLibs)
	}
	fmt.Fprintf(os.Stderr, "%d runs; load average %s\n", r.total, loadBefore)

	for round := range o.rounds {
		for _, rw := range rows {
			for _, lib := range rotate(r.libsFor(rw), round) {
				if err := ctx.Err(); err != nil {
					return err
				}
				r.add(r.traffic(ctx, rw, lib, round))
			}
		}
	}
	if o.idleConns > 0 {
		for _, lib := range o.libs {
			if err := ctx.Err(); err != nil {
				return err
			}
			r.add(r.idle(ctx, lib))
		}
	}
	if o.clients {
		if err := r.clientRuns(ctx, clientRounds); err != nil {
			return err
		}
	}
	report(os.Stdout, r, rows, loadBefore, procstat.LoadAvg())
	return nil
}

func (r *runner) add(rec record) {
	r.records = append(r.records, rec)
	r.done++
	status := "ok"
	switch {
	case rec.Err != "":
		status = "ERROR " + rec.Err
	case rec.Load != nil && rec.Kind == "idle":
		status = fmt.Sprintf("%.1f KiB/conn", rec.Load.PerConn/1024)
	case rec.Load != nil:
		status = fmt.Sprintf("%.2f us/msg, %.0f msg/s, other load %.0f%%", rec.Load.UsPerMsg, rec.Load.MsgsPerSec, 100*otherShare(rec.Load))
	case rec.Client != nil:
		status = fmt.Sprintf("client %.1f us/msg", rec.Client.UsPerMsg)
	}
	fmt.Fprintf(os.Stderr, "[%3d/%d %5.0fs] r%d %-12s %-14s %s\n", r.done, r.total,
		time.Since(r.start).Seconds(), rec.Round+1, rec.Row, rec.Lib, status)
	if r.out != nil {
		b, _ := json.Marshal(rec)
		r.out.Write(append(b, '\n'))
	}
}

func (r *runner) traffic(ctx context.Context, rw row, lib string, round int) record {
	kind := load.ModeThroughput
	window := r.o.window
	if rw.scale > 0 {
		window = time.Duration(float64(window) * rw.scale)
	}
	if rw.conns == 1 && rw.inFlight == 1 {
		kind = load.ModeLatency
		window = r.o.latWindow
	}
	rec := record{Kind: kind, Row: rw.key, Lib: lib, Round: round}
	profile := ""
	if r.o.profileDir != "" && slices.Contains(r.o.profileLibs, lib) {
		profile = filepath.Join(r.o.profileDir, fmt.Sprintf("%s-%s-r%d.pprof", strings.ReplaceAll(lib, "@", "_"), rw.key, round+1))
	}
	args := []string{"-mode", kind, "-conns", strconv.Itoa(rw.conns), "-inflight", strconv.Itoa(rw.inFlight),
		"-size", strconv.Itoa(rw.size), "-warmup", r.o.warmup.String(), "-duration", window.String(), "-timeout", "60s"}
	if rw.compress {
		args = append(args, "-compress")
	} else if r.o.text {
		args = append(args, "-text")
	}
	return r.measure(ctx, rec, rw.compress, profile, args)
}

func (r *runner) idle(ctx context.Context, lib string) record {
	// 28,000 ephemeral ports per source address; four leave room for
	// TIME_WAIT left by earlier runs.
	args := []string{"-mode", load.ModeIdle, "-conns", strconv.Itoa(r.o.idleConns), "-size", "16",
		"-sources", "4", "-timeout", "90s"}
	return r.measure(ctx, record{Kind: "idle", Row: "idle", Lib: lib}, false, "", args)
}

// measure starts rec.Lib's server, runs the load generator against it with
// args and stops the server.
func (r *runner) measure(ctx context.Context, rec record, compress bool, profile string, args []string) record {
	bin, name := r.b.serverFor(rec.Lib)
	srv, err := startServer(r.o, bin, name, compress, profile)
	if err != nil {
		rec.Err = err.Error()
		return rec
	}
	defer srv.stop()
	argv := append([]string{r.b.load, "-addr", srv.addr, "-pid", strconv.Itoa(srv.pid)}, args...)
	if echo.IsRaw(name) {
		argv = append(argv, "-raw")
	}
	var res load.Result
	if err := runJSON(ctx, r.o.loadCPU, &res, argv...); err != nil {
		rec.Err = err.Error()
		return rec
	}
	rec.Load = &res
	return rec
}

// clientRuns measures every client against one gobwas-loop server.
func (r *runner) clientRuns(ctx context.Context, rounds int) error {
	srv, err := startServer(r.o, r.b.servers[""], "gobwas-loop", false, "")
	if err != nil {
		return err
	}
	defer srv.stop()
	for round := range rounds {
		for _, lib := range rotate(r.o.clientLibs, round) {
			if err := ctx.Err(); err != nil {
				return err
			}
			rec := record{Kind: "client", Row: "client-64KiB", Lib: lib, Round: round}
			var res clientbench.Result
			err := runJSON(ctx, r.o.loadCPU, &res, r.b.client, "-lib", lib, "-url", "ws://"+srv.addr+"/",
				"-size", "65536", "-inflight", "8", "-warmup", r.o.warmup.String(), "-duration", r.o.window.String(), "-timeout", "60s")
			if err != nil {
				rec.Err = err.Error()
			} else {
				rec.Client = &res
			}
			r.add(rec)
		}
	}
	return nil
}
