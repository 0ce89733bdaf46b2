//go:build !js

package lookup

import (
	"fmt"
	"net/http"
	"time"
)

// The defaults of a zero Client or DoHResolver in a native build: the
// system's name servers over UDP/TCP and an HTTP client that follows no
// redirects. They live in their own file so that the js/wasm build (the
// Worker, which injects a fetch-based doer) links neither net's dialer nor
// net/http's client transport.

// defaultDoer is the HTTP client used when none is set.
var defaultDoer Fetcher = HTTPClient{Client: &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}}

// defaultResolver is the resolver used when none is set: the servers of
// /etc/resolv.conf.
func defaultResolver(timeout time.Duration) (Resolver, error) {
	servers, err := SystemServers()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNetwork, err)
	}
	return NewDNSResolver(servers, timeout), nil
}
