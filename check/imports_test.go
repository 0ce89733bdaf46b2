package check

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImports: check is the engine of the server, the Worker and the
// command-line tool alike, so it reaches no HTTP framework, no browser
// bridge and not the api package, directly or transitively. (Under
// GOOS=js the standard library's net reaches syscall/js itself; the
// native build is the one that shows what check pulls in.)
func TestImports(t *testing.T) {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to run go list")
		}
	}
	forbidden := []string{"github.com/labstack/echo/v4", "syscall/js", "github.com/whichport/whichport/api"}
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || !strings.HasSuffix(deps[len(deps)-1], "/check") {
		t.Fatalf("go list printed %v", deps)
	}
	for _, d := range deps {
		for _, bad := range forbidden {
			if d == bad || strings.HasPrefix(d, bad+"/") {
				t.Errorf("check depends on %s", d)
			}
		}
	}
}
