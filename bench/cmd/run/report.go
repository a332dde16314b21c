package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/hybi-go/websocket/bench/internal/load"
)

// reference is the column every ratio is taken against.
const reference = "gobwas-loop"

// Thresholds for calling a round noisy.
const (
	noisyOther     = 0.25 // other processes used more than this share of the machine
	noisyDeviation = 0.15 // the round is this far from the median
)

// otherShare is the share of the machine's CPU that neither the server nor
// the load generator used during the window: the disturbance.
func otherShare(r *load.Result) float64 {
	if r.Window <= 0 {
		return 0
	}
	other := r.Busy - r.ServerCPU - r.ClientCPU
	return max(0, other) / (r.Window * float64(runtime.NumCPU()))
}

// stat summarises one cell over rounds.
type stat struct {
	vals   []float64
	others []float64
	errs   int
}

func (s *stat) median() float64 { return median(s.vals) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// noisy counts the rounds that were disturbed or far from the median.
func (s *stat) noisy() int {
	m := s.median()
	n := 0
	for i, v := range s.vals {
		if s.others[i] > noisyOther || math.Abs(v-m) > noisyDeviation*m {
			n++
		}
	}
	return n
}

// spread is (max-min)/median.
func (s *stat) spread() float64 {
	if len(s.vals) == 0 {
		return math.NaN()
	}
	return (slices.Max(s.vals) - slices.Min(s.vals)) / s.median()
}

type table map[string]map[string]*stat // row key -> lib -> stat

// cell returns the stat of row and lib, creating it.
func (t table) cell(row, lib string) *stat {
	if t[row] == nil {
		t[row] = map[string]*stat{}
	}
	if t[row][lib] == nil {
		t[row][lib] = &stat{}
	}
	return t[row][lib]
}

func (t table) add(row, lib string, v, other float64) {
	s := t.cell(row, lib)
	s.vals = append(s.vals, v)
	s.others = append(s.others, other)
}

func (t table) fail(row, lib string) { t.cell(row, lib).errs++ }

func (t table) get(row, lib string) *stat {
	if t[row] == nil {
		return nil
	}
	return t[row][lib]
}

func report(w io.Writer, r *runner, rows []row, loadBefore, loadAfter string) {
	cpu, rate, p50, p99 := table{}, table{}, table{}, table{}
	idle, client, clientRate := table{}, table{}, table{}
	sysr, sysw := table{}, table{}
	for _, rec := range r.records {
		switch {
		case rec.Err != "" && rec.Kind == "client":
			client.fail(rec.Row, rec.Lib)
		case rec.Err != "" && rec.Kind == "idle":
			idle.fail(rec.Row, rec.Lib)
		case rec.Err != "":
			cpu.fail(rec.Row, rec.Lib)
		case rec.Kind == "client":
			client.add(rec.Row, rec.Lib, rec.Client.UsPerMsg, 0)
			clientRate.add(rec.Row, rec.Lib, rec.Client.MsgsPerSec, 0)
		case rec.Kind == "idle":
			idle.add(rec.Row, rec.Lib, rec.Load.PerConn/1024, 0)
		default:
			o := otherShare(rec.Load)
			cpu.add(rec.Row, rec.Lib, rec.Load.UsPerMsg, o)
			rate.add(rec.Row, rec.Lib, rec.Load.MsgsPerSec, o)
			sysr.add(rec.Row, rec.Lib, rec.Load.ReadsPer, o)
			sysw.add(rec.Row, rec.Lib, rec.Load.WritesPer, o)
			if rec.Kind == load.ModeLatency {
				p50.add(rec.Row, rec.Lib, rec.Load.P50, o)
				p99.add(rec.Row, rec.Lib, rec.Load.P99, o)
			}
		}
	}
	o := r.o
	host, _ := os.Hostname()
	fmt.Fprintf(w, "## Measured %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Command: `go run ./cmd/run %s` (from bench/). Machine: %s, %d CPUs, %s, host %s.\n",
		strings.Join(os.Args[1:], " "), cpuModel(), runtime.NumCPU(), runtime.Version(), host)
	fmt.Fprintf(w, "Server pinned to CPU %s, load generator to CPU %s. %d rounds, window %v after %v warmup. "+
		"Window doubled at 64 KiB and tripled at 1 MiB. Load average before %s, after %s.\n\n",
		o.serverCPU, o.loadCPU, o.rounds, o.window, o.warmup, loadBefore, loadAfter)
	if r.b != nil {
		fmt.Fprintf(w, "hybi built from the %s.\n\n", r.b.source)
	}

	var tp, lat []row
	for _, rw := range rows {
		if rw.conns == 1 && rw.inFlight == 1 {
			lat = append(lat, rw)
		} else {
			tp = append(tp, rw)
		}
	}
	msgs := "binary"
	if o.text {
		msgs = "text (UTF-8 checked where the library offers it)"
	}
	fmt.Fprintf(w, "### Server CPU time per echoed message (µs, lower is better)\n\n"+
		"Median over rounds; in parentheses the ratio to %s. Plain rows send %s messages.\n\n", reference, msgs)
	writeTable(w, tp, o.libs, "payload, connections x in-flight", func(rw row, lib string) string {
		return ratioCell(cpu, rw.key, lib, 2)
	})
	fmt.Fprintf(w, "\n### Echoed messages per second (median; the load generator's core is often the limit)\n\n")
	writeTable(w, tp, o.libs, "payload, connections x in-flight", func(rw row, lib string) string {
		return plainCell(rate.get(rw.key, lib), "%.0f")
	})
	fmt.Fprintf(w, "\n### Server system calls per echoed message (reads / writes, median)\n\n")
	writeTable(w, tp, o.libs, "payload, connections x in-flight", func(rw row, lib string) string {
		r, wr := sysr.get(rw.key, lib), sysw.get(rw.key, lib)
		if r == nil || len(r.vals) == 0 {
			return errCell(cpu.get(rw.key, lib))
		}
		return fmt.Sprintf("%.2f / %.2f", r.median(), wr.median())
	})
	fmt.Fprintf(w, "\n### Noise: spread (max-min)/median of the CPU figure, and noisy rounds\n\n"+
		"A round is noisy when other processes used over %.0f%% of the machine during its window "+
		"or it lies over %.0f%% from the median.\n\n", 100*noisyOther, 100*noisyDeviation)
	writeTable(w, append(slices.Clone(tp), lat...), o.libs, "row", func(rw row, lib string) string {
		s := cpu.get(rw.key, lib)
		if s == nil || len(s.vals) == 0 {
			return errCell(s)
		}
		return fmt.Sprintf("±%.0f%% %d/%d", 100*s.spread()/2, s.noisy(), len(s.vals))
	})
	if len(lat) > 0 {
		fmt.Fprintf(w, "\n### Ping-pong latency, one connection, one message in flight (µs p50 / p99; server µs per message)\n\n")
		writeTable(w, lat, o.libs, "payload, connections x in-flight", func(rw row, lib string) string {
			a, b, c := p50.get(rw.key, lib), p99.get(rw.key, lib), cpu.get(rw.key, lib)
			if a == nil || len(a.vals) == 0 {
				return errCell(c)
			}
			return fmt.Sprintf("%.0f / %.0f; %.1f", a.median(), b.median(), c.median())
		})
	}
	if len(idle) > 0 {
		fmt.Fprintf(w, "\n### Memory per idle connection (server RSS growth over %d connections after one 16 B message, KiB)\n\n", o.idleConns)
		writeTable(w, []row{{key: "idle", title: "KiB per connection"}}, o.libs, "", func(rw row, lib string) string {
			return plainCell(idle.get(rw.key, lib), "%.1f")
		})
	}
	if len(client) > 0 {
		fmt.Fprintf(w, "\n### Client CPU time per message, one connection pipelining 64 KiB messages (8 in flight) to the gobwas-loop server\n\n")
		writeTable(w, []row{{key: "client-64KiB", title: "client µs/msg"}}, o.clientLibs, "", func(rw row, lib string) string {
			return plainCell(client.get(rw.key, lib), "%.1f")
		})
		fmt.Fprintln(w)
		writeTable(w, []row{{key: "client-64KiB", title: "messages/s"}}, o.clientLibs, "", func(rw row, lib string) string {
			return plainCell(clientRate.get(rw.key, lib), "%.0f")
		})
	}
}

func writeTable(w io.Writer, rows []row, libs []string, corner string, cell func(row, string) string) {
	fmt.Fprintf(w, "| %s | %s |\n|---|%s\n", corner, strings.Join(libs, " | "), strings.Repeat("---:|", len(libs)))
	for _, rw := range rows {
		cells := make([]string, len(libs))
		for i, lib := range libs {
			cells[i] = cell(rw, lib)
		}
		fmt.Fprintf(w, "| %s | %s |\n", rw.title, strings.Join(cells, " | "))
	}
}

func ratioCell(t table, row, lib string, prec int) string {
	s := t.get(row, lib)
	if s == nil || len(s.vals) == 0 {
		return errCell(s)
	}
	m := s.median()
	out := fmt.Sprintf("%.*f", prec, m)
	if ref := t.get(row, reference); ref != nil && len(ref.vals) > 0 && lib != reference {
		out += fmt.Sprintf(" (%.1fx)", m/ref.median())
	}
	return out
}

func plainCell(s *stat, format string) string {
	if s == nil || len(s.vals) == 0 {
		return errCell(s)
	}
	return fmt.Sprintf(format, s.median())
}

func errCell(s *stat) string {
	if s != nil && s.errs > 0 {
		return "error"
	}
	return "–"
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
