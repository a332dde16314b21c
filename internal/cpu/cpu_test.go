package cpu_test

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/hybi-go/websocket/internal/cpu"
)

// On Linux the kernel's view of the processor must agree with ours.
func TestAVX2MatchesProcCPUInfo(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" || err != nil {
		t.Skip("needs Linux on amd64 with /proc/cpuinfo")
	}
	want := strings.Contains(string(info), " avx2")
	if !purego && cpu.X86HasAVX2 != want {
		t.Fatalf("X86HasAVX2 = %v, /proc/cpuinfo says %v", cpu.X86HasAVX2, want)
	}
}
