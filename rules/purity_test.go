package rules

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// forbiddenImports would break the browser module's size budget or its
// purity: the rules package must not reach them, directly or transitively,
// when built for GOOS=js GOARCH=wasm.
var forbiddenImports = []string{
	"net", "crypto/tls", "syscall/js", "fmt", "reflect",
	"encoding/json", "encoding/xml", "net/url", "regexp",
}

func TestPurityWasmImports(t *testing.T) {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to run go list")
		}
	}
	cmd := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatal("go list printed no packages")
	}
	self := deps[len(deps)-1] // go list -deps prints the package itself last
	for _, d := range deps {
		for _, bad := range forbiddenImports {
			if d == bad {
				t.Errorf("rules depends on %s under GOOS=js GOARCH=wasm", d)
			}
		}
		if d != self && strings.HasPrefix(d, "github.com/whichport/whichport/") {
			t.Errorf("rules imports sibling package %s", d)
		}
	}
	if !strings.HasSuffix(self, "/rules") {
		t.Errorf("last package %q is not rules", self)
	}
}
