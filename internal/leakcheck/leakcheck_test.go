package leakcheck_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hybi-go/websocket/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func parked(stop <-chan struct{}) { <-stop }

// TestCheck starts a goroutine, sees Check report it, then stops it and
// sees Check come back clean.
func TestCheck(t *testing.T) {
	stop := make(chan struct{})
	go parked(stop)
	leaked := leakcheck.Check(50 * time.Millisecond)
	assert.True(t, strings.Contains(leaked, "leakcheck_test.parked"), leaked)
	close(stop)
	assert.Empty(t, leakcheck.Check(5*time.Second))
}
