//go:build !nostatic

package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Cache policies of the static assets.
const (
	cacheImmutable = "public, max-age=31536000, immutable" // content-hashed names
	cacheShort     = "public, max-age=300"                 // unhashed names under /static/
	cacheNoCache   = "no-cache"                            // HTML, the service worker, the manifest
)

// asset is one static file ready to serve: its bytes after reference
// rewriting, and compressed forms when they are smaller. The precompressed
// .br/.gz siblings are used as they are; other forms are computed by the
// first request that accepts them (once per asset and encoding, then
// cached), so that New stays cheap: brotli 11 of every text asset costs
// about 0.4 s natively and seconds as WebAssembly in a Worker.
type asset struct {
	name        string // path inside the static FS: "app.js", "img/logo.svg"
	hashedName  string // "app-1a2b3c4d.js"
	hash        string // 8 hex digits of the sha256 of the served (rewritten) bytes
	contentType string
	identity    []byte
	// compress: br and gz (where no sibling gave them) are computed on
	// first use. br and gz are read only after brOnce/gzOnce.
	compress       bool
	brOnce, gzOnce sync.Once
	br             []byte // nil when not worth it
	gz             []byte
}

// encoded returns the asset's bytes in coding ("br" or "gzip"), computing
// and caching them on first use; nil when that form is not smaller.
func (a *asset) encoded(coding string) []byte {
	switch coding {
	case "br":
		a.brOnce.Do(func() {
			if a.br == nil && a.compress {
				a.br = smaller(compressBrotli(a.identity), a.identity)
			}
		})
		return a.br
	case "gzip":
		a.gzOnce.Do(func() {
			if a.gz == nil && a.compress {
				a.gz = smaller(compressGzip(a.identity), a.identity)
			}
		})
		return a.gz
	}
	return nil
}

// mayEncode reports whether the asset has, or may get, a compressed form.
func (a *asset) mayEncode() bool { return a.compress || a.br != nil || a.gz != nil }

// smaller returns enc when it is smaller than raw, else nil.
func smaller(enc, raw []byte) []byte {
	if enc == nil || len(enc) >= len(raw) {
		return nil
	}
	return enc
}

// assetStore holds every static asset, keyed by its plain and hashed names.
type assetStore struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// staticRef finds references to static assets in text assets.
var staticRef = regexp.MustCompile(`/static/([A-Za-z0-9._~/-]+)`)

// hashedName inserts the hash before the last extension: app.js -> app-1a2b3c4d.js.
func hashedName(name, hash string) string {
	dir, file := path.Split(name)
	ext := path.Ext(file)
	base := strings.TrimSuffix(file, ext)
	if base == "" { // ".hidden"
		return dir + file + "-" + hash
	}
	return dir + base + "-" + hash + ext
}

// isText reports whether the asset is text whose /static/ references are rewritten.
func isText(name string) bool {
	switch path.Ext(name) {
	case ".html", ".htm", ".js", ".mjs", ".css", ".webmanifest", ".json", ".svg", ".txt", ".xml", ".map":
		return true
	}
	return false
}

// rewrites reports whether references in this asset are rewritten to hashed names.
func rewrites(name string) bool {
	switch path.Ext(name) {
	case ".html", ".htm", ".js", ".mjs", ".css", ".webmanifest", ".json":
		return true
	}
	return false
}

// compressible reports whether compressing the asset (on first request) pays.
func compressible(name string) bool {
	return isText(name) || path.Ext(name) == ".wasm"
}

