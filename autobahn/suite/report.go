package suite

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Report collects case results per agent. It is safe for concurrent use.
type Report struct {
	mu     sync.Mutex
	agents map[string]map[string]*Result
}

// NewReport returns an empty report.
func NewReport() *Report { return &Report{agents: map[string]map[string]*Result{}} }

// Add records r, replacing an earlier result of the same agent and case.
func (rep *Report) Add(r *Result) {
	rep.mu.Lock()
	defer rep.mu.Unlock()
	if rep.agents[r.Agent] == nil {
		rep.agents[r.Agent] = map[string]*Result{}
	}
	rep.agents[r.Agent][r.ID] = r
}

// Merge adds every result of other.
func (rep *Report) Merge(other *Report) {
	for _, a := range other.Agents() {
		for _, r := range other.Results(a) {
			rep.Add(r)
		}
	}
}

// Agents returns the agents of the report, sorted.
func (rep *Report) Agents() []string {
	rep.mu.Lock()
	defer rep.mu.Unlock()
	var out []string
	for a := range rep.agents {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Results returns the results of agent in case order.
func (rep *Report) Results(agent string) []*Result {
	rep.mu.Lock()
	defer rep.mu.Unlock()
	var out []*Result
	for _, r := range rep.agents[agent] {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return lessID(out[i].ID, out[j].ID) })
	return out
}

// Failures returns every result that did not pass (see Result.Passed).
func (rep *Report) Failures() []*Result {
	var out []*Result
	for _, a := range rep.Agents() {
		for _, r := range rep.Results(a) {
			if !r.Passed() {
				out = append(out, r)
			}
		}
	}
	return out
}

// IndexEntry is one case of index.json, in the official format.
type IndexEntry struct {
	Behavior        Verdict `json:"behavior"`
	BehaviorClose   Verdict `json:"behaviorClose"`
	Duration        int64   `json:"duration"`
	RemoteCloseCode *int    `json:"remoteCloseCode"`
	ReportFile      string  `json:"reportfile"`
}

// Index returns the content of index.json: agent, then case id.
func (rep *Report) Index() map[string]map[string]IndexEntry {
	idx := map[string]map[string]IndexEntry{}
	for _, a := range rep.Agents() {
		idx[a] = map[string]IndexEntry{}
		for _, r := range rep.Results(a) {
			idx[a][r.ID] = IndexEntry{r.Behavior, r.BehaviorClose, r.Duration, r.RemoteCloseCode, reportFile(a, r.ID)}
		}
	}
	return idx
}

// reportFile names a case's JSON file as the official suite does: the
// agent reduced to [a-z0-9_], "_case_", the id with '_' for '.'.
func reportFile(agent, id string) string {
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return ' '
	}, strings.ToLower(strings.TrimSpace(agent)))
	clean = strings.Join(strings.Fields(clean), "_")
	return clean + "_case_" + strings.ReplaceAll(id, ".", "_") + ".json"
}

// WriteDir writes index.json, one JSON file per case and report.md to dir,
// creating it if needed.
func (rep *Report) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("suite: write report: %w", err)
	}
	if err := writeJSON(filepath.Join(dir, "index.json"), rep.Index()); err != nil {
		return err
	}
	for _, a := range rep.Agents() {
		for _, r := range rep.Results(a) {
			if err := writeJSON(filepath.Join(dir, reportFile(a, r.ID)), r); err != nil {
				return err
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(rep.Markdown()), 0o644); err != nil {
		return fmt.Errorf("suite: write report: %w", err)
	}
	return nil
}

func writeJSON(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "   ")
	if err == nil {
		err = os.WriteFile(name, append(b, '\n'), 0o644)
	}
	if err != nil {
		return fmt.Errorf("suite: write report: %w", err)
	}
	return nil
}

