package main

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/whichport/whichport/check"
	"github.com/whichport/whichport/internal/hostenv"
	"github.com/whichport/whichport/lookup"
	"github.com/whichport/whichport/probe"
)

// deps are what the live commands connect and resolve with. There is no
// SSRF guard here: it is the person's own machine and network.
type deps struct {
	lookup    *lookup.Client // nil when no DNS server is known (lookupErr says why)
	lookupErr error
	resolver  probe.HostResolver
	roots     *x509.CertPool
	where     hostenv.Where
	from      string
}

// systemResolver resolves host names as every other program here does
// (/etc/hosts, the system's DNS), for the probes' A/AAAA look-ups.
type systemResolver struct{ r *net.Resolver }

var _ probe.HostResolver = systemResolver{}

func (s systemResolver) LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	return s.r.LookupNetIP(ctx, "ip", host)
}

func newDeps(s sys, o options) (*deps, error) {
	d := &deps{resolver: systemResolver{net.DefaultResolver}}
	var servers []string
	if o.resolver != "" {
		if _, _, err := net.SplitHostPort(o.resolver); err != nil {
			return nil, usagef("--resolver %q: give HOST:PORT, such as 1.1.1.1:53", o.resolver)
		}
		servers = []string{o.resolver}
	} else if sv, err := lookup.SystemServers(); err == nil && len(sv) > 0 {
		servers = sv
	} else {
		d.lookupErr = errors.New("no DNS server found in /etc/resolv.conf: give one with --resolver, such as --resolver 1.1.1.1:53")
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if o.caFile != "" {
		pem, err := os.ReadFile(o.caFile)
		if err != nil {
			return nil, usagef("--ca-file: cannot read %s: %v", o.caFile, errors.Unwrap(err))
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usagef("--ca-file %s holds no PEM certificate", o.caFile)
		}
	}
	d.roots = pool
	if servers != nil {
		d.lookup = &lookup.Client{
			Resolver: lookup.NewDNSResolver(servers, lookup.DefaultTimeout),
			HTTP: lookup.HTTPClient{Client: &http.Client{
				Timeout: lookup.DefaultHTTPTimeout,
				Transport: &http.Transport{
					Proxy:                  http.ProxyFromEnvironment,
					DialContext:            (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
					TLSHandshakeTimeout:    10 * time.Second,
					ResponseHeaderTimeout:  10 * time.Second,
					MaxResponseHeaderBytes: 16 << 10,
				},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}},
		}
		if o.resolver != "" {
			d.resolver = d.lookup // the person asked for that server
		}
	}
	d.where = hostenv.Detect(hostenv.Config{Root: o.root, Getenv: s.getenv})
	d.from = "this machine"
	if h, err := os.Hostname(); err == nil && h != "" {
		d.from += " (" + h + ")"
	}
	return d, nil
}

// ownWords are the report's warning and summary for a run on this
// machine: the check's own say the probes ran elsewhere ("your own network
// may differ"), which is not so here.
func (d *deps) ownWords(summary string) (warning, sum string) {
	warning = "These probes ran from " + d.from + ": they show what its network lets through, which is what your mail meets when it is sent from here."
	sum = strings.TrimSuffix(summary, "Probed from "+d.from+"; your own network may differ.") + "Probed from " + d.from + "."
	return warning, sum
}

// checkConfig is the check's configuration for this run: the server's
// bounds scaled to --timeout (8s connect, 20s greeting, 45s in all at the
// default), no address policy. The greeting wait stays longer than the
// probe's slow-greeting mark (5s), after which a silent port is also tried
// with TLS: that is how a port of unknown mode is found to be implicit TLS.
func (d *deps) checkConfig(s sys, o options) check.Config {
	cfg := check.Config{
		Resolver:        d.resolver,
		Dialer:          &net.Dialer{},
		From:            d.from,
		EHLOName:        o.ehloName,
		Roots:           d.roots,
		ConnectTimeout:  o.timeout,
		GreetingTimeout: max(o.timeout*5/2, probe.DefaultSlowGreeting+o.timeout),
		Budget:          o.timeout * 45 / 8,
		Now:             s.now,
	}
	if d.lookup != nil {
		cfg.Lookup = d.lookup
	}
	return cfg
}
