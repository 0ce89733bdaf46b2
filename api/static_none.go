//go:build nostatic

package api

import (
	"errors"
	"io/fs"
	"net/http"
)

// Built with -tags nostatic (the Cloudflare Worker, whose page and files
// are Workers Static Assets), the api serves no static files: Config.Static
// must be nil, and the page routes answer 404 as they do for a nil Static
// in the full build. This leaves static.go out of the module: the asset
// table, its compression (brotli, used only for static files) and
// http.ServeContent.

const (
	cacheImmutable = ""
	cacheShort     = ""
	cacheNoCache   = ""
)

type staticFiles struct{}

type assetStore struct {
	byName map[string]*asset
}

type asset struct{}

func newStaticFiles(fsys fs.FS, _ bool) (*staticFiles, error) {
	if fsys != nil {
		return nil, errors.New("api: built with -tags nostatic: Config.Static must be nil")
	}
	return &staticFiles{}, nil
}

func (*staticFiles) current() (*assetStore, error) { return &assetStore{}, nil }

func (*assetStore) lookup(string) (*asset, bool) { return nil, false }

func (*asset) serve(http.ResponseWriter, *http.Request, string) {}
