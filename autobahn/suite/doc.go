// Package suite is a Go reimplementation of the Autobahn|Testsuite
// WebSocket conformance cases 1.* to 10.*, 12.* and 13.*: the same case
// ids, traffic and verdicts, written from the official case definitions.
//
// # Testing a server
//
// RunServerTests plays the official fuzzingclient: one connection per case
// to the server's URL, raw frames (broken ones included) out, events in:
//
//	rep, err := suite.RunServerTests(ctx, "ws://127.0.0.1:9002/", "myserver", "", nil)
//	if err != nil { ... }
//	err = rep.WriteDir("reports") // index.json, per-case JSON, report.md
//
// # Testing a client
//
// Server is an http.Handler speaking the fuzzingserver protocol
// (/getCaseCount, /runCase?case=N&agent=A, /updateReports?agent=A): the
// client under test runs every case against it, and Server.Report holds
// the verdicts.
//
// # Verdicts
//
// Each case states acceptable event sequences (messages, pongs, pauses) with
// the verdict each earns, and how the connection must close. When the
// connection ends, the events give Result.Behavior and the close
// Result.BehaviorClose, by the official rules: who sent the first Close,
// whether the closing handshake completed, the peer's close code, and who
// closed TCP. ReadIndex, Summarize and Problems judge any index.json, ours
// or the official suite's.
//
// # Compression
//
// The cases 12.* and 13.* negotiate permessage-deflate (RFC 7692) in the
// opening handshake, as Case.Deflate says: as a client the fuzzer sends the
// case's offers, as a server it answers the client's offers by the case's
// rule. They then send compressed messages cut from generated data sets
// (JSON, HTML, text, an image, a PDF; see DataSet), one after the echo of
// the other, and compare every echo octet for octet. A peer that does not
// agree to compression gets UNIMPLEMENTED. The fuzzer compresses and
// inflates with compress/flate; under a window smaller than 32 KiB it
// restarts its compressor every 2^bits octets so no match reaches further,
// and checks every match of the peer against the agreed window.
//
// # Timing
//
// Options.TimeScale shortens the cases' pauses and timers for fast tests,
// Options.CompressionMessages the compression cases' 1000 messages;
// Options.CaseTimeout bounds every case whatever the peer does.
package suite
