// Command server runs one library's WebSocket echo server for the load
// generator.
//
//	server -lib hybi -addr 127.0.0.1:9001 [-compress] [-cpuprofile cpu.out]
//
// It prints "listening ADDR" on stdout once it accepts connections and stops
// cleanly on SIGINT or SIGTERM, writing the CPU profile if one was asked for.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/hybi-go/websocket/bench/internal/echo"
)

func main() {
	lib := flag.String("lib", "hybi", "library: "+strings.Join(echo.Libs(), ", "))
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	compress := flag.Bool("compress", false, "negotiate permessage-deflate")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if err := run(*lib, *addr, *compress, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func run(lib, addr string, compress bool, cpuprofile string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	done := make(chan error, 1)
	go func() { done <- echo.Serve(ln, lib, &echo.Options{Compress: compress}) }()
	fmt.Printf("listening %s\n", ln.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case err := <-done:
		return err
	case <-sig:
		ln.Close()
		return nil
	}
}
