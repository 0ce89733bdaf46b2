// Command worker runs whichport on Cloudflare Workers: the same api handler
// as cmd/api, compiled with GOOS=js GOARCH=wasm (-tags nostatic: no static
// file serving) and served through its own loader, worker.mjs.
//
// One Go instance per isolate. The loader starts Go on the isolate's first
// request and hands it every request after that, with the request's env and
// ctx (bridge_js.go); the api handler is built once, from the first
// request's env, and its limits are shared by every request of the isolate
// (they are safe for concurrent use). syumai/workers' generated loader
// started a fresh Go program for every request (about 100 ms each).
//
// What touches the Workers runtime goes through the request's own io pump
// in the loader: the runtime ties a socket, a stream or a fetch to the
// request that made it, while Go runs the goroutines of every request in
// flight on whichever callback entered it. So:
//
//   - Probes dial Cloudflare TCP sockets (cloudflare:sockets connect(),
//     secureTransport "off") through the pump (socket_js.go); Go's crypto/tls
//     runs on top, so implicit TLS and STARTTLS work as on the server.
//     Deadlines are Go timers; a zero deadline means none.
//   - DNS goes over HTTPS (lookup.DoHResolver, default
//     https://cloudflare-dns.com/dns-query, or the DOH_URL variable) and the
//     MTA-STS fetches go through fetch() (fetch_js.go): Go's default
//     http.Client does not work inside a Worker.
//   - Cloudflare blocks outbound port 25 from every Worker, always. The dialer
//     refuses port 25 at once with an error that says so, and the "from" of
//     every report names the limit, so an MX probe on 25 never reads as
//     "the server is down".
//
// Local testing only: WHICHPORT_ALLOW_PRIVATE=1 lets probes reach loopback
// and private addresses (and DoH use a plain-HTTP server on one), and
// WHICHPORT_TEST_PORTS adds ports probes may reach (internal/apicontract
// runs the API contract this way).
//
// Build and run (see wrangler.toml at the repository root):
//
//	make worker                      # build/worker: worker.mjs, wasm_exec.js, app.wasm, public/
//	npx wrangler dev                 # http://127.0.0.1:8787
package main
