package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const benchModule = "module github.com/hybi-go/websocket/bench"

// binaries are the programs a run executes; servers maps a library column
// to the server binary that serves it.
type binaries struct {
	dir     string
	load    string
	client  string
	servers map[string]string
	source  string // the main module's state the "hybi" servers were built from
}

// describeSource names the commit of the main module and how many of its
// files outside bench/ differ from it, since builds use the working tree.
func describeSource(ctx context.Context) string {
	rev, err := exec.CommandContext(ctx, "git", "-C", "..", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown revision"
	}
	st, _ := exec.CommandContext(ctx, "git", "-C", "..", "status", "--porcelain", "--", ".", ":!bench").Output()
	n := 0
	for l := range strings.SplitSeq(strings.TrimSpace(string(st)), "\n") {
		if strings.HasSuffix(l, ".go") {
			n++
		}
	}
	return fmt.Sprintf("working tree at %s with %d uncommitted .go files", strings.TrimSpace(string(rev)), n)
}

// serverFor returns the binary and -lib value for a column such as "hybi"
// or "hybi@HEAD".
func (b *binaries) serverFor(col string) (bin, lib string) {
	if bin, ok := b.servers[col]; ok {
		lib, _, _ = strings.Cut(col, "@")
		return bin, lib
	}
	return b.servers[""], col
}

// build compiles the binaries into a temporary directory. It must run in the
// bench module's directory.
func build(ctx context.Context, o *options) (*binaries, error) {
	mod, err := os.ReadFile("go.mod")
	if err != nil || !bytes.Contains(mod, []byte(benchModule)) {
		return nil, errors.New("run from the bench module directory (cd bench)")
	}
	dir, err := os.MkdirTemp("", "hybi-bench-")
	if err != nil {
		return nil, err
	}
	b := &binaries{dir: dir, load: filepath.Join(dir, "load"), client: filepath.Join(dir, "client"),
		servers: map[string]string{"": filepath.Join(dir, "server")}, source: describeSource(ctx)}
	for _, t := range [][2]string{{b.servers[""], "./cmd/server"}, {b.load, "./cmd/load"}, {b.client, "./cmd/client"}} {
		if err := goBuild(ctx, "", t[0], t[1]); err != nil {
			return nil, err
		}
	}
	if o.baseline != "" {
		bin, err := buildBaseline(ctx, dir, o.baseline, mod)
		if err != nil {
			return nil, fmt.Errorf("baseline %s: %w", o.baseline, err)
		}
		b.servers["hybi@"+o.baseline] = bin
	}
	return b, nil
}

func goBuild(ctx context.Context, modfile, out, pkg string) error {
	args := []string{"build", "-o", out}
	if modfile != "" {
		args = append(args, "-modfile", modfile)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
	}
	return nil
}

// buildBaseline exports the main module at rev with git archive and builds
// the server against it through a copy of go.mod whose replace points there.
func buildBaseline(ctx context.Context, dir, rev string, mod []byte) (string, error) {
	snap := filepath.Join(dir, "snapshot")
	if err := os.Mkdir(snap, 0o755); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", `git -C .. archive --format=tar "$1" | tar -x -C "$2"`, "sh", rev, snap)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("git archive: %v\n%s", err, msg)
	}
	lines := strings.Split(string(mod), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "replace github.com/hybi-go/websocket =>") {
			lines[i] = "replace github.com/hybi-go/websocket => " + snap
		}
	}
	modfile := filepath.Join(dir, "baseline.mod")
	if err := os.WriteFile(modfile, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		return "", err
	}
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "baseline.sum"), sum, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "server-baseline")
	return bin, goBuild(ctx, modfile, bin, "./cmd/server")
}

// pinned returns the command line that runs argv on cpus, or argv itself
// when taskset is missing.
func pinned(cpus string, argv ...string) []string {
	if cpus == "" {
		return argv
	}
	if _, err := exec.LookPath("taskset"); err != nil {
		return argv
	}
	return append([]string{"taskset", "-c", cpus}, argv...)
}

// server is a running echo server process.
type server struct {
	cmd  *exec.Cmd
	pid  int
	addr string
}

// startServer starts bin pinned to o.serverCPU and waits for its address.
func startServer(o *options, bin, lib string, compress bool, profile string) (*server, error) {
	argv := []string{bin, "-lib", lib, "-addr", "127.0.0.1:0"}
	if compress {
		argv = append(argv, "-compress")
	}
	if profile != "" {
		argv = append(argv, "-cpuprofile", profile)
	}
	argv = pinned(o.serverCPU, argv...)
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// taskset execs the server, so the pid is the server's own.
	s := &server{cmd: cmd, pid: cmd.Process.Pid}
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	select {
	case l, ok := <-line:
		addr, found := strings.CutPrefix(l, "listening ")
		if !ok || !found {
			s.stop()
			return nil, fmt.Errorf("server %s did not start: %q %s", lib, l, stderr.String())
		}
		s.addr = addr
		return s, nil
	case <-time.After(10 * time.Second):
		s.stop()
		return nil, fmt.Errorf("server %s: no address within 10s", lib)
	}
}

// stop asks the server to exit (so it writes its profile) and kills it if
// it has not within 5 seconds.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// runJSON runs argv pinned to cpus and decodes its stdout into v.
func runJSON(ctx context.Context, cpus string, v any, argv ...string) error {
	argv = pinned(cpus, argv...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return json.Unmarshal(out, v)
}
