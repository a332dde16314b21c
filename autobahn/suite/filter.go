package suite

import (
	"fmt"
	"path"
	"strings"
)

// Select returns the cases of all that filter selects, in their order.
// filter is a comma-separated list of patterns on case ids, where * matches
// any run of characters ("1.*", "6.4.*", "9.*"); a pattern prefixed with
// "-" excludes (like the official "exclude-cases"). An empty filter, or one
// with only exclusions, starts from every case. A pattern that selects
// nothing is an error, so a typo does not pass silently.
func Select(all []*Case, filter string) ([]*Case, error) {
	var include, exclude []string
	for f := range strings.SplitSeq(filter, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
		case strings.HasPrefix(f, "-"):
			exclude = append(exclude, f[1:])
		default:
			include = append(include, f)
		}
	}
	if len(include) == 0 {
		include = []string{"*"}
	}
	var out []*Case
	used := map[string]bool{}
	for _, c := range all {
		in := matchAny(include, c.ID, used)
		if in && !matchAny(exclude, c.ID, used) {
			out = append(out, c)
		}
	}
	for _, pat := range append(include, exclude...) {
		if !used[pat] {
			return nil, fmt.Errorf("suite: case pattern %q matches no case", pat)
		}
	}
	return out, nil
}

func matchAny(patterns []string, id string, used map[string]bool) bool {
	hit := false
	for _, pat := range patterns {
		// Case ids contain no '/', so path.Match's * spans dots too.
		if ok, _ := path.Match(pat, id); ok {
			used[pat] = true
			hit = true
		}
	}
	return hit
}
