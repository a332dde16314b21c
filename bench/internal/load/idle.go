package load

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hybi-go/websocket/bench/internal/procstat"
)

// settle is how long the server gets after the last echo before its RSS is
// read, so that buffers freed after the first message are back in the heap.
const settle = time.Second

// runIdle opens Conns connections, sends one message on each and waits for
// its echo, then reports how much the server's resident memory grew per
// connection.
func runIdle(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.ServerPID <= 0 {
		return nil, fmt.Errorf("load: idle mode needs the server's pid")
	}
	fr := cfg.frame()
	before, err := procstat.RSS(cfg.ServerPID)
	if err != nil {
		return nil, err
	}
	clients := make([]*client, cfg.Conns)
	defer func() {
		for _, cl := range clients {
			if cl != nil {
				cl.c.Close()
			}
		}
	}()
	const workers = 32
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		ferr error
	)
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				cl, err := idleOne(ctx, &cfg, i, fr)
				mu.Lock()
				if err != nil && ferr == nil {
					ferr = fmt.Errorf("connection %d: %w", i, err)
				}
				clients[i] = cl
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
feed:
	for i := range cfg.Conns {
		mu.Lock()
		failed := ferr != nil
		mu.Unlock()
		if failed {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ferr != nil {
		return nil, ferr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sleep(ctx, settle); err != nil {
		return nil, err
	}
	after, err := procstat.RSS(cfg.ServerPID)
	if err != nil {
		return nil, err
	}
	res := &Result{Config: cfg, Messages: int64(cfg.Conns), Window: time.Since(start).Seconds()}
	res.RSSBefore, res.RSSAfter = before, after
	res.PerConn = float64(after-before) / float64(cfg.Conns)
	res.LoadAvg = procstat.LoadAvg()
	return res, nil
}

// idleOne connects, sends one message and waits for its echo; the
// connection stays open.
func idleOne(ctx context.Context, cfg *Config, i int, fr []byte) (*client, error) {
	cl, err := dial(ctx, cfg, i)
	if err != nil {
		return nil, err
	}
	cl.c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := cl.c.Write(fr); err != nil {
		cl.c.Close()
		return nil, err
	}
	buf := make([]byte, 4096)
	pending := cl.rest
	for got := 0; got == 0; {
		if len(pending) == 0 {
			n, err := cl.c.Read(buf)
			if err != nil {
				cl.c.Close()
				return nil, err
			}
			pending = buf[:n]
		}
		n, err := cl.parser.Feed(pending)
		pending = nil
		if err != nil {
			cl.c.Close()
			return nil, err
		}
		got += n
	}
	cl.c.SetDeadline(time.Time{})
	cl.rest = nil
	return cl, nil
}
