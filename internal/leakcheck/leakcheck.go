// Package leakcheck finds goroutines a test run left behind. The test
// packages of the harness call Main from their TestMain, so a case that
// leaves a reader, writer or timer goroutine running fails the run.
package leakcheck

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Main runs the tests, then fails the run if goroutines other than the
// runtime's and the test framework's are still alive once they have had
// grace to finish (connections closing, timers stopping).
func Main(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := Check(5 * time.Second); leaked != "" {
			fmt.Fprintf(os.Stderr, "leakcheck: goroutines left running after the tests:\n\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// Check waits up to grace for the goroutines started by tests to end and
// returns the stacks of those still running, or "" if none is.
func Check(grace time.Duration) string {
	deadline := time.Now().Add(grace)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		leaked := Running()
		if len(leaked) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return strings.Join(leaked, "\n\n")
		}
		<-tick.C
	}
}

// ignored names goroutines that belong to the runtime or the test
// framework, by a function in their stack.
var ignored = []string{
	"testing.(*M).",
	"testing.runFuzzing(",
	"os/signal.signal_recv",
	"runtime.ensureSigM",
	"leakcheck.Running(",
}

// Running returns the stacks of every goroutine that is neither the caller
// nor one of the runtime's or the test framework's.
func Running() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
next:
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, s := range ignored {
			if strings.Contains(g, s) {
				continue next
			}
		}
		out = append(out, g)
	}
	return out
}
