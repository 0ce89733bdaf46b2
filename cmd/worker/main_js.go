//go:build js && wasm

package main

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/sockets"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
)

// defaultDoH is the DNS-over-HTTPS endpoint; the DOH_URL variable overrides it.
const defaultDoH = "https://cloudflare-dns.com/dns-query"

func main() {
	var (
		once    sync.Once
		handler http.Handler
		initErr error
	)
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The handler is built on the first request, which names the
		// data center (CF-Ray); each request runs in a fresh Go instance.
		once.Do(func() { handler, initErr = build(coloFromRay(r.Header.Get("Cf-Ray"))) })
		if initErr != nil {
			http.Error(w, `{"error":"worker failed to start"}`, http.StatusInternalServerError)
			return
		}
		prepareRequest(r)
		handler.ServeHTTP(w, r)
	}))
}

func build(colo string) (http.Handler, error) {
	doer := &fetchDoer{client: fetch.NewClient(), guard: api.NewGuard(false, []int{443})}
	client := &lookup.Client{
		Resolver: lookup.NewDoHResolver(envOr("DOH_URL", defaultDoH), doer),
		HTTP:     doer,
	}
	// Local testing only (wrangler dev --var WHICHPORT_ALLOW_PRIVATE:1):
	// lets probes reach loopback and private addresses.
	allowPrivate := envOr("WHICHPORT_ALLOW_PRIVATE", "") == "1"
	from := fromText(colo)
	if allowPrivate {
		from += "; private addresses allowed (local testing)"
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
		Ports:        workerPorts,
	})
}

func envOr(name, def string) string {
	v := cloudflare.GetBinding(name)
	if v.Type().String() != "string" || v.String() == "" {
		return def
	}
	return v.String()
}

// socketDialer dials with Cloudflare TCP sockets, plaintext; the probe runs
// crypto/tls on top (implicit TLS and STARTTLS alike).
type socketDialer struct{}

var _ probe.Dialer = socketDialer{}

func (socketDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if err := checkWorkerDial(network, address); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The socket lives on after the dial's context (often a connect
	// timeout) ends; the probe closes it.
	c, err := sockets.Connect(context.WithoutCancel(ctx), address, &sockets.SocketOptions{SecureTransport: sockets.SecureTransportOff})
	if err != nil {
		return nil, err
	}
	return newDeadlineConn(c, address), nil
}

// fetchDoer sends HTTP requests with the Workers fetch() API, following no
// redirects (MTA-STS forbids them) and honouring the request's context.
type fetchDoer struct {
	client *fetch.Client
	guard  *api.Guard
}

var _ lookup.HTTPDoer = (*fetchDoer)(nil)

func (d *fetchDoer) Do(req *http.Request) (*http.Response, error) {
	if err := checkFetchURL(req, d.guard); err != nil {
		return nil, err
	}
	type result struct {
		res *http.Response
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := d.client.Do(&fetch.Request{Request: req}, &fetch.RequestInit{Redirect: fetch.RedirectModeManual})
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-req.Context().Done():
		go func() {
			if r := <-done; r.res != nil {
				r.res.Body.Close()
			}
		}()
		return nil, req.Context().Err()
	}
}
