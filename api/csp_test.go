package api

import (
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/whichport/whichport/frontend"
)

// scriptElement matches a script element: its attributes and its text.
var scriptElement = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)

// TestInlineScriptsInCSP: every inline script of the pages (index.html's
// first line starts the checker's worker) is allowed by its sha256 in the
// server's CSP and in the Workers assets' _headers, and no other inline
// script is: a script edited without its hash would be blocked by the
// browser, and the page would silently start its worker late.
func TestInlineScriptsInCSP(t *testing.T) {
	headers, err := os.ReadFile("../cmd/worker/public/_headers")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	pages, err := fs.Glob(frontend.FS(), "*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	for _, name := range pages {
		b, err := fs.ReadFile(frontend.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range scriptElement.FindAllSubmatch(b, -1) {
			if strings.Contains(string(m[1]), "src=") {
				continue
			}
			sum := sha256.Sum256(m[2])
			h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			want = append(want, h)
			if !strings.Contains(cspBase, h) {
				t.Errorf("%s: inline script %.40q… has sha256 %s, not in api/server.go's cspBase", name, m[2], h)
			}
			for _, line := range strings.Split(string(headers), "\n") {
				if strings.Contains(line, "Content-Security-Policy: ") && !strings.Contains(line, h) {
					t.Errorf("%s: sha256 %s missing in cmd/worker/public/_headers line %q", name, h, strings.TrimSpace(line))
				}
			}
		}
	}
	if len(want) == 0 {
		t.Error("index.html has no inline script: the worker starts late again, or this test lost it")
	}
	for _, csp := range []string{cspBase, string(headers)} {
		for _, h := range regexp.MustCompile(`'sha256-[^']*'`).FindAllString(csp, -1) {
			if !slices.Contains(want, h) {
				t.Errorf("CSP allows %s, which no inline script of the pages has: drop it", h)
			}
		}
	}
}
