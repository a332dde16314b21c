package load

import (
	"context"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// runTraffic pipelines InFlight messages on each of Conns connections: a
// writer sends a new copy of the frame for every echo the reader counts.
// In latency mode InFlight is 1 and the reader times each round trip.
func runTraffic(ctx context.Context, cfg Config) (*Result, error) {
	fr := cfg.frame()
	clients := make([]*client, 0, cfg.Conns)
	defer func() {
		for _, cl := range clients {
			cl.c.Close()
		}
	}()
	for i := range cfg.Conns {
		cl, err := dial(ctx, &cfg, i)
		if err != nil {
			return nil, err
		}
		clients = append(clients, cl)
	}

	var (
		msgs    atomic.Int64
		timing  atomic.Bool // latency samples are kept only inside the window
		mu      sync.Mutex
		rtts    []time.Duration
		wg      sync.WaitGroup
		errOnce sync.Once
		runErr  error
	)
	stop := make(chan struct{})
	fail := func(err error) {
		select {
		case <-stop:
			return // errors after the window closed are the shutdown itself
		default:
		}
		errOnce.Do(func() { runErr = err })
	}
	for _, cl := range clients {
		credits := make(chan int, cfg.InFlight+1)
		sent := make(chan time.Time, cfg.InFlight+1)
		wg.Add(2)
		go func() {
			defer wg.Done()
			writeLoop(cl.c, fr, cfg.InFlight, credits, sent, stop, fail)
		}()
		go func() {
			defer wg.Done()
			var local []time.Duration
			buf := make([]byte, 64<<10)
			pending := cl.rest
			for {
				if len(pending) == 0 {
					n, err := cl.c.Read(buf)
					if err != nil {
						fail(err)
						break
					}
					pending = buf[:n]
				}
				n, err := cl.parser.Feed(pending)
				pending = nil
				if err != nil {
					fail(err)
					break
				}
				if n == 0 {
					continue
				}
				msgs.Add(int64(n))
				if cfg.Mode == ModeLatency {
					t0 := <-sent
					if timing.Load() {
						local = append(local, time.Since(t0))
					}
				}
				credits <- n
			}
			mu.Lock()
			rtts = append(rtts, local...)
			mu.Unlock()
		}()
	}

	res := &Result{Config: cfg}
	var a, b sample
	err := func() error {
		if err := sleep(ctx, cfg.Warmup); err != nil {
			return err
		}
		var err error
		if a, err = takeSample(cfg.ServerPID, msgs.Load()); err != nil {
			return err
		}
		timing.Store(true)
		if err := sleep(ctx, cfg.Duration); err != nil {
			return err
		}
		timing.Store(false)
		b, err = takeSample(cfg.ServerPID, msgs.Load())
		return err
	}()
	close(stop)
	for _, cl := range clients {
		cl.c.SetDeadline(time.Now())
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if runErr != nil {
		return nil, runErr
	}
	res.fill(a, b)
	if len(rtts) > 0 {
		slices.Sort(rtts)
		q := func(p float64) float64 {
			return float64(rtts[int(p*float64(len(rtts)-1))].Nanoseconds()) / 1e3
		}
		res.P50, res.P90, res.P99 = q(0.50), q(0.90), q(0.99)
	}
	return res, nil
}

// writeLoop sends inFlight frames, then one more for every credit. Small
// batches go out from one contiguous buffer, large ones with writev, so a
// batch is always one system call.
func writeLoop(c net.Conn, fr []byte, inFlight int, credits <-chan int, sent chan<- time.Time,
	stop <-chan struct{}, fail func(error)) {
	var contiguous []byte
	if len(fr)*inFlight <= 256<<10 {
		contiguous = make([]byte, 0, len(fr)*inFlight)
		for range inFlight {
			contiguous = append(contiguous, fr...)
		}
	}
	vec := make([][]byte, inFlight)
	send := func(k int) error {
		select {
		case sent <- time.Now():
		default: // only latency mode reads it; the buffer bounds the rest
		}
		if contiguous != nil {
			_, err := c.Write(contiguous[:k*len(fr)])
			return err
		}
		// net.Buffers consumes its elements on partial writes: refill.
		for i := range k {
			vec[i] = fr
		}
		bufs := net.Buffers(vec[:k])
		_, err := bufs.WriteTo(c)
		return err
	}
	if err := send(inFlight); err != nil {
		fail(err)
		return
	}
	for {
		var k int
		select {
		case k = <-credits:
		case <-stop:
			return
		}
	drain:
		for k < inFlight {
			select {
			case n := <-credits:
				k += n
			default:
				break drain
			}
		}
		if err := send(k); err != nil {
			fail(err)
			return
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