// Markdown renders the report for people: a summary per agent and group,
// then every case with its description, expectation and outcome, and the
// wire log of each case that did not pass.
func (rep *Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# WebSocket conformance report\n\n")
	idx := rep.Index()
	b.WriteString(SummaryTable(idx))
	for _, a := range rep.Agents() {
		fmt.Fprintf(&b, "\n## Agent %s\n", a)
		for _, r := range rep.Results(a) {
			mark := "pass"
			if !r.Passed() {
				mark = "**FAIL**"
			}
			fmt.Fprintf(&b, "\n### Case %s: %s / %s (%s, %d ms)\n\n", r.ID, r.Behavior, r.BehaviorClose, mark, r.Duration)
			fmt.Fprintf(&b, "- Description: %s\n- Expectation: %s\n- Outcome: %s\n- Close: %s\n",
				oneLine(r.Description), oneLine(r.Expectation), r.Outcome, r.OutcomeClose)
			if r.RemoteCloseCode != nil {
				fmt.Fprintf(&b, "- Peer's close code: %d\n", *r.RemoteCloseCode)
			}
			if !r.Passed() {
				b.WriteString("\nWire log:\n\n```\n")
				for _, e := range r.Wirelog {
					line, _ := json.Marshal(e)
					b.Write(line)
					b.WriteByte('\n')
				}
				b.WriteString("```\n")
			}
		}
	}
	return b.String()
}

func oneLine(s string) string {
	s = strings.NewReplacer("<br>", " ", "<b>", "", "</b>", "", "\n", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// Counts holds the number of cases per verdict. CloseFailed counts cases
// whose behaviour passed but whose close was judged FAILED, WRONG CODE or
// UNCLEAN.
type Counts struct {
	OK, NonStrict, Informational, Unimplemented, Failed, CloseFailed int
}

// Total is the number of cases counted.
func (c Counts) Total() int {
	return c.OK + c.NonStrict + c.Informational + c.Unimplemented + c.Failed + c.CloseFailed
}

// Bad is the number of cases that make a run fail.
func (c Counts) Bad() int { return c.Unimplemented + c.Failed + c.CloseFailed }

func (c *Counts) add(e IndexEntry) {
	switch {
	case e.Behavior == VerdictFailed:
		c.Failed++
	case e.Behavior == VerdictUnimplemented:
		c.Unimplemented++
	case !verdictPasses(e.Behavior, e.BehaviorClose):
		c.CloseFailed++
	case e.Behavior == VerdictNonStrict:
		c.NonStrict++
	case e.Behavior == VerdictInformational:
		c.Informational++
	default:
		c.OK++
	}
}

// Summarize counts the verdicts of an index per agent and per case group
// (the first number of the id).
func Summarize(idx map[string]map[string]IndexEntry) map[string]map[string]Counts {
	out := map[string]map[string]Counts{}
	for a, cases := range idx {
		out[a] = map[string]Counts{}
		for id, e := range cases {
			g, _, _ := strings.Cut(id, ".")
			c := out[a][g]
			c.add(e)
			out[a][g] = c
		}
	}
	return out
}

// SummaryTable renders Summarize(idx) as a Markdown table with a total row
// per agent.
func SummaryTable(idx map[string]map[string]IndexEntry) string {
	var b strings.Builder
	b.WriteString("| agent | group | OK | NON-STRICT | INFORMATIONAL | UNIMPLEMENTED | FAILED | close failed |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	sum := Summarize(idx)
	var agents []string
	for a := range sum {
		agents = append(agents, a)
	}
	sort.Strings(agents)
	for _, a := range agents {
		var groups []string
		var total Counts
		for g, c := range sum[a] {
			groups = append(groups, g)
			total.OK += c.OK
			total.NonStrict += c.NonStrict
			total.Informational += c.Informational
			total.Unimplemented += c.Unimplemented
			total.Failed += c.Failed
			total.CloseFailed += c.CloseFailed
		}
		slices.SortFunc(groups, func(x, y string) int {
			if lessID(x, y) {
				return -1
			}
			return 1
		})
		row := func(g string, c Counts) {
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %d |\n", a, g, c.OK, c.NonStrict, c.Informational, c.Unimplemented, c.Failed, c.CloseFailed)
		}
		for _, g := range groups {
			row(g, sum[a][g])
		}
		row("all", total)
	}
	return b.String()
}
