package suite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/autobahn/suite"
)

// TestProblemsOnReference checks the report checker on the official suite's
// indexes: its counts match the reference README, and only the libraries
// with failures have problems.
func TestProblemsOnReference(t *testing.T) {
	const dir = "/work/shared/autobahn-reference"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no reference indexes")
	}
	want := suite.IDs(suite.Cases())
	tests := []struct {
		name            string
		ok, nonStrict   int
		informational   int
		unimplemented   int
		failed          int
		problemsAtLeast int
	}{
		{"gorilla-server", 510, 4, 3, 0, 0, 0},
		{"gws-server", 510, 4, 3, 0, 0, 0},
		{"coder-server", 402, 0, 3, 36, 76, 76},
		{"gorilla-client", 330, 4, 3, 72, 108, 108},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx, err := suite.ReadIndex(filepath.Join(dir, tt.name, "index.json"))
			require.NoError(t, err)
			var total suite.Counts
			for _, groups := range suite.Summarize(idx) {
				for _, c := range groups {
					total.OK += c.OK
					total.NonStrict += c.NonStrict
					total.Informational += c.Informational
					total.Unimplemented += c.Unimplemented
					total.Failed += c.Failed
				}
			}
			assert.Equal(t, suite.Counts{OK: tt.ok, NonStrict: tt.nonStrict, Informational: tt.informational,
				Unimplemented: tt.unimplemented, Failed: tt.failed}, total)
			problems := suite.Problems(idx, want)
			if tt.problemsAtLeast == 0 {
				assert.Empty(t, problems)
			} else {
				assert.GreaterOrEqual(t, len(problems), tt.problemsAtLeast)
			}
		})
	}
}

// TestProblemsMissingCase reports a case of the catalogue that an index
// lacks.
func TestProblemsMissingCase(t *testing.T) {
	idx := map[string]map[string]suite.IndexEntry{"a": {"1.1.1": {Behavior: suite.VerdictOK, BehaviorClose: suite.VerdictOK}}}
	assert.Equal(t, []string{"a 1.1.2: missing"}, suite.Problems(idx, []string{"1.1.1", "1.1.2"}))
	idx["a"]["1.1.2"] = suite.IndexEntry{Behavior: suite.VerdictOK, BehaviorClose: suite.VerdictWrongCode}
	assert.Equal(t, []string{"a 1.1.2: OK / WRONG CODE"}, suite.Problems(idx, []string{"1.1.1", "1.1.2"}))
}
