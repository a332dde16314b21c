// Command autobahn is hybi's WebSocket conformance harness: a Go
// reimplementation of the Autobahn|Testsuite fuzzing client and server
// (cases 1.* to 10.*, 12.* and 13.*), hybi's own testees, and a checker for
// index.json files, ours or the official suite's.
//
// Usage:
//
//	autobahn client -url ws://127.0.0.1:9001/path [-agent NAME] [-cases 1.*,-9.*] [-messages N] [-out DIR]
//	autobahn server [-addr 127.0.0.1:9001] [-cases ...] [-messages N] [-out DIR]
//	autobahn check [-cases ...] DIR/index.json ...
//	autobahn testee-server [-addr 127.0.0.1:9002]
//	autobahn testee-client -url ws://127.0.0.1:9001 [-agent NAME] [-style whole|stream|append]
//
// -messages sets how many messages each compression case sends (default
// 1000, as the official suite). The testee server's agents are /whole,
// /stream and /append, and the same with -deflate appended for
// permessage-deflate; the testee client always offers permessage-deflate.
//
// client tests the server at -url and exits 1 when a case fails; server
// tests every client that connects, writing the reports on /updateReports;
// check prints the verdict counts per agent and group and exits 1 on any
// FAILED or UNIMPLEMENTED case or a case of -cases that is missing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"

	"github.com/hybi-go/websocket/autobahn/suite"
	"github.com/hybi-go/websocket/autobahn/testee"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "client":
		err = runClient(ctx, args)
	case "server":
		err = runServer(ctx, args)
	case "check":
		err = runCheck(args)
	case "testee-server":
		err = runTesteeServer(ctx, args)
	case "testee-client":
		err = runTesteeClient(ctx, args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "autobahn:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: autobahn client|server|check|testee-server|testee-client [flags]")
	os.Exit(2)
}

var errFailed = errors.New("some cases failed")

// caseFlags declares the flags that select and tune the cases.
func caseFlags(fs *flag.FlagSet) (*string, func() *suite.Options) {
	cases := fs.String("cases", "", "case patterns, comma-separated; * matches any; -PATTERN excludes (default all)")
	scale := fs.Float64("timescale", 1, "multiply every case timer by this factor")
	messages := fs.Int("messages", 1000, "messages each compression case (12.*, 13.*) sends")
	return cases, func() *suite.Options {
		return &suite.Options{TimeScale: *scale, CompressionMessages: *messages}
	}
}

func runClient(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("client", flag.ExitOnError)
	url := fs.String("url", "", "WebSocket URL of the server under test (required)")
	agent := fs.String("agent", "server", "agent name for the reports")
	out := fs.String("out", "reports/servers", "report directory")
	cases, opts := caseFlags(fs)
	_ = fs.Parse(args)
	if *url == "" {
		return errors.New("client: -url is required")
	}
	rep, err := suite.RunServerTests(ctx, *url, *agent, *cases, opts())
	if rep == nil {
		return err
	}
	if werr := rep.WriteDir(*out); werr != nil {
		return werr
	}
	fmt.Print(suite.SummaryTable(rep.Index()))
	fmt.Println("reports in", *out)
	if err != nil {
		return err
	}
	if len(rep.Failures()) > 0 {
		return errFailed
	}
	return nil
}

func runServer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("server", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:9001", "listen address")
	out := fs.String("out", "reports/clients", "report directory")
	cases, opts := caseFlags(fs)
	_ = fs.Parse(args)
	s, err := suite.NewServer(*cases, opts())
	if err != nil {
		return err
	}
	s.OutDir = *out
	s.OnUpdate = func(agent string) {
		fmt.Print(suite.SummaryTable(s.Report().Index()))
		fmt.Printf("reports for %s in %s\n", agent, *out)
	}
	fmt.Printf("fuzzing server on ws://%s with %d cases\n", *addr, s.CaseCount())
	return serve(ctx, *addr, s)
}

func serve(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func runCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	cases := fs.String("cases", "", "cases every agent must have (default: the whole catalogue)")
	_ = fs.Parse(args)
	if fs.NArg() == 0 {
		return errors.New("check: give at least one index.json")
	}
	selected, err := suite.Select(suite.Cases(), *cases)
	if err != nil {
		return err
	}
	bad := 0
	for _, name := range fs.Args() {
		idx, err := suite.ReadIndex(name)
		if err != nil {
			return err
		}
		fmt.Printf("%s\n\n%s\n", name, suite.SummaryTable(idx))
		for _, p := range suite.Problems(idx, suite.IDs(selected)) {
			fmt.Println("  " + p)
			bad++
		}
	}
	if bad > 0 {
		return fmt.Errorf("check: %d problems", bad)
	}
	return nil
}

func runTesteeServer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("testee-server", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:9002", "listen address")
	_ = fs.Parse(args)
	fmt.Printf("hybi echo server on ws://%s/{whole,stream,append}[-deflate]\n", *addr)
	return serve(ctx, *addr, testee.Handler())
}

func runTesteeClient(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("testee-client", flag.ExitOnError)
	url := fs.String("url", "ws://127.0.0.1:9001", "fuzzing server URL")
	agent := fs.String("agent", "hybi-client", "agent name")
	style := fs.String("style", "whole", "echo style: whole, stream or append")
	_ = fs.Parse(args)
	return testee.RunClient(ctx, *url, *agent, *style)
}
