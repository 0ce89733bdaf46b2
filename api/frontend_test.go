package api

import (
	"io/fs"

	"github.com/whichport/whichport/frontend"
)

func frontendFS() fs.FS { return frontend.FS() }
