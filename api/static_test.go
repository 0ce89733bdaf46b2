package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
)

// testStatic is a small page: references to assets, a wasm module with
// precompressed siblings, a service worker and a manifest.
func testStatic() fstest.MapFS {
	big := strings.Repeat("console.log('whichport');\n", 40)
	return fstest.MapFS{
		"index.html":           {Data: []byte(`<!doctype html><link rel="stylesheet" href="/static/style.css"><link rel="manifest" href="/manifest.webmanifest"><script src="/static/app.js" defer></script><a href="/static/missing.js">x</a>`)},
		"embed.html":           {Data: []byte(`<!doctype html><script src="/static/app.js"></script>`)},
		"app.js":               {Data: []byte(`const wasm = "/static/whichport.wasm";` + big)},
		"style.css":            {Data: []byte(`body{background:url(/static/logo.svg)}`)},
		"logo.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"whichport.wasm":       {Data: []byte("\x00asm\x01\x00\x00\x00wasm-identity-bytes")},
		"whichport.wasm.br":    {Data: []byte("BR-SIBLING")},
		"whichport.wasm.gz":    {Data: []byte("GZ-SIBLING")},
		"sw.js":                {Data: []byte(`const PRECACHE = ["/", "/static/app.js", "/static/whichport.wasm"];` + big)},
		"manifest.webmanifest": {Data: []byte(`{"name":"whichport","icons":[{"src":"/static/logo.svg"}]}`)},
	}
}

func TestAssetHashingAndRewrite(t *testing.T) {
	st, err := loadAssets(testStatic())
	if err != nil {
		t.Fatal(err)
	}
	app := st.byName["app.js"]
	wasm := st.byName["whichport.wasm"]
	if want := "whichport-" + hash8(wasm.identity) + ".wasm"; wasm.hashedName != want {
		t.Errorf("wasm hashed name %q, want %q", wasm.hashedName, want)
	}
	if !bytes.Contains(app.identity, []byte("/static/"+wasm.hashedName)) {
		t.Errorf("app.js not rewritten: %s", app.identity[:60])
	}
	if app.hash != hash8(app.identity) {
		t.Errorf("app.js hash %s is not the hash of its rewritten bytes", app.hash)
	}
	idx := string(st.byName["index.html"].identity)
	for _, want := range []string{"/static/" + app.hashedName, "/static/" + st.byName["style.css"].hashedName, "/static/missing.js", "/manifest.webmanifest"} {
		if !strings.Contains(idx, want) {
			t.Errorf("index.html lacks %q: %s", want, idx)
		}
	}
	if !strings.Contains(string(st.byName["sw.js"].identity), "/static/"+app.hashedName) {
		t.Error("sw.js precache list not rewritten")
	}
	if !strings.Contains(string(st.byName["manifest.webmanifest"].identity), "/static/logo-") {
		t.Error("manifest not rewritten")
	}
	// The wasm bytes are unchanged, so its build-time siblings are used.
	if string(wasm.br) != "BR-SIBLING" || string(wasm.gz) != "GZ-SIBLING" {
		t.Errorf("wasm siblings not used: br=%q gz=%q", wasm.br, wasm.gz)
	}
	// app.js was rewritten and has no siblings: compressed in memory, on
	// first use.
	if app.br != nil || app.gz != nil || !app.compress {
		t.Fatal("app.js compressed at load time, or not marked for compression")
	}
	if got := unbrotli(t, app.encoded("br")); !bytes.Equal(got, app.identity) {
		t.Error("app.js brotli does not decode to its bytes")
	}
	if got := ungzip(t, app.encoded("gzip")); !bytes.Equal(got, app.identity) {
		t.Error("app.js gzip does not decode to its bytes")
	}
}

