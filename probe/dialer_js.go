//go:build js

package probe

import (
	"context"
	"errors"
	"net"
)

// DefaultDialer returns the dialer of a Config without one. A js/wasm build
// (the Worker, which dials through Cloudflare sockets) has none: its dialer
// fails, so that the module does not link net's dialer and resolver, which
// cannot reach the network from a Worker anyway.
func DefaultDialer() Dialer {
	return noDialer{}
}

// errNoDialer: a js/wasm build was given no Dialer.
var errNoDialer = errors.New("probe: no Dialer set (js/wasm has no default)")

type noDialer struct{}

func (noDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	return nil, errNoDialer
}
