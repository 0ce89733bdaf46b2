package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/whichport/whichport/api"
	"github.com/whichport/whichport/lookup"
)

// buildDNS makes the lookup client of live checks: DNS over UDP/TCP to
// --resolver (or /etc/resolv.conf), or DNS over HTTPS to --doh; HTTPS
// fetches (MTA-STS policies, autoconfig) go through the guard, so a policy
// host that resolves to a private address is refused at dial time.
func buildDNS(o options, roots *x509.CertPool, log *slog.Logger) (*lookup.Client, error) {
	c := &lookup.Client{}
	switch {
	case o.doh != "":
		c.Resolver = lookup.NewDoHResolver(o.doh, lookup.HTTPClient{Client: &http.Client{
			Timeout:       lookup.DefaultTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}})
		log.Info("dns", "doh", o.doh)
	case o.resolver != "":
		c.Resolver = lookup.NewDNSResolver([]string{o.resolver}, lookup.DefaultTimeout)
		log.Info("dns", "resolver", o.resolver)
	default:
		servers, err := lookup.SystemServers()
		if err != nil || len(servers) == 0 {
			return nil, fmt.Errorf("no --resolver given and /etc/resolv.conf has no name server: %v", err)
		}
		c.Resolver = lookup.NewDNSResolver(servers, lookup.DefaultTimeout)
		log.Info("dns", "resolvers", servers)
	}
	guard := api.NewGuard(o.allowPrivate, nil)
	c.HTTP = lookup.HTTPClient{Client: &http.Client{
		Timeout: lookup.DefaultHTTPTimeout,
		Transport: &http.Transport{
			Proxy:                  nil, // never through an environment proxy
			DialContext:            guard.HTTPDialContext(c, &net.Dialer{Timeout: 10 * time.Second}),
			TLSClientConfig:        &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:    10 * time.Second,
			ResponseHeaderTimeout:  10 * time.Second,
			MaxResponseHeaderBytes: 16 << 10,
			DisableCompression:     true,
			MaxIdleConns:           16,
			IdleConnTimeout:        30 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	return c, nil
}
