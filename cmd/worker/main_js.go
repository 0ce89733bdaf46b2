//go:build js && wasm

package main

import (
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/lookup"
)

// defaultDoH is the DNS-over-HTTPS endpoint; the DOH_URL variable overrides it.
const defaultDoH = "https://cloudflare-dns.com/dns-query"

func main() {
	servePerIsolate(build)
}

// build makes the api handler of this isolate from the first request's env
// and CF-Ray (an isolate lives in one data center).
func build(env js.Value, first *http.Request) (http.Handler, error) {
	// Local testing only (wrangler dev --var WHICHPORT_ALLOW_PRIVATE:1):
	// lets probes reach loopback and private addresses, and DoH use a
	// plain-HTTP server on one.
	allowPrivate := envValue(env, "WHICHPORT_ALLOW_PRIVATE") == "1"
	doer := &fetchDoer{guard: api.NewGuard(allowPrivate, []int{443})}
	doh := envValue(env, "DOH_URL")
	if doh == "" {
		doh = defaultDoH
	}
	client := &lookup.Client{
		Resolver: lookup.NewDoHResolver(doh, doer),
		HTTP:     doer,
	}
	from := fromText(coloFromRay(first.Header.Get("Cf-Ray")))
	ports := workerPorts
	if allowPrivate {
		from += "; private addresses allowed (local testing)"
		// WHICHPORT_TEST_PORTS (with private addresses allowed only): more
		// ports probes may reach, for test servers on free ports.
		for f := range strings.SplitSeq(envValue(env, "WHICHPORT_TEST_PORTS"), ",") {
			if p, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && p > 0 && p < 65536 && p != 25 {
				ports = append(ports[:len(ports):len(ports)], p)
			}
		}
	}
	// No Static: the page and its files are Workers Static Assets
	// (wrangler.toml [assets], build/worker/public), served before the
	// Worker runs; the Go module answers /api/* and /healthz only, and
	// does not link the frontend (its 3 MB browser module and siblings).
	return api.New(api.Config{
		Logger:       slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Dialer:       socketDialer{},
		Lookup:       client,
		Resolver:     client,
		From:         from,
		AllowPrivate: allowPrivate,
		Ports:        ports,
	})
}
