// Package frontend holds the static page, styles, scripts and the browser
// module, embedded into the server binary.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS returns the static files, rooted at the static folder.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time; this cannot fail
	}
	return sub
}