// TestNewCompressesNothing: New only reads and hashes the assets; each
// compressed form is made by the first request that accepts it, once, and
// cached. The wasm module's build-time siblings are served as they are.
func TestNewCompressesNothing(t *testing.T) {
	s, e, err := build(Config{Static: testStatic()})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.static.current()
	marked := 0
	for name, a := range st.byName {
		if a.compress {
			marked++
			if a.br != nil || a.gz != nil {
				t.Errorf("%s was compressed by New", name)
			}
		}
	}
	if marked == 0 {
		t.Fatal("no asset is marked for compression on first use")
	}
	app := st.byName["app.js"]
	rec := do(e, "GET", "/static/app.js", "", "Accept-Encoding", "br")
	if rec.Header().Get("Content-Encoding") != "br" || !bytes.Equal(unbrotli(t, rec.Body.Bytes()), app.identity) {
		t.Fatalf("first br request: %q", rec.Header().Get("Content-Encoding"))
	}
	if app.br == nil || app.gz != nil {
		t.Errorf("after one br request: br cached %v, gzip made %v (want true, false)", app.br != nil, app.gz != nil)
	}
	first := app.br
	do(e, "GET", "/static/"+app.hashedName, "", "Accept-Encoding", "br")
	if &app.br[0] != &first[0] {
		t.Error("brotli form computed again instead of cached")
	}
	rec = do(e, "GET", "/static/app.js", "", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "gzip" || app.gz == nil {
		t.Errorf("gzip request: %q, cached %v", rec.Header().Get("Content-Encoding"), app.gz != nil)
	}
	if rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("Vary %q", rec.Header().Get("Vary"))
	}
	rec = do(e, "GET", "/static/whichport.wasm", "", "Accept-Encoding", "br, gzip")
	if rec.Body.String() != "BR-SIBLING" {
		t.Errorf("wasm: %q, want the build-time .br sibling", rec.Body.String())
	}
	// A small asset is not worth compressing and says nothing of encodings.
	rec = do(e, "GET", "/static/logo.svg", "", "Accept-Encoding", "br")
	if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Vary") != "" {
		t.Errorf("logo.svg: encoding %q, vary %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
	}
}

