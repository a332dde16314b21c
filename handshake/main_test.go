package handshake_test

import (
	"testing"

	"github.com/hybi-go/websocket/internal/leakcheck"
)

// TestMain fails the run when goroutines outlive the tests: every
// connection's goroutines must end with it.
func TestMain(m *testing.M) { leakcheck.Main(m) }
