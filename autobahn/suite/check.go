package suite

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// ReadIndex reads an index.json, ours or the official suite's.
func ReadIndex(name string) (map[string]map[string]IndexEntry, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("suite: read index: %w", err)
	}
	var idx map[string]map[string]IndexEntry
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("suite: read index %s: %w", name, err)
	}
	return idx, nil
}

// Problems lists what makes an index fail the check: every case whose
// behaviour is FAILED or UNIMPLEMENTED or whose close was judged FAILED,
// WRONG CODE or UNCLEAN, and, per agent, every id of want that is missing.
// Ids in the index that want does not list (such as 12.* while this
// catalogue lacks them) are counted but not required.
func Problems(idx map[string]map[string]IndexEntry, want []string) []string {
	var out []string
	agents := make([]string, 0, len(idx))
	for a := range idx {
		agents = append(agents, a)
	}
	sort.Strings(agents)
	for _, a := range agents {
		ids := make([]string, 0, len(idx[a]))
		for id := range idx[a] {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) })
		for _, id := range ids {
			if e := idx[a][id]; !verdictPasses(e.Behavior, e.BehaviorClose) {
				out = append(out, fmt.Sprintf("%s %s: %s / %s", a, id, e.Behavior, e.BehaviorClose))
			}
		}
		for _, id := range want {
			if _, ok := idx[a][id]; !ok {
				out = append(out, fmt.Sprintf("%s %s: missing", a, id))
			}
		}
	}
	return out
}

// IDs returns the ids of cases.
func IDs(cases []*Case) []string {
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	return ids
}
