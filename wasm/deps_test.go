//go:build !js

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoHeavyImports keeps the browser module inside its size budget: none
// of these packages may be linked into it (they cost tens to hundreds of KB
// each, or pull in the network stack).
func TestNoHeavyImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := map[string]bool{
		"fmt": true, "reflect": true, "encoding/json": true, "encoding/xml": true,
		"net": true, "net/url": true, "net/http": true, "regexp": true, "crypto/tls": true,
		"log": true, "text/template": true, "html/template": true, "time/tzdata": true,
	}
	for _, p := range strings.Fields(string(out)) {
		if forbidden[p] {
			t.Errorf("the browser module links %s", p)
		}
	}
}
