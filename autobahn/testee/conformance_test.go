package testee_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/autobahn/suite"
	"github.com/hybi-go/websocket/autobahn/testee"
)

// scale shortens the catalogue's pauses and timers: a conforming peer
// answers in microseconds on loopback.
var opts = &suite.Options{TimeScale: 0.25, CaseTimeout: time.Minute}

// filter narrows the run when AUTOBAHN_CASES is set, e.g. "6.4.*,7.*".
func filter() string { return os.Getenv("AUTOBAHN_CASES") }

func requirePassed(t *testing.T, rep *suite.Report, agents int, cases int) {
	t.Helper()
	require.Len(t, rep.Agents(), agents)
	for _, a := range rep.Agents() {
		assert.Len(t, rep.Results(a), cases, "agent %s", a)
	}
	idx := rep.Index()
	t.Log("\n" + suite.SummaryTable(idx))
	for _, r := range rep.Failures() {
		t.Errorf("%s case %s: %s / %s: %s; %s", r.Agent, r.ID, r.Behavior, r.BehaviorClose, r.Outcome, r.OutcomeClose)
	}
	if dir := os.Getenv("AUTOBAHN_REPORT_DIR"); dir != "" {
		require.NoError(t, rep.WriteDir(dir))
	}
}

func selected(t *testing.T) int {
	cs, err := suite.Select(suite.Cases(), filter())
	require.NoError(t, err)
	return len(cs)
}

// TestServerConformance runs the catalogue against hybi's echo server, one
// agent per API style, all agents in parallel.
func TestServerConformance(t *testing.T) {
	srv := httptest.NewServer(testee.Handler())
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http")
	rep := suite.NewReport()
	done := make(chan *suite.Report, len(testee.Agents))
	errs := make(chan error, len(testee.Agents))
	for _, a := range testee.Agents {
		go func() {
			r, err := suite.RunServerTests(context.Background(), base+"/"+a, "hybi-server-"+a, filter(), opts)
			errs <- err
			done <- r
		}()
	}
	for range testee.Agents {
		require.NoError(t, <-errs)
		rep.Merge(<-done)
	}
	requirePassed(t, rep, len(testee.Agents), selected(t))
}

// TestClientConformance runs the catalogue against hybi's client through
// the fuzzing server protocol.
func TestClientConformance(t *testing.T) {
	fs, err := suite.NewServer(filter(), opts)
	require.NoError(t, err)
	srv := httptest.NewServer(fs)
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http")
	for _, style := range testee.Agents {
		require.NoError(t, testee.RunClient(context.Background(), base, "hybi-client-"+style, style))
	}
	requirePassed(t, fs.Report(), len(testee.Agents), selected(t))
}
