package conn_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run when goroutines outlive the tests: every
// connection's goroutines must end with it.
func TestMain(m *testing.M) {
	base := runtime.NumGoroutine()
	code := m.Run()
	if code == 0 {
		if leaked := waitGoroutines(base); leaked != "" {
			fmt.Fprintln(os.Stderr, "goroutines leaked:\n"+leaked)
			code = 1
		}
	}
	os.Exit(code)
}

func waitGoroutines(base int) string {
	deadline := time.Now().Add(5 * time.Second)
	for {
		if runtime.NumGoroutine() <= base {
			return ""
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			s := string(buf[:runtime.Stack(buf, true)])
			var out []string
			for _, g := range strings.Split(s, "\n\n") {
				if strings.Contains(g, "hybi-go/websocket") && !strings.Contains(g, "TestMain") {
					out = append(out, g)
				}
			}
			if os.Getenv("LEAKDEBUG") != "" {
				fmt.Fprintln(os.Stderr, s)
			}
			if len(out) == 0 {
				return ""
			}
			return strings.Join(out, "\n\n")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
