package handshake_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaks := leakedGoroutines(); leaks != "" {
			fmt.Fprintf(os.Stderr, "leaked goroutines:\n%s\n", leaks)
			code = 1
		}
	}
	os.Exit(code)
}

// leakedGoroutines returns the stacks of goroutines other than the main one
// still alive after the tests. Closed servers and connections take a moment
// to unwind, so it waits up to five seconds for them to go.
func leakedGoroutines() string {
	deadline := time.Now().Add(5 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var leaks []string
		for g := range strings.SplitSeq(string(buf), "\n\n") {
			// The fuzzing engine installs a signal handler for good.
			if strings.Contains(g, "leakedGoroutines") || strings.Contains(g, "os/signal.signal_recv") {
				continue
			}
			leaks = append(leaks, g)
		}
		if len(leaks) == 0 || time.Now().After(deadline) {
			return strings.Join(leaks, "\n\n")
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
}
