package frontend

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/whichport/whichport/rules"
)

// TestAssetsEmbedded checks the files the server and the service worker
// name are in the binary. The browser module is built by `make wasm`, which
// `make test` runs first.
func TestAssetsEmbedded(t *testing.T) {
	fsys := FS()
	for _, name := range []string{
		"index.html", "embed.html", "sw.js", "manifest.webmanifest",
		"app.js", "check.js", "engine.js", "engine-worker.js", "widget.js", "embed.js", "style.css",
		"icon.svg", "icon-192.png", "icon-512.png",
		"wasm_exec.js", "whichport.wasm",
	} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Errorf("%s: %v (run `make wasm` for the module)", name, err)
			continue
		}
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}

// TestStaticReferencesExist checks every /static/NAME the pages, scripts,
// manifest and service worker refer to is embedded, so the server can hash
// it and the service worker can precache it.
func TestStaticReferencesExist(t *testing.T) {
	fsys := FS()
	for _, name := range []string{"index.html", "embed.html", "sw.js", "manifest.webmanifest", "app.js", "check.js", "engine.js", "engine-worker.js", "widget.js"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for i := strings.Index(text, "/static/"); i >= 0; i = next(text, i) {
			ref := text[i+len("/static/"):]
			end := strings.IndexFunc(ref, func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
			})
			if end >= 0 {
				ref = ref[:end]
			}
			if !strings.Contains(ref, ".") || strings.HasSuffix(ref, ".") {
				continue // prose, or the page's deliberately unhashed embed.js example
			}
			if _, err := fs.Stat(fsys, ref); err != nil {
				t.Errorf("%s refers to /static/%s, which is not embedded", name, ref)
			}
		}
	}
}

func next(text string, i int) int {
	j := strings.Index(text[i+1:], "/static/")
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// TestNoThirdParty checks the pages load nothing from another origin.
func TestNoThirdParty(t *testing.T) {
	fsys := FS()
	for _, name := range []string{"index.html", "embed.html"} {
		b, _ := fs.ReadFile(fsys, name)
		for _, attr := range []string{`<script src="http`, `<script src="//`, `<img src="http`, `<iframe src="http`, `<link rel="stylesheet" href="http`, `<link rel="stylesheet" href="//`} {
			if strings.Contains(string(b), attr) {
				t.Errorf("%s loads from another origin (%s)", name, attr)
			}
		}
	}
}

// TestProviderTableMatchesRules checks the plain-HTML provider table names
// every provider's submission host the engine knows, so the page read
// before any script runs agrees with the verdicts.
func TestProviderTableMatchesRules(t *testing.T) {
	b, err := fs.ReadFile(FS(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, p := range rules.Providers() {
		if len(p.Hosts) == 0 || strings.ContainsAny(p.Hosts[0], "<>") {
			continue
		}
		if !strings.Contains(page, p.Hosts[0]) {
			t.Errorf("index.html's provider table lacks %s (%s)", p.Hosts[0], p.ID)
		}
	}
}

// TestSettingsNeverSubmittable checks no form control but the "Check a
// server" domain has a name, and the settings are in no <form>: a browser
// can then never put a typed host, user or password into a URL or a request.
func TestSettingsNeverSubmittable(t *testing.T) {
	for _, page := range []string{"index.html", "embed.html"} {
		b, err := fs.ReadFile(FS(), page)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, tag := range []string{"<input", "<select", "<textarea"} {
			for rest := text; ; {
				i := strings.Index(rest, tag)
				if i < 0 {
					break
				}
				end := strings.Index(rest[i:], ">")
				control := rest[i : i+end+1]
				rest = rest[i+end+1:]
				if strings.Contains(control, " name=") && !strings.Contains(control, `id="check-domain"`) {
					t.Errorf("%s: a named form control could be submitted: %s", page, control)
				}
			}
		}
		if n := strings.Count(text, "<form"); n > 1 || (n == 1 && !strings.Contains(text, `<form id="check-form"`)) {
			t.Errorf("%s: the only form may be the domain check", page)
		}
	}
}
