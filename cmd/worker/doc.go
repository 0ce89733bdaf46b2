// Command worker runs whichport on Cloudflare Workers: the same api handler
// as cmd/api, compiled with GOOS=js GOARCH=wasm and served through
// github.com/syumai/workers.
//
// What differs from the self-hosted server:
//
//   - Probes dial with Cloudflare TCP sockets (cloudflare:sockets connect(),
//     secureTransport "off"); Go's crypto/tls runs on top, so implicit TLS and
//     STARTTLS work as on the server. Sockets misread a zero deadline as
//     "already expired", so every connection is wrapped (deadlineConn).
//   - Cloudflare blocks outbound port 25 from every Worker, always. The dialer
//     refuses port 25 at once with an error that says so, and the "from" of
//     every report names the limit, so an MX probe on 25 never reads as
//     "the server is down".
//   - DNS goes over HTTPS (lookup.DoHResolver, default
//     https://cloudflare-dns.com/dns-query, or the DOH_URL variable) and the
//     MTA-STS fetches go through the Workers fetch() API: Go's default
//     http.Client does not work inside a Worker.
//   - Each request runs in a fresh Go instance, so the api's in-memory rate
//     limits do not carry across requests: use Cloudflare rate limiting rules.
//
// Build and run (see wrangler.toml at the repository root):
//
//	make worker                      # build/worker/app.wasm
//	npx wrangler dev                 # http://127.0.0.1:8787
package main