// BenchmarkNew prints what building the server costs with the real page
// (no compression at start-up).
func BenchmarkNew(b *testing.B) {
	fsys := testStatic()
	for b.Loop() {
		if _, err := New(Config{Static: fsys}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHashedNameForms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"app.js", "app-abcd1234.js"},
		{"img/logo.svg", "img/logo-abcd1234.svg"},
		{"wasm_exec.js", "wasm_exec-abcd1234.js"},
		{"LICENSE", "LICENSE-abcd1234"},
	} {
		if got := hashedName(tc.in, "abcd1234"); got != tc.want {
			t.Errorf("hashedName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func unbrotli(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ungzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStaticServing(t *testing.T) {
	e, _ := newTest(t, Config{Static: testStatic()})
	st, _ := loadAssets(testStatic())
	app := "/static/" + st.byName["app.js"].hashedName
	wasm := "/static/" + st.byName["whichport.wasm"].hashedName
	appETag := `"` + st.byName["app.js"].hash + `-br"`

	tests := []struct {
		name                                         string
		method, path                                 string
		header                                       []string
		status                                       int
		ctype, cache, encoding, vary, frame, bodyHas string
		xfo                                          bool // X-Frame-Options: DENY expected
		rawBody                                      string
	}{
		{name: "page", path: "/", status: 200, ctype: "text/html; charset=utf-8", cache: "no-cache", frame: "frame-ancestors 'none'", bodyHas: app},
		{name: "page head", method: "HEAD", path: "/", status: 200, ctype: "text/html; charset=utf-8", cache: "no-cache", frame: "frame-ancestors 'none'"},
		{name: "check page", path: "/check/example.com", status: 200, ctype: "text/html; charset=utf-8", cache: "no-cache", bodyHas: app},
		{name: "embed frameable", path: "/embed", status: 200, ctype: "text/html; charset=utf-8", cache: "no-cache", frame: "frame-ancestors *", bodyHas: app},
		{name: "service worker", path: "/sw.js", status: 200, ctype: "text/javascript; charset=utf-8", cache: "no-cache", bodyHas: app},
		{name: "manifest", path: "/manifest.webmanifest", status: 200, ctype: "application/manifest+json", cache: "no-cache", bodyHas: "/static/logo-"},
		{name: "unhashed short cache", path: "/static/app.js", status: 200, ctype: "text/javascript; charset=utf-8", cache: cacheShort, vary: "Accept-Encoding", bodyHas: wasm},
		{name: "hashed immutable", path: app, status: 200, ctype: "text/javascript; charset=utf-8", cache: cacheImmutable, vary: "Accept-Encoding", bodyHas: wasm},
		{name: "brotli preferred", path: app, header: []string{"Accept-Encoding", "gzip, deflate, br"}, status: 200, cache: cacheImmutable, encoding: "br", vary: "Accept-Encoding"},
		{name: "brotli refused", path: app, header: []string{"Accept-Encoding", "br;q=0, gzip"}, status: 200, encoding: "gzip", vary: "Accept-Encoding"},
		{name: "etag revalidation", path: app, header: []string{"Accept-Encoding", "br", "If-None-Match", appETag}, status: 304},
		{name: "wasm mime and br sibling", path: wasm, header: []string{"Accept-Encoding", "br, gzip"}, status: 200, ctype: "application/wasm", cache: cacheImmutable, encoding: "br", vary: "Accept-Encoding", rawBody: "BR-SIBLING"},
		{name: "wasm gzip sibling", path: "/static/whichport.wasm", header: []string{"Accept-Encoding", "gzip"}, status: 200, ctype: "application/wasm", cache: cacheShort, encoding: "gzip", rawBody: "GZ-SIBLING"},
		{name: "wasm identity", path: "/static/whichport.wasm", status: 200, ctype: "application/wasm", encoding: "", vary: "Accept-Encoding", bodyHas: "wasm-identity-bytes"},
		{name: "svg", path: "/static/logo.svg", status: 200, ctype: "image/svg+xml"},
		{name: "stale hash", path: "/static/app-00000000.js", status: 404},
		{name: "unknown asset", path: "/static/nope.js", status: 404},
		{name: "traversal", path: "/static/../go.mod", status: 404},
		{name: "unknown page", path: "/nope", status: 404, frame: "frame-ancestors 'none'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = "GET"
			}
			rec := do(e, method, tc.path, "", tc.header...)
			h := rec.Header()
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body.String())
			}
			if tc.ctype != "" && h.Get("Content-Type") != tc.ctype {
				t.Errorf("Content-Type %q, want %q", h.Get("Content-Type"), tc.ctype)
			}
			if tc.cache != "" && h.Get("Cache-Control") != tc.cache {
				t.Errorf("Cache-Control %q, want %q", h.Get("Cache-Control"), tc.cache)
			}
			if tc.status == 200 && h.Get("Content-Encoding") != tc.encoding {
				t.Errorf("Content-Encoding %q, want %q", h.Get("Content-Encoding"), tc.encoding)
			}
			if tc.vary != "" && h.Get("Vary") != tc.vary {
				t.Errorf("Vary %q, want %q", h.Get("Vary"), tc.vary)
			}
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "http") {
				t.Errorf("CSP %q", csp)
			}
			if tc.frame != "" && !strings.HasSuffix(csp, tc.frame) {
				t.Errorf("CSP %q does not end with %q", csp, tc.frame)
			}
			if got, want := h.Get("X-Frame-Options") == "DENY", tc.path != "/embed"; got != want {
				t.Errorf("X-Frame-Options DENY = %v, want %v", got, want)
			}
			if corp, want := h.Get("Cross-Origin-Resource-Policy"), map[bool]string{true: "cross-origin", false: "same-origin"}[tc.path == "/embed" || strings.HasPrefix(tc.path, "/static/")]; corp != want {
				t.Errorf("Cross-Origin-Resource-Policy %q, want %q", corp, want)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("missing nosniff or Referrer-Policy: %v", h)
			}
			if h.Get("Set-Cookie") != "" {
				t.Error("a cookie was set")
			}
			if tc.status == 200 && h.Get("ETag") == "" {
				t.Error("no ETag")
			}
			if method == "HEAD" && rec.Body.Len() != 0 {
				t.Error("HEAD has a body")
			}
			if method == "HEAD" && h.Get("Content-Length") == "" {
				t.Error("HEAD has no Content-Length")
			}
			if tc.bodyHas != "" && !strings.Contains(rec.Body.String(), tc.bodyHas) {
				t.Errorf("body lacks %q: %.200s", tc.bodyHas, rec.Body.String())
			}
			if tc.rawBody != "" && rec.Body.String() != tc.rawBody {
				t.Errorf("body %q, want %q", rec.Body.String(), tc.rawBody)
			}
			if tc.encoding == "br" && tc.rawBody == "" {
				unbrotli(t, rec.Body.Bytes())
			}
		})
	}
}

