//go:build !js

package probe

import "net"

// DefaultDialer returns the dialer of a Config without one: a plain
// net.Dialer. (A js/wasm build has no default; see dialer_js.go.)
func DefaultDialer() Dialer {
	return &net.Dialer{}
}
