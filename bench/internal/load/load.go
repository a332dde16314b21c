// Package load is the fixed load generator every echo server is measured
// with. It drives its own minimal client (package wsclient) so that the
// client's cost per message is the same whichever library serves, and it
// samples the server's CPU time itself at the exact edges of the
// measurement window.
package load

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/hybi-go/websocket/bench/internal/procstat"
	"github.com/hybi-go/websocket/bench/internal/wsclient"
)

// Modes of Run.
const (
	ModeThroughput = "throughput" // Conns x InFlight messages pipelined
	ModeLatency    = "latency"    // one message in flight per connection, timed
	ModeIdle       = "idle"       // Conns connections, one message each, then RSS
)

// Config describes one load run. Zero fields take the defaults noted.
type Config struct {
	Addr      string        // server address, host:port
	Mode      string        // ModeThroughput (default), ModeLatency or ModeIdle
	Conns     int           // connections; default 64 (1 for latency)
	InFlight  int           // messages in flight per connection; default 32
	Size      int           // payload bytes; default 16
	Text      bool          // send text messages (JSON); default binary
	Compress  bool          // offer permessage-deflate and send deflated frames
	Raw       bool          // plain TCP server: no handshake
	Warmup    time.Duration // before the window opens; default 500ms
	Duration  time.Duration // measurement window; default 2s
	ServerPID int           // process whose CPU and RSS are sampled; 0 = none
	Sources   int           // distinct 127.0.0.x source addresses; default 1
}

// Result is what a run measured. Times are in seconds, memory in bytes.
type Result struct {
	Config
	Messages   int64   `json:"messages"`     // echoes received in the window
	Window     float64 `json:"window_s"`     // wall time of the window
	ServerCPU  float64 `json:"server_cpu_s"` // utime+stime of ServerPID in the window
	ClientCPU  float64 `json:"client_cpu_s"` // this process in the window
	Busy       float64 `json:"busy_s"`       // all cores, all processes, in the window
	UsPerMsg   float64 `json:"server_us_per_msg"`
	ReadsPer   float64 `json:"server_reads_per_msg"`  // read-like system calls
	WritesPer  float64 `json:"server_writes_per_msg"` // write-like system calls
	MsgsPerSec float64 `json:"msgs_per_s"`
	P50        float64 `json:"p50_us,omitempty"`
	P90        float64 `json:"p90_us,omitempty"`
	P99        float64 `json:"p99_us,omitempty"`
	RSSBefore  int64   `json:"rss_before,omitempty"`
	RSSAfter   int64   `json:"rss_after,omitempty"`
	PerConn    float64 `json:"rss_per_conn,omitempty"`
	LoadAvg    string  `json:"loadavg"`
}

// ErrNoCompression means the server refused permessage-deflate.
var ErrNoCompression = errors.New("load: server did not accept permessage-deflate")

func (c *Config) defaults() {
	if c.Mode == "" {
		c.Mode = ModeThroughput
	}
	if c.Conns <= 0 {
		c.Conns = 64
		if c.Mode == ModeLatency {
			c.Conns = 1
		}
	}
	if c.InFlight <= 0 || c.Mode != ModeThroughput {
		c.InFlight = 32
		if c.Mode != ModeThroughput {
			c.InFlight = 1
		}
	}
	if c.Size < 0 {
		c.Size = 0
	}
	if c.Size == 0 {
		c.Size = 16
	}
	if c.Warmup <= 0 {
		c.Warmup = 500 * time.Millisecond
	}
	if c.Duration <= 0 {
		c.Duration = 2 * time.Second
	}
	if c.Sources <= 0 {
		c.Sources = 1
	}
}

// Run performs one load run bounded by ctx and the configured durations.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg.defaults()
	switch cfg.Mode {
	case ModeThroughput, ModeLatency:
		return runTraffic(ctx, cfg)
	case ModeIdle:
		return runIdle(ctx, cfg)
	}
	return nil, fmt.Errorf("load: unknown mode %q", cfg.Mode)
}

// Payload returns the message body the generator sends: JSON-shaped ASCII
// text of exactly n bytes, which is valid UTF-8 and compresses like an API
// response does.
func Payload(n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"user":"user%d","active":%t,"score":%d.%02d}`, i, i*7919%1000, i%3 == 0, i*31%97, i%100)
	}
	s := []byte(b.String())[:n]
	if n >= 2 {
		s[n-1] = ']'
	}
	return s
}

// frame builds the one pre-masked frame every connection sends.
func (c *Config) frame() []byte {
	op := byte(wsclient.OpBinary)
	if c.Text || c.Compress {
		op = wsclient.OpText
	}
	p := Payload(c.Size)
	if c.Compress {
		return wsclient.AppendFrame(nil, op, wsclient.Deflate(p), true)
	}
	return wsclient.AppendFrame(nil, op, p, false)
}

// client is one connection of the generator.
type client struct {
	c      net.Conn
	parser wsclient.Parser
	rest   []byte // bytes read with the handshake response
}

func dial(ctx context.Context, cfg *Config, i int) (*client, error) {
	d := net.Dialer{Timeout: 10 * time.Second}
	if cfg.Sources > 1 {
		host, _, _ := net.SplitHostPort(cfg.Addr)
		if ip := net.ParseIP(host); ip != nil && ip.To4() != nil && ip.IsLoopback() {
			d.LocalAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(1+i%cfg.Sources))}
		}
	}
	c, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	cl := &client{c: c}
	if cfg.Raw {
		return cl, nil
	}
	rest, compressed, err := wsclient.Handshake(c, cfg.Addr, "/", cfg.Compress)
	if err != nil {
		c.Close()
		return nil, err
	}
	if cfg.Compress && !compressed {
		c.Close()
		return nil, ErrNoCompression
	}
	cl.rest = rest
	return cl, nil
}

// sample is a reading of every counter at one instant.
type sample struct {
	at     time.Time
	msgs   int64
	server time.Duration
	syscr  int64
	syscw  int64
	self   time.Duration
	busy   time.Duration
}

func takeSample(pid int, msgs int64) (sample, error) {
	s := sample{at: time.Now(), msgs: msgs}
	var err error
	if pid > 0 {
		if s.server, err = procstat.CPU(pid); err != nil {
			return s, err
		}
		if s.syscr, s.syscw, err = procstat.Syscalls(pid); err != nil {
			return s, err
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return s, err
	}
	s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	s.busy, err = procstat.SystemBusy()
	return s, err
}

func (r *Result) fill(a, b sample) {
	r.Messages = b.msgs - a.msgs
	r.Window = b.at.Sub(a.at).Seconds()
	r.ServerCPU = (b.server - a.server).Seconds()
	r.ClientCPU = (b.self - a.self).Seconds()
	r.Busy = (b.busy - a.busy).Seconds()
	if r.Messages > 0 {
		r.UsPerMsg = r.ServerCPU * 1e6 / float64(r.Messages)
		r.ReadsPer = float64(b.syscr-a.syscr) / float64(r.Messages)
		r.WritesPer = float64(b.syscw-a.syscw) / float64(r.Messages)
	}
	r.MsgsPerSec = float64(r.Messages) / r.Window
	r.LoadAvg = procstat.LoadAvg()
}
