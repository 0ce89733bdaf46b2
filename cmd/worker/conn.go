package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ErrPort25Blocked is what the Worker's dialer answers for port 25.
var ErrPort25Blocked = errors.New("Cloudflare Workers block outbound connections to port 25 (every Worker, always), " +
	"so this probe cannot run from here; it says nothing about the server. Probe 587 or 465, or run the self-hosted whichport to test port 25")

// remoteAddr is what a socket reports as its peer: the dialed address
// (sockets do not say which address they reached).
func remoteAddr(address string) net.Addr {
	if ap, err := netip.ParseAddrPort(address); err == nil {
		return net.TCPAddrFromAddrPort(ap)
	}
	return dialedAddr(address)
}

type dialedAddr string

func (a dialedAddr) Network() string { return "tcp" }
func (a dialedAddr) String() string  { return string(a) }

// checkWorkerDial refuses what a Worker cannot dial, before trying.
func checkWorkerDial(network, address string) error {
	if network != "tcp" && network != "tcp4" && network != "tcp6" {
		return fmt.Errorf("worker: network %q not supported (tcp only)", network)
	}
	_, port, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if port == "25" {
		return ErrPort25Blocked
	}
	return nil
}

// workerPorts are the ports probes may reach from a Worker: DefaultPorts
// without 25, which Cloudflare blocks (api checks then skip the MX probes
// and say so; the dialer refuses 25 too, in case).
var workerPorts = []int{465, 587, 2525, 2465, 2587}

// fromText says where probes run from, with the Cloudflare data center
// when known and the port 25 limit always.
func fromText(colo string) string {
	where := "Cloudflare Workers"
	if colo != "" {
		where += " (" + colo + ")"
	}
	return where + ", where outbound port 25 is blocked"
}

// coloFromRay takes the data center code from a CF-Ray header
// ("8c1d2e3f4a5b6c7d-SJC" gives "SJC").
func coloFromRay(ray string) string {
	i := strings.LastIndexByte(ray, '-')
	if i < 0 {
		return ""
	}
	c := ray[i+1:]
	if len(c) < 3 || len(c) > 4 {
		return ""
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return ""
		}
	}
	return c
}

// prepareRequest adapts a request as the Workers runtime hands it over:
//   - the client address comes from CF-Connecting-IP (for the api's
//     per-client limits and logs);
//   - Accept-Encoding is dropped, so the api answers uncompressed. The
//     runtime sets Accept-Encoding itself and, for a response that carries
//     Content-Encoding, compresses the body again (syumai/workers cannot ask
//     for encodeBody "manual"): a precompressed .br asset would reach the
//     browser brotli inside gzip. Cloudflare compresses on the way out.
func prepareRequest(r *http.Request) {
	if ip := r.Header.Get("Cf-Connecting-Ip"); ip != "" {
		if a, err := netip.ParseAddr(ip); err == nil {
			r.RemoteAddr = netip.AddrPortFrom(a, 0).String()
		}
	}
	r.Header.Del("Accept-Encoding")
}
