package rules

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// forbiddenImports would break the browser module's size budget or its
// purity: rules, formats and diagnose must not reach them, directly or
// transitively, when built for GOOS=js GOARCH=wasm.
var forbiddenImports = []string{
	"net", "crypto/tls", "syscall/js", "fmt", "reflect",
	"encoding/json", "encoding/xml", "net/url", "regexp",
	"github.com/labstack/echo/v4", "github.com/miekg/dns",
}

// pureSiblings lists, for each pure package, the project packages it may
// import: the core imports none, formats and diagnose only the core.
var pureSiblings = map[string][]string{
	"rules":    nil,
	"formats":  {"rules"},
	"diagnose": {"rules"},
}

func TestPurityWasmImports(t *testing.T) {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to run go list")
		}
	}
	const module = "github.com/whichport/whichport/"
	for pkg, allowed := range pureSiblings {
		cmd := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}", module+pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) == 0 || deps[len(deps)-1] != module+pkg {
			t.Fatalf("go list -deps %s: the package itself is not last in %q", pkg, deps)
		}
		for _, d := range deps[:len(deps)-1] {
			for _, bad := range forbiddenImports {
				if d == bad || strings.HasPrefix(d, bad+"/") && strings.Contains(bad, ".") {
					t.Errorf("%s depends on %s under GOOS=js GOARCH=wasm", pkg, d)
				}
			}
			if sib, ok := strings.CutPrefix(d, module); ok && !slices.Contains(allowed, sib) {
				t.Errorf("%s imports project package %s", pkg, d)
			}
		}
	}
}
