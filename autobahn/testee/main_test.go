package testee_test

import (
	"testing"

	"github.com/hybi-go/websocket/autobahn/internal/leakcheck"
)

// TestMain fails the run when a test leaves a goroutine behind.
func TestMain(m *testing.M) { leakcheck.Main(m) }