func TestMissingEmbedIs404(t *testing.T) {
	fsys := testStatic()
	delete(fsys, "embed.html")
	e, _ := newTest(t, Config{Static: fsys})
	rec := do(e, "GET", "/embed", "")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d", rec.Code)
	}
	errorBody(t, rec)
}

func TestAcceptsEncoding(t *testing.T) {
	for _, tc := range []struct {
		header, coding string
		want           bool
	}{
		{"gzip, deflate, br", "br", true},
		{"gzip", "br", false},
		{"br;q=0", "br", false},
		{"*", "gzip", true},
		{"*, gzip;q=0", "gzip", false},
		{"", "gzip", false},
		{"GZIP", "gzip", true},
	} {
		if got := acceptsEncoding(tc.header, tc.coding); got != tc.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v", tc.header, tc.coding, got)
		}
	}
}

func TestEmbeddedFrontendLoads(t *testing.T) {
	// The real embedded page: every page route answers, and every
	// /static/ reference in the served text assets resolves.
	e, _ := newTest(t, Config{Static: frontendFS()})
	queue := []string{"/", "/embed", "/sw.js", "/manifest.webmanifest", "/check/example.com"}
	seen := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		rec := do(e, "GET", p, "")
		if rec.Code != 200 {
			if p == "/embed" || p == "/sw.js" || p == "/manifest.webmanifest" ||
				p == "/static/whichport.wasm" || p == "/static/wasm_exec.js" { // built by make wasm
				t.Logf("GET %s = %d (not in the frontend yet?)", p, rec.Code)
				continue
			}
			t.Errorf("GET %s = %d", p, rec.Code)
			continue
		}
		if strings.HasPrefix(p, "/static/") && strings.Count(p, "-") > 0 && rec.Header().Get("Cache-Control") != cacheImmutable {
			// hashed references must be immutable
			if st, _ := loadAssets(frontendFS()); st != nil {
				if _, hashed := st.lookup(strings.TrimPrefix(p, "/static/")); hashed {
					t.Errorf("%s: Cache-Control %q", p, rec.Header().Get("Cache-Control"))
				}
			}
		}
		if !rewrites(p) && !strings.HasSuffix(p, "/") && !strings.HasPrefix(p, "/check/") && p != "/embed" {
			continue
		}
		for _, m := range staticRef.FindAllString(rec.Body.String(), -1) {
			m = strings.TrimRight(m, ".,;:)")
			if path.Ext(m) == "" { // prose such as "/static/NAME", not a reference
				continue
			}
			queue = append(queue, m)
		}
	}
	if len(seen) < 3 {
		t.Errorf("only %d URLs fetched", len(seen))
	}
}

// TestStaticReload: with a directory and StaticReload, a changed file is
// served under its new hash without a restart.
func TestStaticReload(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", `<script src="/static/app.js"></script>`)
	write("app.js", `console.log(1)`)
	e, _ := newTest(t, Config{Static: os.DirFS(dir), StaticReload: true})
	first := do(e, "GET", "/", "").Body.String()
	write("app.js", `console.log(2) // changed`)
	// Make sure the size and time differ from the first version.
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(filepath.Join(dir, "app.js"), later, later)
	second := do(e, "GET", "/", "").Body.String()
	if first == second || !strings.Contains(second, "/static/app-"+hash8([]byte(`console.log(2) // changed`))+".js") {
		t.Errorf("not reloaded:\n%s\n%s", first, second)
	}
	if rec := do(e, "GET", "/static/app.js", ""); !strings.Contains(rec.Body.String(), "changed") {
		t.Errorf("app.js not reloaded: %s", rec.Body.String())
	}
}

// TestAPIOnly: with no Static (the Cloudflare Worker, where Workers Static
// Assets serve the page), the API answers and the page routes are 404s.
func TestAPIOnly(t *testing.T) {
	e, _ := newTest(t, Config{})
	for path, want := range map[string]int{"/healthz": 200, "/api/v1/providers": 200, "/": 404, "/embed": 404, "/static/app.js": 404, "/check/example.com": 404} {
		if rec := do(e, "GET", path, ""); rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
	}
	if rec := do(e, "POST", "/api/v1/explain", `{"host":"smtp.gmail.com","port":465,"security":"implicit"}`); rec.Code != 200 {
		t.Errorf("explain: %d %s", rec.Code, rec.Body.String())
	}
}
