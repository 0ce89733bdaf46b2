package probe

import "errors"

var errNotImplemented = errors.New("probe: not implemented")
