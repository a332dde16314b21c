package suite_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/hybi-go/websocket/autobahn/suite"
	"github.com/hybi-go/websocket/autobahn/testee"
)

// RunServerTests plays the official fuzzingclient against a server: here
// hybi's echo server, for the first cases of group 1.
func ExampleRunServerTests() {
	srv := httptest.NewServer(testee.Handler())
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/whole"

	rep, err := suite.RunServerTests(context.Background(), url, "hybi", "1.1.1,1.1.2,2.1", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results("hybi") {
		fmt.Println(r.ID, r.Behavior, r.BehaviorClose)
	}
	// Output:
	// 1.1.1 OK OK
	// 1.1.2 OK OK
	// 2.1 OK OK
}

// A compression case negotiates permessage-deflate; a server that does not
// agree to it gets UNIMPLEMENTED, one that does is judged on every echo.
func ExampleRunServerTests_compression() {
	srv := httptest.NewServer(testee.Handler())
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http")
	opts := &suite.Options{CompressionMessages: 5}

	for _, agent := range []string{"whole", "whole-deflate"} {
		rep, err := suite.RunServerTests(context.Background(), base+"/"+agent, agent, "13.5.1", opts)
		if err != nil {
			fmt.Println(err)
			return
		}
		r := rep.Results(agent)[0]
		fmt.Println(agent, r.ID, r.Behavior, r.BehaviorClose)
	}
	// Output:
	// whole 13.5.1 UNIMPLEMENTED OK
	// whole-deflate 13.5.1 OK OK
}

// Server plays the official fuzzingserver: the client under test (here
// hybi's) fetches the case count, runs each case and asks for the reports.
func ExampleNewServer() {
	fs, err := suite.NewServer("1.1.1,5.1,7.1.1", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")

	if err := testee.RunClient(context.Background(), url, "hybi-client", "whole"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fs.CaseCount(), "cases")
	for _, r := range fs.Report().Results("hybi-client") {
		fmt.Println(r.ID, r.Behavior, r.BehaviorClose)
	}
	// Output:
	// 3 cases
	// 1.1.1 OK OK
	// 5.1 OK OK
	// 7.1.1 OK OK
}

// Select picks cases by id pattern, with exclusions.
func ExampleSelect() {
	cs, err := suite.Select(suite.Cases(), "5.1*,-5.15,-5.16,-5.17,-5.18,-5.19")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(suite.IDs(cs))
	// Output:
	// [5.1 5.10 5.11 5.12 5.13 5.14]
}

// A report is written as the official suite writes it, and ReadIndex,
// Summarize and Problems judge any index.json, ours or the official one.
func ExampleReadIndex() {
	srv := httptest.NewServer(testee.Handler())
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/stream"
	rep, err := suite.RunServerTests(context.Background(), url, "hybi", "2.*", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "reports")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := rep.WriteDir(dir); err != nil {
		fmt.Println(err)
		return
	}

	idx, err := suite.ReadIndex(filepath.Join(dir, "index.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", suite.Summarize(idx)["hybi"]["2"])
	fmt.Println(suite.Problems(idx, []string{"2.1", "3.1"}))
	// Output:
	// {OK:11 NonStrict:0 Informational:0 Unimplemented:0 Failed:0 CloseFailed:0}
	// [hybi 3.1: missing]
}
