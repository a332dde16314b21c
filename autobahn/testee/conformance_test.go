package testee_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/autobahn/suite"
	"github.com/hybi-go/websocket/autobahn/testee"
)

// opts shortens the catalogue's pauses and timers (a conforming peer
// answers in microseconds on loopback) and the compression cases' message
// count, which AUTOBAHN_MESSAGES sets (1000 is the official count).
var opts = &suite.Options{TimeScale: 0.25, CaseTimeout: time.Minute, CompressionMessages: messages()}

func messages() int {
	if n, err := strconv.Atoi(os.Getenv("AUTOBAHN_MESSAGES")); err == nil && n > 0 {
		return n
	}
	if raceEnabled {
		return 1
	}
	return 3
}

// filter narrows the run when AUTOBAHN_CASES is set, e.g. "6.4.*,7.*".
// Under the race detector the default leaves out the performance cases.
func filter() string {
	if f := os.Getenv("AUTOBAHN_CASES"); f != "" || !raceEnabled {
		return f
	}
	return "-9.*"
}

// split returns the selected cases as two exact filters: the compression
// cases (12.*, 13.*) and the others ("" for none).
func split(t *testing.T) (plain, compressed string) {
	cs, err := suite.Select(suite.Cases(), filter())
	require.NoError(t, err)
	var p, c []string
	for _, cs := range cs {
		if strings.HasPrefix(cs.ID, "12.") || strings.HasPrefix(cs.ID, "13.") {
			c = append(c, cs.ID)
		} else {
			p = append(p, cs.ID)
		}
	}
	return strings.Join(p, ","), strings.Join(c, ",")
}

// report logs the summary and fails on every case that did not pass.
func report(t *testing.T, rep *suite.Report) {
	t.Helper()
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

// TestServerConformance runs the catalogue against hybi's echo server:
// cases 1.* to 10.* against one agent per API style, then the compression
// cases against the same styles with permessage-deflate on. Each phase
// runs its agents in parallel; the phases run apart so the compression
// work does not delay the timed answers of the others.
func TestServerConformance(t *testing.T) {
	srv := httptest.NewServer(testee.Handler())
	defer srv.Close()
	base := "ws" + strings.TrimPrefix(srv.URL, "http")
	plain, compressed := split(t)
	rep := suite.NewReport()
	for _, phase := range []struct {
		agents []string
		filter string
	}{{testee.Agents, plain}, {testee.DeflateAgents, compressed}} {
		if phase.filter == "" {
			continue
		}
		done := make(chan *suite.Report, len(phase.agents))
		errs := make(chan error, len(phase.agents))
		for _, a := range phase.agents {
			go func() {
				r, err := suite.RunServerTests(context.Background(), base+"/"+a, "hybi-server-"+a, phase.filter, opts)
				errs <- err
				done <- r
			}()
		}
		for range phase.agents {
			require.NoError(t, <-errs)
			r := <-done
			for _, a := range r.Agents() {
				assert.Len(t, r.Results(a), strings.Count(phase.filter, ",")+1, "agent %s", a)
			}
			rep.Merge(r)
		}
	}
	rerun(t, rep, func(agent, ids string) *suite.Report {
		r, err := suite.RunServerTests(context.Background(), base+"/"+strings.TrimPrefix(agent, "hybi-server-"), agent, ids, officialTiming)
		require.NoError(t, err)
		return r
	})
	report(t, rep)
}

// officialTiming runs cases with the official suite's timers.
var officialTiming = &suite.Options{CaseTimeout: time.Minute, CompressionMessages: messages()}

// rerun runs again, with the official timers, every case of rep that did
// not pass, and keeps the second verdict: on a loaded machine a peer can
// miss a kill timer cut to a quarter second, while a real failure fails
// again. run runs the comma-separated case ids for agent.
func rerun(t *testing.T, rep *suite.Report, run func(agent, ids string) *suite.Report) {
	t.Helper()
	failed := map[string][]string{}
	for _, r := range rep.Failures() {
		failed[r.Agent] = append(failed[r.Agent], r.ID)
	}
	for agent, ids := range failed {
		t.Logf("%s: running %s again with the official timers", agent, strings.Join(ids, ", "))
		rep.Merge(run(agent, strings.Join(ids, ",")))
	}
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
	rep := fs.Report()
	require.Len(t, rep.Agents(), len(testee.Agents))
	for _, a := range rep.Agents() {
		assert.Len(t, rep.Results(a), selected(t), "agent %s", a)
	}
	rerun(t, rep, func(agent, ids string) *suite.Report {
		again, err := suite.NewServer(ids, officialTiming)
		require.NoError(t, err)
		srv := httptest.NewServer(again)
		defer srv.Close()
		base := "ws" + strings.TrimPrefix(srv.URL, "http")
		require.NoError(t, testee.RunClient(context.Background(), base, agent, strings.TrimPrefix(agent, "hybi-client-")))
		return again.Report()
	})
	report(t, rep)
}
