package main

import (
	"fmt"
	"net/http"
	"net/netip"

	"github.com/whichport/whichport/api"
)

// checkFetchURL allows only what the checks fetch: https on port 443, to a
// name or a public address. fetch() from a Worker cannot reach private
// networks in production, but wrangler dev runs it on the developer's
// machine, so IP literals are checked here too. A guard that allows private
// addresses (local testing) also allows plain http and any port on a
// loopback or private address literal: a DNS-over-HTTP test server.
func checkFetchURL(req *http.Request, g *api.Guard) error {
	u := req.URL
	if u == nil || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%w: only https fetches", api.ErrTargetNotAllowed)
	}
	host, _, err := api.NormalizeHost(u.Hostname())
	if err != nil {
		return err
	}
	a, err := netip.ParseAddr(host)
	if err == nil && g.AllowPrivate() && (a.IsLoopback() || a.IsPrivate()) {
		return g.CheckIP(a)
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%w: only https fetches", api.ErrTargetNotAllowed)
	}
	if p := u.Port(); p != "" && p != "443" {
		return fmt.Errorf("%w: port %s for HTTPS fetches (only 443)", api.ErrPortNotAllowed, p)
	}
	if err == nil {
		return g.CheckIP(a)
	}
	return nil
}
