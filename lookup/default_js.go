//go:build js

package lookup

import (
	"fmt"
	"net/http"
	"time"
)

// A js/wasm build has no default resolver or HTTP client: the host (the
// Worker) injects both. Without them, look-ups fail with ErrNetwork rather
// than link net's dialer and net/http's client transport, which cannot
// reach the network from a Worker anyway.

// defaultDoer fails every request.
var defaultDoer Fetcher = noDoer{}

type noDoer struct{}

func (noDoer) Fetch(*http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("%w: no HTTP client set (js/wasm has no default)", ErrNetwork)
}

func defaultResolver(time.Duration) (Resolver, error) {
	return nil, fmt.Errorf("%w: no resolver set (js/wasm has no default)", ErrNetwork)
}
