package suite

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceDir holds the official suite's per-case reports for gorilla's
// server (see its README.md); the calibration tests skip without it.
const referenceDir = "/work/shared/autobahn-reference/gorilla-server"

type referenceCase struct {
	Expected      map[string][][]any `json:"expected"`
	ExpectedClose map[string]any     `json:"expectedClose"`
	Wirelog       [][]any            `json:"wirelog"`
}

// dryRun opens c on a peer with no connection and returns the peer after
// Open: its expectations and the frames Open sent.
func dryRun(c *Case) *Peer {
	p := newPeer(c, opened{}, false, nil)
	p.mu.Lock()
	defer p.mu.Unlock()
	c.Open(p)
	p.finished = true // timers fire into nothing
	for _, t := range p.timers {
		t.Stop()
	}
	return p
}

// sentBeforeReply returns the TF entries of a wire log up to the first
// event that is not the case's opening traffic (a received frame or a
// timer firing), as [opcode, fin, rsv, length, repeat, chop, sync].
func sentBeforeReply(log [][]any) [][]any {
	out := [][]any{}
	for _, e := range log {
		switch e[0] {
		case "RF", "CTE", "KLE", "TIE", "WLM":
			return out
		case "TF":
			out = append(out, []any{e[2], e[3], e[4], e[1].([]any)[0], e[6], e[7], e[8]})
		}
	}
	return out
}

func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestCalibration checks every case against the official suite's report
// for the same id: the same expected outcomes, the same close expectation,
// and the same frames sent before the peer answers (opcode, FIN, RSV,
// length, repetition, chop size, sync).
func TestCalibration(t *testing.T) {
	if _, err := os.Stat(referenceDir); err != nil {
		t.Skip("no reference reports at " + referenceDir)
	}
	for _, c := range Cases() {
		t.Run(c.ID, func(t *testing.T) {
			name := filepath.Join(referenceDir, reportFile("gorilla", c.ID))
			b, err := os.ReadFile(name)
			require.NoError(t, err)
			var ref referenceCase
			require.NoError(t, json.Unmarshal(b, &ref))
			p := dryRun(c)
			expected := map[Verdict][]Event{}
			for _, o := range p.expected {
				expected[o.Verdict] = o.Events
			}
			assert.Equal(t, asJSON(t, ref.Expected), asJSON(t, expected), "expected outcomes")
			assert.Equal(t, asJSON(t, ref.ExpectedClose), asJSON(t, p.expectedClose), "expected close")
			mine := [][]any{}
			for _, e := range p.wirelog {
				e := e.([]any)
				if e[0] == "WLM" {
					break
				}
				if e[0] == "TF" {
					mine = append(mine, []any{e[2], e[3], e[4], e[1].([]any)[0], e[6], e[7], e[8]})
				}
			}
			if !c.ReportTime { // the performance cases log no traffic
				assert.Equal(t, asJSON(t, sentBeforeReply(ref.Wirelog)), asJSON(t, mine), "frames sent on open")
			}
		})
	}
}

// referenceServers are the official reports whose compression cases the
// catalogue is checked against.
var referenceServers = []struct{ dir, agent string }{
	{"/work/shared/autobahn-reference/gorilla-server", "gorilla"},
	{"/work/shared/autobahn-reference/gws-server", "gws"},
}

type referenceCompression struct {
	Description  string         `json:"description"`
	Expectation  string         `json:"expectation"`
	HTTPRequest  string         `json:"httpRequest"`
	TxFrameStats map[string]int `json:"txFrameStats"`
	ReportTime   bool           `json:"reportTime"`
}

var (
	officialSend = regexp.MustCompile(`^Send (\d+) compressed messages each of payload size (\d+), auto-fragment to (\d+) octets\. ` +
		`Use (default permessage-deflate offer|permessage-deflate client offers \(requestNoContextTakeover, requestMaxWindowBits\): (\[.*\]))`)
	officialWait = regexp.MustCompile(`Timeout case after (\d+) secs\.$`)
)

// TestCalibrationCompression checks every compression case against the
// official reports of two servers: the same message count, size,
// auto-fragment size, timeout and message type, the same offers (the
// Sec-WebSocket-Extensions value of the official request, octet for octet),
// and the same offer parameters as the official description lists them.
func TestCalibrationCompression(t *testing.T) {
	for _, ref := range referenceServers {
		if _, err := os.Stat(ref.dir); err != nil {
			t.Skip("no reference reports at " + ref.dir)
		}
		for _, c := range Cases() {
			if c.spec == nil {
				continue
			}
			t.Run(ref.agent+"/"+c.ID, func(t *testing.T) {
				b, err := os.ReadFile(filepath.Join(ref.dir, reportFile(ref.agent, c.ID)))
				require.NoError(t, err)
				var rc referenceCompression
				require.NoError(t, json.Unmarshal(b, &rc))
				m := officialSend.FindStringSubmatch(rc.Description)
				require.NotNil(t, m, rc.Description)
				assert.Equal(t, m[1], strconv.Itoa(c.spec.count), "message count")
				assert.Equal(t, m[2], strconv.Itoa(c.spec.size), "message size")
				assert.Equal(t, m[3], strconv.Itoa(c.spec.fragment), "auto-fragment size")
				w := officialWait.FindStringSubmatch(rc.Expectation)
				require.NotNil(t, w, rc.Expectation)
				assert.Equal(t, w[1], fmt.Sprint(c.spec.wait), "timeout")
				assert.True(t, rc.ReportTime)
				assert.True(t, c.ReportTime)

				op := "1"
				if c.spec.data.Binary {
					op = "2"
				}
				assert.Equal(t, c.spec.count, rc.TxFrameStats[op], "messages of opcode %s", op)

				var offered string
				for line := range strings.SplitSeq(rc.HTTPRequest, "\r\n") {
					if v, ok := strings.CutPrefix(line, "Sec-WebSocket-Extensions: "); ok {
						offered = v
					}
				}
				assert.Equal(t, offered, formatOffers(c.Deflate.Offers), "offers")
				if m[5] != "" { // 13.*: the official list of (no context takeover, window bits)
					assert.Equal(t, strings.ToLower(m[5]), describeOffers(c.Deflate.Offers))
				}
			})
		}
	}
}