// contentTypeOf names the Content-Type of an asset by its extension.
func contentTypeOf(name string) string {
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".webmanifest":
		return "application/manifest+json"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".xml":
		return "application/xml"
	case ".woff2":
		return "font/woff2"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func hash8(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}

// loadAssets reads every file of fsys, rewrites /static/ references in text
// assets to content-hashed names, and takes the precompressed .br/.gz
// siblings when the bytes were not changed by rewriting. It compresses
// nothing itself: see asset.encoded.
func loadAssets(fsys fs.FS) (*assetStore, error) {
	if fsys == nil {
		return &assetStore{byName: map[string]*asset{}, byHashed: map[string]*asset{}}, nil
	}
	raw := map[string][]byte{}
	siblings := map[string][]byte{} // "x.wasm.br" -> bytes
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
			siblings[p] = b
			return nil
		}
		raw[p] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("api: reading static files: %w", err)
	}
	// A sibling whose original is missing is an asset of its own.
	for p, b := range siblings {
		if _, ok := raw[p[:len(p)-3]]; !ok {
			raw[p] = b
		}
	}
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)

	// Hashes of assets that are not rewritten are final; rewritten assets
	// depend on the hashes of what they reference, so iterate to a fixpoint
	// (bounded, in case two assets reference each other).
	hashes := map[string]string{}
	body := map[string][]byte{}
	for _, n := range names {
		body[n] = raw[n]
		hashes[n] = hash8(raw[n])
	}
	rewrite := func(b []byte) []byte {
		return staticRef.ReplaceAllFunc(b, func(m []byte) []byte {
			ref := string(m[len("/static/"):])
			h, ok := hashes[ref]
			if !ok {
				return m
			}
			return []byte("/static/" + hashedName(ref, h))
		})
	}
	for round := 0; round <= len(names); round++ {
		changed := false
		for _, n := range names {
			if !rewrites(n) {
				continue
			}
			nb := rewrite(raw[n])
			if h := hash8(nb); h != hashes[n] || !bytes.Equal(nb, body[n]) {
				body[n], hashes[n] = nb, h
				changed = true
			}
		}
		if !changed {
			break
		}
	}

	st := &assetStore{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	for _, n := range names {
		a := &asset{
			name:        n,
			hash:        hashes[n],
			hashedName:  hashedName(n, hashes[n]),
			contentType: contentTypeOf(n),
			identity:    body[n],
		}
		unchanged := bytes.Equal(body[n], raw[n])
		if b, ok := siblings[n+".br"]; ok && unchanged {
			a.br = b
		}
		if b, ok := siblings[n+".gz"]; ok && unchanged {
			a.gz = b
		}
		a.compress = compressible(n) && len(a.identity) > 256 && (a.br == nil || a.gz == nil)
		a.br, a.gz = smaller(a.br, a.identity), smaller(a.gz, a.identity)
		st.byName[n] = a
		st.byHashed[a.hashedName] = a
	}
	return st, nil
}

func compressBrotli(b []byte) []byte {
	var buf bytes.Buffer
	level := brotli.BestCompression
	if len(b) > 1<<20 {
		level = 6 // large files (the wasm module without siblings): keep startup quick
	}
	w := brotli.NewWriterLevel(&buf, level)
	if _, err := w.Write(b); err != nil {
		return nil
	}
	if err := w.Close(); err != nil {
		return nil
	}
	return buf.Bytes()
}

func compressGzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		return nil
	}
	if err := w.Close(); err != nil {
		return nil
	}
	return buf.Bytes()
}

// lookup finds an asset by its hashed name first, then by its plain name.
func (s *assetStore) lookup(name string) (a *asset, hashed bool) {
	if a, ok := s.byHashed[name]; ok {
		return a, true
	}
	if a, ok := s.byName[name]; ok {
		return a, false
	}
	return nil, false
}

// URL is the content-hashed URL of an asset, or /static/name when unknown.
func (s *assetStore) URL(name string) string {
	if a, ok := s.byName[name]; ok {
		return "/static/" + a.hashedName
	}
	return "/static/" + name
}

// serve writes the asset, choosing br, then gzip, then identity by the
// request's Accept-Encoding. HEAD, ETag and If-None-Match are handled by
// http.ServeContent.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	body, coding := a.identity, ""
	if a.mayEncode() {
		h.Add("Vary", "Accept-Encoding")
		ae := r.Header.Get("Accept-Encoding")
		if acceptsEncoding(ae, "br") {
			if b := a.encoded("br"); b != nil {
				body, coding = b, "br"
			}
		}
		if coding == "" && acceptsEncoding(ae, "gzip") {
			if b := a.encoded("gzip"); b != nil {
				body, coding = b, "gzip"
			}
		}
	}
	etag := `"` + a.hash
	if coding != "" {
		h.Set("Content-Encoding", coding)
		etag += "-" + coding
	}
	h.Set("ETag", etag+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// staticFiles gives the current asset store: built once, or, in
// development (reload), rebuilt when a file's size or time changes.
type staticFiles struct {
	fsys   fs.FS
	reload bool

	mu    sync.Mutex
	sig   string
	store *assetStore
}

func newStaticFiles(fsys fs.FS, reload bool) (*staticFiles, error) {
	sf := &staticFiles{fsys: fsys, reload: reload}
	st, err := loadAssets(fsys)
	if err != nil {
		return nil, err
	}
	sf.store = st
	if reload {
		sf.sig = signature(fsys)
	}
	return sf, nil
}

// signature summarises the names, sizes and times of every file.
func signature(fsys fs.FS) string {
	var b strings.Builder
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return b.String()
}

var errNoStatic = errors.New("api: static files unavailable")

func (sf *staticFiles) current() (*assetStore, error) {
	if !sf.reload {
		return sf.store, nil
	}
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if sig := signature(sf.fsys); sig != sf.sig {
		st, err := loadAssets(sf.fsys)
		if err != nil {
			return nil, errors.Join(errNoStatic, err)
		}
		sf.store, sf.sig = st, sig
	}
	return sf.store, nil
}
