// Package clientbench measures each library's client: one connection
// pipelining messages to an echo server, with the client process's own CPU
// time per echoed message as the figure.
package clientbench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Config describes one client run.
type Config struct {
	Lib      string        // one of Libs()
	URL      string        // ws://host:port/
	Size     int           // payload bytes; default 64 KiB
	InFlight int           // messages in flight; default 8
	Warmup   time.Duration // default 500ms
	Duration time.Duration // default 2s
}

// Result is what a client run measured.
type Result struct {
	Lib        string  `json:"lib"`
	Size       int     `json:"size"`
	InFlight   int     `json:"inflight"`
	Messages   int64   `json:"messages"`
	Window     float64 `json:"window_s"`
	ClientCPU  float64 `json:"client_cpu_s"`
	UsPerMsg   float64 `json:"client_us_per_msg"`
	MsgsPerSec float64 `json:"msgs_per_s"`
}

// ErrUnknownLib is returned for a library name not in Libs.
var ErrUnknownLib = errors.New("clientbench: unknown library")

// pipe is one library's client connection as the driver sees it.
type pipe interface {
	// write sends p as one binary message; one goroutine calls it.
	write(ctx context.Context, p []byte) error
	// readLoop calls onMessage for every message received until the
	// connection fails or is closed; it runs on its own goroutine.
	readLoop(ctx context.Context, onMessage func()) error
	close()
}

type dialer func(ctx context.Context, url string) (pipe, error)

var dialers = map[string]dialer{
	"hybi":        dialHybi,
	"hybi-append": dialHybiAppend,
	"gorilla":     dialGorilla,
	"coder":       dialCoder,
	"gws":         dialGws,
	"gobwas":      dialGobwas,
	"raw":         dialRaw,
}

// Libs lists the client names Run accepts.
func Libs() []string {
	names := make([]string, 0, len(dialers))
	for k := range dialers {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Run connects with cfg.Lib's client and pipelines messages for the warmup
// and the window, bounded by ctx.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Size <= 0 {
		cfg.Size = 64 << 10
	}
	if cfg.InFlight <= 0 {
		cfg.InFlight = 8
	}
	if cfg.Warmup <= 0 {
		cfg.Warmup = 500 * time.Millisecond
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 2 * time.Second
	}
	d, ok := dialers[cfg.Lib]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownLib, cfg.Lib)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p, err := d(ctx, cfg.URL)
	if err != nil {
		return nil, err
	}
	payload := make([]byte, cfg.Size)
	for i := range payload {
		payload[i] = byte('a' + i%26)
	}

	var (
		msgs    atomic.Int64
		stopped atomic.Bool
		wg      sync.WaitGroup
		errOnce sync.Once
		runErr  error
	)
	fail := func(err error) {
		if err != nil && !stopped.Load() {
			errOnce.Do(func() { runErr = err })
		}
	}
	credits := make(chan struct{}, cfg.InFlight)
	for range cfg.InFlight {
		credits <- struct{}{}
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		fail(p.readLoop(ctx, func() {
			msgs.Add(1)
			credits <- struct{}{}
		}))
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-credits:
			case <-ctx.Done():
				return
			}
			if err := p.write(ctx, payload); err != nil {
				fail(err)
				return
			}
		}
	}()

	wait := func(d time.Duration) bool {
		select {
		case <-time.After(d):
			return true
		case <-ctx.Done():
			return false
		}
	}
	var t0, t1 time.Time
	var c0, c1 time.Duration
	var m0, m1 int64
	if wait(cfg.Warmup) {
		t0, c0, m0 = time.Now(), selfCPU(), msgs.Load()
		if wait(cfg.Duration) {
			t1, c1, m1 = time.Now(), selfCPU(), msgs.Load()
		}
	}
	stopped.Store(true)
	cancel()
	p.close()
	wg.Wait()
	if runErr != nil {
		return nil, runErr
	}
	if t1.IsZero() {
		return nil, context.Cause(ctx)
	}
	r := &Result{Lib: cfg.Lib, Size: cfg.Size, InFlight: cfg.InFlight, Messages: m1 - m0,
		Window: t1.Sub(t0).Seconds(), ClientCPU: (c1 - c0).Seconds()}
	if r.Messages > 0 {
		r.UsPerMsg = r.ClientCPU * 1e6 / float64(r.Messages)
	}
	r.MsgsPerSec = float64(r.Messages) / r.Window
	return r, nil
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
