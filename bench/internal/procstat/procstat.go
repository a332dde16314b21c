// Package procstat reads the Linux process and system counters the
// benchmarks measure with: a process's CPU time from /proc/<pid>/stat, its
// resident memory from /proc/<pid>/status, and the machine's total busy time
// from /proc/stat, which tells how much other work disturbed a measurement.
package procstat

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// tick is USER_HZ, the unit of the times in /proc; it is 100 on every Linux
// architecture Go supports.
const tick = 10 * time.Millisecond

// ErrFormat means a /proc file did not look as expected.
var ErrFormat = errors.New("procstat: unexpected /proc format")

// CPU returns the user and system CPU time consumed so far by all threads of
// process pid.
func CPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStat(b)
}

// parseStat takes utime and stime, fields 14 and 15 of proc(5), counted
// after the command name, which may itself hold spaces and parentheses.
func parseStat(b []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, ErrFormat
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state), so field k is f[k-3].
	if len(f) < 13 {
		return 0, ErrFormat
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, ErrFormat
	}
	return time.Duration(u+s) * tick, nil
}

// RSS returns the resident set size of process pid in bytes (VmRSS).
func RSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) != 2 || f[1] != "kB" {
				return 0, ErrFormat
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return 0, ErrFormat
			}
			return kb << 10, nil
		}
	}
	return 0, ErrFormat
}

// Syscalls returns how many read-like and write-like system calls process
// pid has made (syscr and syscw of /proc/<pid>/io), which tells how well a
// server batches its socket I/O.
func Syscalls(pid int) (reads, writes int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return 0, 0, err
	}
	found := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok || (k != "syscr" && k != "syscw") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return 0, 0, ErrFormat
		}
		if k == "syscr" {
			reads = n
		} else {
			writes = n
		}
		found++
	}
	if found != 2 {
		return 0, 0, ErrFormat
	}
	return reads, writes, nil
}

// SystemBusy returns the CPU time all cores of the machine have spent on
// anything but idle and iowait since boot (the first line of /proc/stat).
// Steal time counts as busy: a neighbour on the host took the core.
func SystemBusy() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0, ErrFormat
	}
	var busy int64
	// user nice system idle iowait irq softirq steal ...
	for i, v := range f[1:min(len(f), 9)] {
		if i == 3 || i == 4 {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, ErrFormat
		}
		busy += n
	}
	return time.Duration(busy) * tick, nil
}

// LoadAvg returns the first line of /proc/loadavg, as uptime shows it.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
