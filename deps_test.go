package websocket_test

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/hybi-go/websocket"

// layers: what each package of the module may import from the module, and
// which standard packages it must not touch (STYLE.md, "Layers").
var layers = []struct {
	pkg       string
	ours      []string // allowed module packages; "*" for any
	forbidden []string // standard packages it must not import
}{
	{"internal/cpu", nil, []string{"net", "bufio", "time", "sync", "context"}},
	{"mask", []string{"internal/cpu"}, []string{"net", "bufio", "time", "sync", "context"}},
	{"frame", []string{"mask"}, []string{"net", "bufio", "time", "sync", "context"}},
	{"internal/utf8valid", []string{"internal/cpu"}, []string{"net", "bufio", "time", "sync", "context"}},
	{"internal/protocol", []string{"frame", "internal/utf8valid"}, []string{"net", "bufio", "time", "sync", "context"}},
	{"internal/bufpool", nil, []string{"net", "bufio", "time", "context"}},
	{"internal/flate", nil, []string{"net", "bufio", "time", "context"}},
	{"internal/deflate", []string{"handshake", "internal/flate", "internal/bufpool"}, []string{"net", "time", "context"}},
	{"handshake", []string{"frame", "mask"}, nil},
	{"conn", []string{"*"}, nil},
}

// TestLayers checks every package's imports against the layer rules, and
// that the main module's code imports nothing outside the standard library,
// golang.org/x/net and the module itself.
func TestLayers(t *testing.T) {
	pkgs := modulePackages(t)
	if len(pkgs) < 5 {
		t.Fatalf("found only %d packages", len(pkgs))
	}
	for rel, imports := range pkgs {
		for _, imp := range imports {
			if !isStd(imp) && !strings.HasPrefix(imp, module) && !strings.HasPrefix(imp, "golang.org/x/net/") {
				t.Errorf("%s imports %s: the main module allows only the standard library and golang.org/x/net", rel, imp)
			}
			if inner, ok := strings.CutPrefix(imp, module+"/"); ok {
				if strings.HasPrefix(rel, "internal/") || rel == "conn" || strings.HasPrefix(rel, "handshake") {
					continue // checked by the layer table below
				}
				if strings.HasPrefix(inner, "internal/") && (strings.HasPrefix(rel, "examples") || strings.HasPrefix(rel, "autobahn")) {
					t.Errorf("%s imports %s: examples and autobahn use the public API only", rel, imp)
				}
			}
		}
	}
	for _, l := range layers {
		imports, ok := pkgs[l.pkg]
		if !ok {
			t.Errorf("package %s not found", l.pkg)
			continue
		}
		for _, imp := range imports {
			if inner, ok := strings.CutPrefix(imp, module+"/"); ok {
				if !slices.Contains(l.ours, "*") && !slices.Contains(l.ours, inner) {
					t.Errorf("%s imports %s, above or beside its layer", l.pkg, inner)
				}
			}
			if slices.Contains(l.forbidden, imp) {
				t.Errorf("%s imports %s, which its layer forbids", l.pkg, imp)
			}
		}
	}
}

// modulePackages maps each package directory of the main module (nested
// modules excluded) to its non-test imports.
func modulePackages(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		if path != "." {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module has its own rules
			}
		}
		p, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files, or only tests
		}
		out[filepath.ToSlash(path)] = p.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
